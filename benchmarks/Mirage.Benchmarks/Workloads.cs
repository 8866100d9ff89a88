namespace Mirage.Benchmarks;

/// <summary>How a workload's result is judged.</summary>
internal enum TargetKind
{
    /// <summary>Median time at most <see cref="Workload.MaxRatio"/> times the GNU median.</summary>
    Ratio,

    /// <summary>At most 64 KiB of the file read (operation log), besides the ratio shown for information.</summary>
    BytesRead,

    /// <summary>Per-call time of a warm workspace under 0.2 ms.</summary>
    PerCall,
}

/// <summary>
/// One command line, run as written in the workspace (corpus at /data) and, with /data replaced by the
/// corpus folder, through /bin/bash and GNU tools. <see cref="Cleanup"/> runs untimed after each run;
/// <see cref="Runs"/> caps the runs of a workload too slow for the usual count (W5 writes 10,000 files);
/// <see cref="Generated"/> is a file written into the corpus folder for this workload alone and deleted after it
/// (it runs on the disk mount only: seeding it into RAM would measure the seeding). <see cref="NotOnS3"/> says why a
/// workload is left out of the cached S3 mount's pass.
/// </summary>
internal sealed record Workload(string Id, string Script, double MaxRatio, TargetKind Target = TargetKind.Ratio, string? Cleanup = null, int? Runs = null, GeneratedFile? Generated = null)
{
    public string? NotOnS3 { get; init; }

    public static readonly IReadOnlyList<Workload> All =
    [
        new("W1", "grep -r alert /data/small | wc -l", 3),
        new("W2", "find /data/small -name '*.jsonl' | wc -l", 3),
        new("W3", "cat /data/big.log | wc -l", 2),
        new("W4", "grep -c alert /data/big.log", 3),
        new("W5", "cp -r /data/small /data/copy; ls /data/copy | wc -l; find /data/copy -type f | wc -l; du -s /data/copy", 2, Cleanup: "/data/copy", Runs: 3)
        {
            NotOnS3 = "it writes 10,000 objects into the bucket on every run: writes go through to S3 uncached, so cold and warm are the same run, and three runs with their clean-up would cost minutes of PUTs and DELETEs",
        },
        new("W6", "ls -R /data/small | wc -l", 3),
        new("W7", "for i in $(seq 1 1000); do echo $i; done | tail -1", 3) { NotOnS3 = "it reads no file" },
        new("W8", "head -n 5 /data/big.log", 0, TargetKind.BytesRead),
        new("W9", "echo hi", 0, TargetKind.PerCall) { NotOnS3 = "it reads no file" },
        new("W10", "sort /data/lines.txt | tail -1", 3),
        new("W11", "cat /data/json/*.json | wc -l", 3),
        new("W12", "jq -c 'select(.level==\"error\")' /data/small/d000/*.jsonl | wc -l", 3),
        new("W13", "awk '{s+=length($0)} END {print s}' /data/big.log", 3),
        new("W14", "cat /data/huge.log | wc -c", 2, Runs: 5, Generated: new GeneratedFile("huge.log", 1L << 30))
        {
            NotOnS3 = "uploading 1 GB to the test server would take longer than the whole pass, and an object larger than the RAM file tier's 512 MB is never cached, so warm would be cold again (W3 streams the 100 MB log the same way)",
        },
        new("W15", "jq -c '.id' /data/json/*.json | wc -l", 3),
    ];

    /// <summary>The same line for real bash: the corpus lives in a host folder instead of /data.</summary>
    public string ForBash(string corpus) => Script.Replace("/data", corpus, StringComparison.Ordinal);
}

/// <summary>A file of <paramref name="Bytes"/> bytes named <paramref name="Name"/> in the corpus folder, made for one workload.</summary>
internal sealed record GeneratedFile(string Name, long Bytes);
