using System.Diagnostics;
using System.Globalization;

namespace Mirage.Benchmarks;

/// <summary>A real program run on this machine: /bin/bash with GNU tools, or the built `mirage` command.</summary>
internal static class HostProcess
{
    private const string GnuTime = "/usr/bin/time";

    public sealed record Outcome(string Stdout, int ExitCode, double Milliseconds);

    /// <summary>Runs bash -c with the C locale (the collation our commands follow) in <paramref name="directory"/>.</summary>
    public static Task<Outcome> BashAsync(string script, string directory) => RunAsync("/bin/bash", ["-c", script], directory);

    public static async Task<Outcome> RunAsync(string program, IReadOnlyList<string> arguments, string directory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["LC_ALL"] = "C";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        await stderr.ConfigureAwait(false);
        return new Outcome(await stdout.ConfigureAwait(false), process.ExitCode, elapsed);
    }

    /// <summary>
    /// The peak resident set in bytes of the program and every process it waited for (GNU time's %M,
    /// from wait4's rusage), or null when /usr/bin/time is missing.
    /// </summary>
    public static async Task<long?> PeakResidentAsync(string program, IReadOnlyList<string> arguments, string directory)
    {
        if (!File.Exists(GnuTime)) return null;
        var report = Path.GetTempFileName();
        try
        {
            await RunAsync(GnuTime, ["-f", "%M", "-o", report, program, .. arguments], directory).ConfigureAwait(false);
            var text = (await File.ReadAllTextAsync(report).ConfigureAwait(false)).Trim().Split('\n')[^1];
            return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var kilobytes) ? kilobytes * 1024 : null;
        }
        finally
        {
            File.Delete(report);
        }
    }
}
