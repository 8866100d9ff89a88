using System.Diagnostics;
using Mirage.Vfs;
using Mirage.Vfs.Disk;
using Mirage.Vfs.Ram;

namespace Mirage.Benchmarks;

/// <summary>What one workload measured on one mount, beside GNU in the same rounds.</summary>
internal sealed record WorkloadResult(
    Workload Workload,
    string MountKind,
    IReadOnlyList<double> Ours,
    IReadOnlyList<double> Gnu,
    long OursPeak,
    long OursBaseline,
    long? GnuPeak,
    double AllocatedPerRun,
    bool SameOutput,
    string GnuOutput,
    string? Problem,
    long? BytesRead);

/// <summary>The cold start of the `mirage` command beside bash's own.</summary>
internal sealed record ColdStartResult(IReadOnlyList<double> Ours, IReadOnlyList<double> Bash, long? OursPeak, long? BashPeak);

/// <summary>
/// Runs W1-W15 in a warm in-process workspace (the corpus on a disk mount at /data, then seeded into a
/// RAM mount at /data) and the same lines through /bin/bash with GNU tools on the corpus folder,
/// alternating run by run, so both see the same machine state.
/// </summary>
internal sealed class WorkloadRunner(RunnerOptions options)
{
    /// <summary>echo hi is timed in batches: one call is too short for the clock.</summary>
    private const int CallsPerEchoRun = 200;

    public async Task<int> RunAsync()
    {
        Console.Error.WriteLine($"corpus: {options.Corpus}");
        Corpus.Generate(options.Corpus);
        var selected = Workload.All.Where(w => options.Workloads.Count == 0 || options.Workloads.Contains(w.Id)).ToList();
        if (!options.S3Only) await RunLocalAsync(selected).ConfigureAwait(false);
        if (!BenchS3.Configured)
        {
            await Console.Error.WriteLineAsync("no S3 endpoint (MIRAGE_TEST_S3_* unset): the cached S3 mount is not measured").ConfigureAwait(false);
            return options.S3Only ? 2 : 0;
        }
        if (options.S3WarmRuns > 0)
        {
            var pass = new S3MountPass(options);
            var s3 = await pass.RunAsync(selected).ConfigureAwait(false);
            var report = Report.RenderS3(s3, selected, pass.Upload, options);
            Console.WriteLine(report);
            if (options.Output is not null) Report.WriteInto(options.Output, report, Report.S3Begin, Report.S3End);
        }
        return 0;
    }

    /// <summary>The disk and RAM mounts and the cold start, into the main measured block.</summary>
    private async Task RunLocalAsync(List<Workload> selected)
    {
        var results = new List<WorkloadResult>();

        await using (var disk = new Workspace([new Mount(VPath.Parse("/data"), new DiskResource(options.Corpus)), new Mount(VPath.Parse("/tmp"), new RamResource())]))
        {
            foreach (var workload in selected)
            {
                var generated = workload.Generated is { } file ? Corpus.WriteFiller(Path.Combine(options.Corpus, file.Name), file.Bytes) : null;
                try
                {
                    results.Add(await MeasureAsync(disk, workload, "disk", options.Runs).ConfigureAwait(false));
                }
                finally
                {
                    if (generated is not null) File.Delete(generated);
                }
            }
        }

        if (options.RamRuns > 0)
        {
            PeakMemory.Reset();
            await using var ram = new Workspace([new Mount(VPath.Parse("/data"), new RamResource()), new Mount(VPath.Parse("/tmp"), new RamResource())]);
            await SeedAsync(ram).ConfigureAwait(false);
            foreach (var onDisk in results.Where(r => r.Workload.Generated is null).ToList())
                results.Add(await MeasureAsync(ram, onDisk.Workload, "ram", options.RamRuns, onDisk).ConfigureAwait(false));
        }

        var cold = options.Mirage is not null && File.Exists(options.Mirage) ? await MeasureColdStartAsync(options.Mirage).ConfigureAwait(false) : null;
        var report = Report.Render(results, cold, options);
        Console.WriteLine(report);
        if (options.Output is not null) Report.WriteInto(options.Output, report, Report.Begin, Report.End);
    }

