using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Mirage.Benchmarks;

/// <summary>
/// The measured part of docs/performance.md: Markdown tables between two markers, so the written
/// notes around them survive a re-run.
/// </summary>
internal static class Report
{
    public const string Begin = "<!-- measured:begin (written by scripts/bench.sh; edits inside are overwritten) -->";
    public const string End = "<!-- measured:end -->";
    public const string S3Begin = "<!-- measured-s3:begin (written by scripts/bench.sh; edits inside are overwritten) -->";
    public const string S3End = "<!-- measured-s3:end -->";
    private const double MemoryLimit = 150 * 1024 * 1024;
    private const long ReadLimit = 64 * 1024;
    private const double PerCallLimitMs = 0.2;
    private const double ColdStartLimitMs = 250;

    public static string Render(IReadOnlyList<WorkloadResult> results, ColdStartResult? cold, RunnerOptions options)
    {
        var text = new StringBuilder();
        var corpusBytes = Corpus.RelativeFiles(options.Corpus).Sum(f => new FileInfo(Path.Combine(options.Corpus, f)).Length);
        text.AppendLine(Invariant($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; corpus {corpusBytes / 1e6:F0} MB; {options.Runs} runs per workload on the disk mount and {options.RamRuns} on the RAM mount; each disk run is followed by the GNU run, and the RAM mount is compared with those GNU runs; medians leave out the first run (JIT warm-up). GNU: /bin/bash with LC_ALL=C."));
        text.AppendLine();

        var disk = results.Where(r => r.MountKind == "disk").ToList();
        var ram = results.Where(r => r.MountKind == "ram").ToDictionary(r => r.Workload.Id);
        text.AppendLine("### Time (median; target: ratio to GNU on the disk mount)");
        text.AppendLine();
        text.AppendLine("| | command | Mirage, disk | GNU | ratio | target | met | Mirage, RAM | ratio, RAM |");
        text.AppendLine("|---|---|---:|---:|---:|---|---|---:|---:|");
        foreach (var r in disk)
        {
            var ours = Median(r.Ours);
            var gnu = Median(r.Gnu);
            var (target, met) = TimeTarget(r, ours, gnu);
            var ramCells = ram.TryGetValue(r.Workload.Id, out var m) ? $"{Time(Median(m.Ours))} | {Median(m.Ours) / Median(m.Gnu):F2}" : "- | -";
            text.AppendLine(Invariant($"| {r.Workload.Id} | `{r.Workload.Script.Replace("|", "\\|", StringComparison.Ordinal)}` | {Time(ours)} | {Time(gnu)} | {ours / gnu:F2} | {target} | {(met ? "yes" : "**no**")} | {ramCells} |"));
        }
        if (cold is not null)
        {
            var ours = Median(cold.Ours);
            text.AppendLine(Invariant($"| W9 cold | `mirage run -c 'echo hi'` (a new process) | {Time(ours)} | {Time(Median(cold.Bash))} | {ours / Median(cold.Bash):F2} | under {ColdStartLimitMs:F0} ms | {(ours < ColdStartLimitMs ? "yes" : "**no**")} | | |"));
        }
        text.AppendLine();
        text.AppendLine("W9 is per call (batches of 200 calls); its GNU column is a whole `bash -c 'echo hi'` process. W7's target is bash's own loop.");
        text.AppendLine();

        text.AppendLine("### Memory, repeats and output (disk mount)");
        text.AppendLine();
        text.AppendLine("| | peak RSS, Mirage | growth over idle | peak RSS, GNU | allocated per run | memory met | runs 2-4 | runs 8-10 | repeat met | output as GNU | problems |");
        text.AppendLine("|---|---:|---:|---:|---:|---|---:|---:|---|---|---|");
        foreach (var r in disk)
        {
            var growth = r.OursPeak - r.OursBaseline;
            var (memoryTarget, memoryMet) = MemoryTarget(r, growth, options);
            var second = Window(r.Ours, early: true);
            var tenth = Window(r.Ours, early: false);
            // A busy machine slows both sides alike, so a repeat is judged by its ratio to the GNU runs beside it.
            var drift = Window(r.Gnu, early: false) / Window(r.Gnu, early: true);
            var repeatMet = tenth <= Math.Max(second * 1.3 * Math.Max(1, drift), second + 2);
            text.AppendLine(Invariant($"| {r.Workload.Id} | {Megabytes(r.OursPeak)} | {Megabytes(growth)} | {(r.GnuPeak is { } g ? Megabytes(g) : "-")} | {Megabytes((long)r.AllocatedPerRun)} | {(memoryMet ? "yes" : "**no**")} ({memoryTarget}) | {Time(second)} | {Time(tenth)} | {(repeatMet ? "yes" : "**no**")} | {(r.SameOutput ? "yes" : "**no**")} | {r.Problem ?? ""} |"));
        }
        if (cold is not null)
            text.AppendLine(Invariant($"| W9 cold | {(cold.OursPeak is { } p ? Megabytes(p) : "-")} | | {(cold.BashPeak is { } b ? Megabytes(b) : "-")} | | | | | | | |"));
        text.AppendLine();
        text.AppendLine("Peak RSS is the whole process (runtime included) while that workload ran, reset between workloads; " +
            "growth is the peak over the resident set just before. GNU's is the largest process of the pipeline (GNU time's %M). " +
            "Memory target: peak under 150 MB; for W10 growth under 3 times the input. Repeat: the median of runs 8-10 within 30% (or 2 ms) of the median of runs 2-4, allowing for the GNU runs beside them slowing down by the same factor (with fewer runs: the last run against the second).");

        if (options.HotPaths is not null && Directory.Exists(options.HotPaths))
        {
            text.AppendLine();
            text.AppendLine("### Hot paths (BenchmarkDotNet, in-process short runs)");
            foreach (var file in Directory.EnumerateFiles(options.HotPaths, "*-report-github.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                // BenchmarkDotNet's GitHub report is Markdown already: an environment block, then a table.
                text.AppendLine();
                text.AppendLine(File.ReadAllText(file).Trim());
            }
        }
        return text.ToString();
    }

    /// <summary>Replaces what stands between the markers <paramref name="beginMarker"/> and <paramref name="endMarker"/> (added at the end when missing).</summary>
    public static void WriteInto(string path, string measured, string beginMarker, string endMarker)
    {
        var existing = File.Exists(path) ? File.ReadAllText(path) : "# Performance\n";
        var begin = existing.IndexOf(beginMarker, StringComparison.Ordinal);
        var end = existing.IndexOf(endMarker, StringComparison.Ordinal);
        if (begin < 0 || end < begin) existing = existing.TrimEnd() + $"\n\n{beginMarker}\n{endMarker}\n";
        begin = existing.IndexOf(beginMarker, StringComparison.Ordinal);
        end = existing.IndexOf(endMarker, StringComparison.Ordinal);
        File.WriteAllText(path, existing[..(begin + beginMarker.Length)] + "\n" + measured + existing[end..]);
    }

    /// <summary>The cached S3 mount's table: cold and warm beside the disk mount and GNU, with the requests each run sent.</summary>
    public static string RenderS3(IReadOnlyList<S3Result> results, IReadOnlyList<Workload> selected, S3Corpus.Upload? upload, RunnerOptions options)
    {
        var text = new StringBuilder();
        var uploaded = upload is null
            ? "reused from an earlier run, whose manifest matched"
            : Invariant($"uploaded in this run: {upload.Objects:N0} objects, {upload.Bytes / 1e6:F0} MB in {upload.Seconds:F0} s");
        text.AppendLine(Invariant($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, .NET {Environment.Version}; the corpus in s3rver on this machine ({uploaded}), mounted at `/data` behind the cache with RAM stores (`cache: {{type: ram}}`: index and file tiers with their defaults). Up to {options.S3ColdRuns} cold runs per workload (fewer once they pass 20 s), each in a new workspace with empty stores, then {options.S3WarmRuns} warm runs in the last cold run's workspace; medians of all runs. Each S3 run is followed by GNU on the local corpus, each warm run also by the same line on a disk mount. Requests and body bytes are counted at the S3 client's HTTP handler, per run."));
        text.AppendLine();
        text.AppendLine("| | command | cold | warm | Mirage, disk | GNU | cold / GNU | warm / GNU | requests per cold run | requests per warm run | file tier after | output as GNU | problems |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---|---|---:|---|---|");
        foreach (var r in results)
        {
            var cold = Median(r.Cold.Select(static c => c.Milliseconds).ToList(), skipFirst: false);
            var warm = Median(r.Warm.Select(static c => c.Milliseconds).ToList(), skipFirst: false);
            var disk = Median(r.Disk, skipFirst: false);
            var gnu = Median(r.Gnu, skipFirst: false);
            text.AppendLine(Invariant($"| {r.Workload.Id} | `{r.Workload.Script.Replace("|", "\\|", StringComparison.Ordinal)}` | {Time(cold)} ({r.Cold.Count}) | {Time(warm)} | {Time(disk)} | {Time(gnu)} | {cold / gnu:F2} | {warm / gnu:F2} | {Requests(r.Cold)} | {Requests(r.Warm)} | {r.CachedBytes / 1e6:F1} MB | {(r.SameOutput ? "yes" : "**no**")} | {r.Problem ?? ""} |"));
        }
        text.AppendLine();
        text.AppendLine("The count beside a cold time is the number of cold runs. Requests: GET of an object, LIST (ListObjectsV2 page), HEAD; then the response body bytes read. \"File tier after\" is what the RAM file tier held after the warm runs.");
        var left = selected.Where(static w => w.NotOnS3 is not null).ToList();
        if (left.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Left out: " + string.Join("; ", left.Select(static w => $"{w.Id}, because {w.NotOnS3}")) + ".");
        }
        return text.ToString();
    }

    /// <summary>"10,000 GET, 10 LIST; 20.5 MB" for runs that agree; a range where they do not.</summary>
    private static string Requests(IReadOnlyList<S3Run> runs)
    {
        var counts = runs.Select(static r => r.Requests).ToList();
        var parts = new List<string>();
        Add(static c => c.Gets, "GET");
        Add(static c => c.Lists, "LIST");
        Add(static c => c.Heads, "HEAD");
        Add(static c => c.Others, "other");
        var bytes = counts.Max(static c => c.Bytes);
        return parts.Count == 0 ? "none" : string.Join(", ", parts) + "; " + Bytes(bytes);

        void Add(Func<RequestCount, int> kind, string name)
        {
            var low = counts.Min(kind);
            var high = counts.Max(kind);
            if (high == 0) return;
            parts.Add(low == high ? Invariant($"{low:N0} {name}") : Invariant($"{low:N0}-{high:N0} {name}"));
        }
    }

    private static string Bytes(long bytes) => bytes switch
    {
        < 1024 => Invariant($"{bytes} B"),
        < 1024 * 1024 => Invariant($"{bytes / 1024.0:F0} KiB"),
        _ => Invariant($"{bytes / 1e6:F1} MB"),
    };

    private static (string Target, bool Met) TimeTarget(WorkloadResult r, double ours, double gnu) => r.Workload.Target switch
    {
        TargetKind.BytesRead => (Invariant($"reads at most 64 KiB (read {r.BytesRead / 1024.0:F0} KiB)"), r.BytesRead <= ReadLimit),
        TargetKind.PerCall => (Invariant($"under {PerCallLimitMs} ms per call"), ours < PerCallLimitMs),
        _ => (Invariant($"at most {r.Workload.MaxRatio:F0}x"), ours <= gnu * r.Workload.MaxRatio),
    };

    private static (string Target, bool Met) MemoryTarget(WorkloadResult r, long growth, RunnerOptions options)
    {
        if (r.Workload.Id != "W10") return ("< 150 MB", r.OursPeak < MemoryLimit);
        var input = new FileInfo(Path.Combine(options.Corpus, "lines.txt")).Length;
        return (Invariant($"growth < 3 x {Megabytes(input)}"), growth < 3 * input);
    }

    /// <summary>Runs 2-4 (early) or 8-10 (late), as a median of three; with fewer runs, the second or the last.</summary>
    private static double Window(IReadOnlyList<double> runs, bool early)
    {
        if (runs.Count >= 10) return Median(runs.Skip(early ? 1 : 7).Take(3).ToList(), skipFirst: false);
        return early ? runs[Math.Min(1, runs.Count - 1)] : runs[^1];
    }

    /// <summary>The median of all runs but the first.</summary>
    public static double Median(IReadOnlyList<double> runs, bool skipFirst = true)
    {
        var values = runs.Skip(skipFirst && runs.Count > 1 ? 1 : 0).Order().ToList();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }

    private static string Time(double milliseconds) => milliseconds switch
    {
        < 1 => Invariant($"{milliseconds * 1000:F0} µs"),
        < 1000 => Invariant($"{milliseconds:F1} ms"),
        _ => Invariant($"{milliseconds / 1000:F2} s"),
    };

    private static string Megabytes(long bytes) => Invariant($"{bytes / 1048576.0:F0} MB");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
