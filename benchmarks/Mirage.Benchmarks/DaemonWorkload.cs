using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace Mirage.Benchmarks;

/// <summary>
/// `daemon --mirage PATH [--runs N]`: `mirage execute` of `echo hi` against a warm daemon beside
/// `bash -c 'echo hi'`, alternating run by run, and the daemon's own HTTP round trip without a process
/// start. The daemon is private to the run (its own MIRAGE_HOME and a free port) and stopped at the end.
/// </summary>
internal static class DaemonWorkload
{
    public const string Usage = "usage: daemon --mirage PATH [--runs N]";

    public static async Task<int> RunAsync(string[] args)
    {
        string? mirage = null;
        var runs = 30;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--mirage" when i + 1 < args.Length: mirage = Path.GetFullPath(args[++i]); break;
                case "--runs" when i + 1 < args.Length && int.TryParse(args[i + 1], out var n) && n > 0: runs = n; i++; break;
                default: await Console.Error.WriteLineAsync(Usage).ConfigureAwait(false); return 2;
            }
        }
        if (mirage is null || !File.Exists(mirage))
        {
            await Console.Error.WriteLineAsync(Usage + " (build src/Mirage.Cli first)").ConfigureAwait(false);
            return 2;
        }

        var home = Directory.CreateTempSubdirectory("mirage-bench-home").FullName;
        var url = $"http://127.0.0.1:{FreePort()}";
        var environment = new Dictionary<string, string> { ["MIRAGE_HOME"] = home, ["MIRAGE_DAEMON_URL"] = url };
        var yaml = Path.Combine(home, "bench.yaml");
        await File.WriteAllTextAsync(yaml, "mounts:\n  /data: { type: ram }\n").ConfigureAwait(false);
        try
        {
            await RunAsync(mirage, ["workspace", "create", yaml, "--id", "bench"], environment).ConfigureAwait(false);
            string[] execute = ["execute", "--workspace_id", "bench", "--command", "echo hi"];
            // Warm both: the daemon's first line compiles its paths, the OS caches both executables.
            for (var i = 0; i < 3; i++)
            {
                await RunAsync(mirage, execute, environment).ConfigureAwait(false);
                await RunAsync("/bin/bash", ["-c", "echo hi"], null).ConfigureAwait(false);
            }
            var ours = new List<double>();
            var bash = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                ours.Add(await RunAsync(mirage, execute, environment).ConfigureAwait(false));
                bash.Add(await RunAsync("/bin/bash", ["-c", "echo hi"], null).ConfigureAwait(false));
            }
            var roundTrip = await MeasureRoundTripAsync(url, Path.Combine(home, "auth_token"), runs * 10).ConfigureAwait(false);

            var report = new StringBuilder();
            report.AppendLine("| measure | median | beside bash -c 'echo hi' |");
            report.AppendLine("|---|---:|---:|");
            report.AppendLine(CultureInfo.InvariantCulture, $"| `mirage execute -w ID -c 'echo hi'` (warm daemon, new CLI process) | {Report.Median(ours, skipFirst: false):0.0} ms | {Report.Median(ours, skipFirst: false) / Report.Median(bash, skipFirst: false):0.00}x |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| `bash -c 'echo hi'` | {Report.Median(bash, skipFirst: false):0.0} ms | 1.00x |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| HTTP `POST /v1/workspaces/ID/execute` of `echo hi` (no process start) | {Report.Median(roundTrip, skipFirst: false):0.00} ms | {Report.Median(roundTrip, skipFirst: false) / Report.Median(bash, skipFirst: false):0.00}x |");
            report.AppendLine(CultureInfo.InvariantCulture, $"\n{runs} alternating runs of each process; {runs * 10} HTTP round trips.");
            Console.Write(report.ToString());
            return 0;
        }
        finally
        {
            await RunAsync(mirage, ["daemon", "stop"], environment).ConfigureAwait(false);
            Directory.Delete(home, recursive: true);
        }
    }

    private static async Task<List<double>> MeasureRoundTripAsync(string url, string tokenFile, int count)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url + "/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(tokenFile).ConfigureAwait(false)).Trim());
        var times = new List<double>(count);
        for (var i = 0; i < count + 10; i++)
        {
            using var body = new StringContent("{\"command\":\"echo hi\"}", Encoding.UTF8, "application/json");
            var clock = Stopwatch.StartNew();
            using var response = await http.PostAsync("v1/workspaces/bench/execute", body).ConfigureAwait(false);
            await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"execute answered {(int)response.StatusCode}");
            if (i >= 10) times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    private static async Task<double> RunAsync(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var outcome = await HostProcess.RunAsync(program, arguments, Environment.CurrentDirectory, environment).ConfigureAwait(false);
        if (outcome.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {outcome.ExitCode}");
        return outcome.Milliseconds;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