    /// <summary>
    /// Runs a workload <paramref name="runs"/> times (fewer where it caps its runs). With no
    /// <paramref name="gnu"/> result yet, each run is followed by the GNU run; otherwise (the RAM pass)
    /// the GNU figures of that earlier result are the reference.
    /// </summary>
    private async Task<WorkloadResult> MeasureAsync(Workspace workspace, Workload workload, string mountKind, int runs, WorkloadResult? gnu = null)
    {
        Console.Error.Write($"{workload.Id} {mountKind}:");
        runs = Math.Min(runs, workload.Runs ?? runs);
        var bashScript = workload.ForBash(options.Corpus);
        var ours = new List<double>();
        var gnuTimes = new List<double>();
        string? gnuOutput = gnu?.GnuOutput;
        PeakMemory.Reset();
        var baseline = PeakMemory.Resident();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        string? ourOutput = null;
        string? problem = null;
        long? bytesRead = null;
        for (var run = 0; run < runs; run++)
        {
            var since = workspace.Operations.Position;
            var clock = Stopwatch.StartNew();
            var result = await RunOursAsync(workspace, workload).ConfigureAwait(false);
            ours.Add(clock.Elapsed.TotalMilliseconds / (workload.Target == TargetKind.PerCall ? CallsPerEchoRun : 1));
            if (workload.Target == TargetKind.BytesRead) bytesRead = BytesReadFrom(workspace, since, "big.log");
            ourOutput ??= result.StdoutText;
            if (result.ExitCode != 0 || result.Stderr.Length > 0)
                problem ??= $"exit {result.ExitCode}: {FirstLine(result.StderrText)}";
            await CleanUpAsync(workspace, workload).ConfigureAwait(false);
            Console.Error.Write($" {ours[^1]:F1}");
            if (gnu is not null) continue;

            var reference = await HostProcess.BashAsync(bashScript, options.Corpus).ConfigureAwait(false);
            gnuTimes.Add(reference.Milliseconds);
            gnuOutput ??= Normalize(reference.Stdout);
            await CleanUpAsync(null, workload).ConfigureAwait(false);
            Console.Error.Write($"/{gnuTimes[^1]:F1}");
        }
        var allocatedPerRun = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)runs;
        var peak = PeakMemory.Peak();
        var gnuPeak = gnu is not null ? gnu.GnuPeak : await HostProcess.PeakResidentAsync("/bin/bash", ["-c", bashScript], options.Corpus).ConfigureAwait(false);
        await CleanUpAsync(null, workload).ConfigureAwait(false);
        if (ourOutput != gnuOutput)
            Console.Error.Write($" [output differs: ours {Abbreviate(ourOutput ?? "")} GNU {Abbreviate(gnuOutput ?? "")}]");
        Console.Error.WriteLine();
        return new WorkloadResult(workload, mountKind, ours, gnu?.Gnu ?? gnuTimes, peak, baseline, gnuPeak, allocatedPerRun, ourOutput == gnuOutput, gnuOutput ?? "", problem, bytesRead);

