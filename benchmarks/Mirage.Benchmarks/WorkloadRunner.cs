using System.Diagnostics;
using System.Globalization;
using System.Text;
using Mirage.Vfs;
using Mirage.Vfs.Disk;
using Mirage.Vfs.Ram;

namespace Mirage.Benchmarks;

/// <summary>
/// Whole-command timings: each workload runs in a warm in-process workspace (a disk mount of a scratch
/// folder at the same absolute path) and through /bin/bash with GNU tools in that folder, alternating,
/// so both see the same machine state. Reports medians and the ratio ours / bash.
/// </summary>
internal static class WorkloadRunner
{
    private sealed record Workload(string Name, string Script, int Runs);

    private static readonly Workload[] Workloads =
    [
        new("arith-loop-100k", "i=0; s=0; while (( i < 100000 )); do (( s += i, i++ )); done; echo $s", 5),
        new("for-seq-1000", "for i in $(seq 1 1000); do echo $i; done | tail -n 1", 10),
        new("echo", "echo hi", 50),
        // The first (untimed) warm-up run creates the data in the shared scratch folder; later runs only search and sort.
        new("grep-r-10k-files", "[ -d tree ] || for d in $(seq 1 100); do mkdir -p tree/d$d; for f in $(seq 1 100); do printf 'line one\\nsome TODO %s\\nline three\\n' $f > tree/d$d/f$f.txt; done; done; grep -rc TODO tree | wc -l", 5),
        new("sort-1m-lines", "[ -f big.txt ] || seq 1 1000000 | rev > big.txt; sort big.txt | tail -n 1", 3),
        new("sort-n-1m-lines", "[ -f big.txt ] || seq 1 1000000 | rev > big.txt; sort -n big.txt | tail -n 1", 3),
    ];

    public static async Task<int> RunAsync(string[] filters)
    {
        var scratch = Path.Combine(Path.GetTempPath(), "mirage-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(scratch);
        try
        {
            await using var workspace = new Workspace(
                [new Mount(VPath.Parse(scratch), new DiskResource(scratch)), new Mount(VPath.Parse("/tmp"), new RamResource())],
                new WorkspaceOptions { WorkingDirectory = scratch });
            var table = new StringBuilder("| workload | runs | mirage median | bash median | ratio |\n|---|---:|---:|---:|---:|\n");
            foreach (var workload in Workloads.Where(w => filters.Length == 0 || filters.Any(f => w.Name.Contains(f, StringComparison.Ordinal))))
            {
                var ours = new List<double>();
                var bash = new List<double>();
                var warm = await workspace.ExecuteAsync(workload.Script).ConfigureAwait(false);
                var reference = await RunBashAsync(workload.Script, scratch).ConfigureAwait(false);
                if (warm.StdoutText != reference.Output)
                    await Console.Error.WriteLineAsync($"warning: {workload.Name}: output differs from bash").ConfigureAwait(false);
                for (var i = 0; i < workload.Runs; i++)
                {
                    var clock = Stopwatch.StartNew();
                    await workspace.ExecuteAsync(workload.Script).ConfigureAwait(false);
                    ours.Add(clock.Elapsed.TotalMilliseconds);
                    bash.Add((await RunBashAsync(workload.Script, scratch).ConfigureAwait(false)).Milliseconds);
                }
                var oursMedian = Median(ours);
                var bashMedian = Median(bash);
                var row = string.Create(CultureInfo.InvariantCulture, $"| {workload.Name} | {workload.Runs} | {oursMedian:F1} ms | {bashMedian:F1} ms | {oursMedian / bashMedian:F2} |");
                table.AppendLine(row);
                Console.WriteLine(row);
            }
            Console.WriteLine();
            Console.Write(table);
            return 0;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static async Task<(string Output, double Milliseconds)> RunBashAsync(string script, string directory)
    {
        var start = new ProcessStartInfo("/bin/bash") { WorkingDirectory = directory, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.Environment["LC_ALL"] = "C";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        return (output, clock.Elapsed.TotalMilliseconds);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }
}
