using System.Diagnostics;

namespace Mirage.Conformance.Tests;

/// <summary>Runs a script through the machine's real GNU bash, the reference our shell must match.</summary>
public static class BashOracle
{
    public const string BashPath = "/bin/bash";

    /// <summary>The environment both sides get, so nothing depends on the caller's.</summary>
    public static IReadOnlyDictionary<string, string> Environment(string home) => new Dictionary<string, string>
    {
        ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
        ["LC_ALL"] = "C",
        ["TZ"] = "UTC",
        ["HOME"] = home,
        ["USER"] = "user",
        ["TMPDIR"] = "/tmp",
    };

    public static async Task<ShellOutcome> RunAsync(string script, string workingDirectory, TimeSpan timeout)
    {
        // The .NET runtime ignores SIGPIPE and children inherit that, so a bash writer would never die of a
        // closed pipe (`while :; do echo y; done | head -n 1` would spin forever); env restores the default.
        var start = new ProcessStartInfo("/usr/bin/env")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--default-signal=PIPE");
        // By name, found on PATH by env: bash then calls itself "bash" ($0, "bash: line 1: ..." messages), as `bash -c` does for agents.
        start.ArgumentList.Add("bash");
        start.ArgumentList.Add("--norc");
        start.ArgumentList.Add("--noprofile");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.Environment.Clear();
        foreach (var (key, value) in Environment(workingDirectory)) start.Environment[key] = value;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        process.StandardInput.Close();
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var copyErr = process.StandardError.BaseStream.CopyToAsync(stderr);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bash took longer than {timeout.TotalSeconds} s");
        }
        await Task.WhenAll(copyOut, copyErr).ConfigureAwait(false);
        return new ShellOutcome(stdout.ToArray(), stderr.ToArray(), process.ExitCode);
    }
}