        string Normalize(string text) => text.Replace(options.Corpus, "/data", StringComparison.Ordinal);
    }

    private static async Task<ExecutionResult> RunOursAsync(Workspace workspace, Workload workload)
    {
        if (workload.Target != TargetKind.PerCall) return await workspace.ExecuteAsync(workload.Script).ConfigureAwait(false);
        ExecutionResult last = null!;
        for (var i = 0; i < CallsPerEchoRun; i++) last = await workspace.ExecuteAsync(workload.Script).ConfigureAwait(false);
        return last;
    }

    /// <summary>Removes what a workload created (untimed); through the workspace for RAM, on the host folder otherwise.</summary>
    private async Task CleanUpAsync(Workspace? workspace, Workload workload)
    {
        if (workload.Cleanup is null) return;
        if (workspace is not null)
        {
            await workspace.ExecuteAsync($"rm -rf {workload.Cleanup}").ConfigureAwait(false);
            return;
        }
        var host = workload.Cleanup.Replace("/data", options.Corpus, StringComparison.Ordinal);
        if (Directory.Exists(host)) Directory.Delete(host, recursive: true);
    }

    private static long BytesReadFrom(Workspace workspace, long since, string fileName) =>
        workspace.Operations.Snapshot(since)
            .Where(r => r.Kind == OperationKind.Read && r.Path.Name == fileName)
            .Sum(r => r.Bytes);

    /// <summary>Copies the corpus into the workspace's /data (a RAM mount), file by file.</summary>
    private async Task SeedAsync(Workspace workspace)
    {
        Console.Error.WriteLine("seeding the RAM mount");
        foreach (var relative in Corpus.RelativeFiles(options.Corpus))
        {
            var target = "/data/" + relative.Replace(Path.DirectorySeparatorChar, '/');
            await workspace.Files.CreateDirectoryAsync(target[..target.LastIndexOf('/')], parents: true).ConfigureAwait(false);
            await using var source = File.OpenRead(Path.Combine(options.Corpus, relative));
            await workspace.Files.WriteAsync(target, source).ConfigureAwait(false);
        }
    }

    private async Task<ColdStartResult> MeasureColdStartAsync(string mirage)
    {
        Console.Error.Write("cold start:");
        var ours = new List<double>();
        var bash = new List<double>();
        for (var run = 0; run < options.Runs; run++)
        {
            ours.Add((await HostProcess.RunAsync(mirage, ["run", "-c", "echo hi"], options.Corpus).ConfigureAwait(false)).Milliseconds);
            bash.Add((await HostProcess.BashAsync("echo hi", options.Corpus).ConfigureAwait(false)).Milliseconds);
            Console.Error.Write($" {ours[^1]:F0}/{bash[^1]:F0}");
        }
        Console.Error.WriteLine();
        var oursPeak = await HostProcess.PeakResidentAsync(mirage, ["run", "-c", "echo hi"], options.Corpus).ConfigureAwait(false);
        var bashPeak = await HostProcess.PeakResidentAsync("/bin/bash", ["-c", "echo hi"], options.Corpus).ConfigureAwait(false);
        return new ColdStartResult(ours, bash, oursPeak, bashPeak);
    }

    private static string FirstLine(string text) => text.Split('\n')[0];

    private static string Abbreviate(string text) => text.Length <= 60 ? text.Replace("\n", "\\n", StringComparison.Ordinal) : text[..60].Replace("\n", "\\n", StringComparison.Ordinal) + "...";
}

/// <summary>
/// Command-line settings of the `workloads` verb. Workload ids (W1 W2 ...) pick workloads; the word s3 runs only the
/// cached S3 mount's pass.
/// </summary>
internal sealed record RunnerOptions(string Corpus, string? Output, string? Mirage, string? HotPaths, int Runs, int RamRuns, IReadOnlyList<string> Workloads)
{
    public const string Usage = "usage: workloads --corpus DIR [--out docs/performance.md] [--mirage PATH] [--hot-paths DIR] [--runs N] [--ram-runs N] [--s3-runs N] [--s3-cold-runs N] [s3] [W1 W2 ...]";

    /// <summary>Only the cached S3 mount (the disk and RAM tables are left as they are).</summary>
    public bool S3Only { get; init; }

    /// <summary>Warm runs on the cached S3 mount; 0 leaves the S3 mount out.</summary>
    public int S3WarmRuns { get; init; } = 5;

    /// <summary>Cold runs at most (fewer when they are slow).</summary>
    public int S3ColdRuns { get; init; } = 3;

    public static RunnerOptions? Parse(IReadOnlyList<string> args)
    {
        string? corpus = null, output = null, mirage = null, hotPaths = null;
        int runs = 10, ramRuns = 5, s3Runs = 5, s3ColdRuns = 3;
        var s3Only = false;
        var workloads = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number() => int.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--corpus": corpus = Path.GetFullPath(Value()); break;
                case "--out": output = Value(); break;
                case "--mirage": mirage = Path.GetFullPath(Value()); break;
                case "--hot-paths": hotPaths = Value(); break;
                case "--runs": runs = Number(); break;
                case "--ram-runs": ramRuns = Number(); break;
                case "--s3-runs": s3Runs = Number(); break;
                case "--s3-cold-runs": s3ColdRuns = Number(); break;
                case "s3": s3Only = true; break;
                default: workloads.Add(args[i]); break;
            }
        }
        return corpus is null || runs < 2 || s3ColdRuns < 1 || (s3Only && s3Runs < 1)
            ? null
            : new RunnerOptions(corpus, output, mirage, hotPaths, runs, ramRuns, workloads) { S3Only = s3Only, S3WarmRuns = s3Runs, S3ColdRuns = s3ColdRuns };
    }
}
