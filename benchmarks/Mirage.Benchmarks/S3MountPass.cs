using System.Diagnostics;
using Mirage.Resources.S3.Tests;
using Mirage.Vfs;
using Mirage.Vfs.Caching;
using Mirage.Vfs.Disk;
using Mirage.Vfs.Ram;

namespace Mirage.Benchmarks;

/// <summary>One run on the cached S3 mount: its time and the requests it sent.</summary>
internal sealed record S3Run(double Milliseconds, RequestCount Requests);

/// <summary>What one workload measured on the cached S3 mount, beside the disk mount and GNU in the same rounds.</summary>
internal sealed record S3Result(
    Workload Workload,
    IReadOnlyList<S3Run> Cold,
    IReadOnlyList<S3Run> Warm,
    IReadOnlyList<double> Disk,
    IReadOnlyList<double> Gnu,
    long CachedBytes,
    bool SameOutput,
    string? Problem);

/// <summary>
/// The workloads on the corpus uploaded to S3 and mounted at /data behind the two-tier cache with RAM stores,
/// as a workspace configured with <c>cache: {type: ram}</c> mounts it. A cold run starts a new workspace with
/// empty stores; the last cold run's workspace then runs warm, its cache filled. Each cold run is followed by
/// the GNU run on the local corpus, each warm run by the same line on a disk mount and the GNU run. Requests are
/// counted at the S3 client's HTTP handler.
/// </summary>
internal sealed class S3MountPass(RunnerOptions options)
{
    /// <summary>Cold runs stop once a workload's cold runs took this long (one at least): W1's 10,000 GETs are slow.</summary>
    private static readonly TimeSpan ColdBudget = TimeSpan.FromSeconds(20);

    public S3Corpus.Upload? Upload { get; private set; }

    public async Task<List<S3Result>> RunAsync(IReadOnlyList<Workload> selected)
    {
        Upload = await S3Corpus.EnsureAsync(options.Corpus).ConfigureAwait(false);
        if (Upload is { } upload) Console.Error.WriteLine($"uploaded {upload.Objects:N0} objects ({upload.Bytes / 1e6:F0} MB) in {upload.Seconds:F0} s");
        var results = new List<S3Result>();
        await using var disk = new Workspace([new Mount(VPath.Parse("/data"), new DiskResource(options.Corpus)), new Mount(VPath.Parse("/tmp"), new RamResource())]);
        foreach (var workload in selected.Where(static w => w.NotOnS3 is null))
            results.Add(await MeasureAsync(workload, disk).ConfigureAwait(false));
        return results;
    }

    private async Task<S3Result> MeasureAsync(Workload workload, Workspace disk)
    {
        Console.Error.Write($"{workload.Id} s3:");
        var bashScript = workload.ForBash(options.Corpus);
        // Untimed, so that the first cold run does not pay for compiling the commands (when the disk pass did not run).
        await disk.ExecuteAsync(workload.Script).ConfigureAwait(false);
        var cold = new List<S3Run>();
        var warm = new List<S3Run>();
        var diskTimes = new List<double>();
        var gnuTimes = new List<double>();
        string? gnuOutput = null;
        string? problem = null;
        string? lastOutput = null;
        var sameOutput = true;
        Mounted? mounted = null;
        try
        {
            var coldClock = Stopwatch.StartNew();
            for (var run = 0; run < options.S3ColdRuns && (run == 0 || coldClock.Elapsed < ColdBudget); run++)
            {
                if (mounted is not null) await mounted.Workspace.DisposeAsync().ConfigureAwait(false);
                mounted = Mount();
                cold.Add(await TimeAsync(mounted).ConfigureAwait(false));
                Console.Error.Write($" {cold[^1].Milliseconds:F0}");
                await GnuAsync().ConfigureAwait(false);
            }
            Console.Error.Write(" | warm:");
            for (var run = 0; run < options.S3WarmRuns; run++)
            {
                warm.Add(await TimeAsync(mounted!).ConfigureAwait(false));
                var clock = Stopwatch.StartNew();
                await disk.ExecuteAsync(workload.Script).ConfigureAwait(false);
                diskTimes.Add(clock.Elapsed.TotalMilliseconds);
                Console.Error.Write($" {warm[^1].Milliseconds:F1}/{diskTimes[^1]:F1}");
                await GnuAsync().ConfigureAwait(false);
            }
            Console.Error.WriteLine(sameOutput ? "" : " [output differs from GNU]");
            return new S3Result(workload, cold, warm, diskTimes, gnuTimes, mounted!.Files.Bytes, sameOutput, problem);
        }
        finally
        {
            if (mounted is not null) await mounted.Workspace.DisposeAsync().ConfigureAwait(false);
        }

        async Task<S3Run> TimeAsync(Mounted target)
        {
            target.Counter.Reset();
            var clock = Stopwatch.StartNew();
            var result = await target.Workspace.ExecuteAsync(workload.Script).ConfigureAwait(false);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            if (result.ExitCode != 0 || result.Stderr.Length > 0) problem ??= $"exit {result.ExitCode}: {result.StderrText.Split('\n')[0]}";
            lastOutput = result.StdoutText;
            return new S3Run(elapsed, RequestCount.From(target.Counter));
        }

        async Task GnuAsync()
        {
            var reference = await HostProcess.BashAsync(bashScript, options.Corpus).ConfigureAwait(false);
            gnuTimes.Add(reference.Milliseconds);
            gnuOutput ??= reference.Stdout.Replace(options.Corpus, "/data", StringComparison.Ordinal);
            if (lastOutput != gnuOutput) sameOutput = false;
        }
    }

    /// <summary>The corpus bucket at /data behind a new cache with empty RAM stores, and a RAM /tmp.</summary>
    private static Mounted Mount()
    {
        var counter = new WireCounter();
        var files = new RamFileCacheStore();
        var workspace = new Workspace([new Mount(VPath.Parse("/tmp"), new RamResource())]);
        workspace.Mount("/data", BenchS3.Counted(BenchS3.Options(S3Corpus.DataPrefix), counter), new CacheOptions(new RamIndexCacheStore(), files));
        return new Mounted(workspace, counter, files);
    }

    private sealed record Mounted(Workspace Workspace, WireCounter Counter, RamFileCacheStore Files);
}
