using System.Diagnostics;

namespace Mirage.Shell.Syntax.Tests;

/// <summary>Asks the real bash on this machine whether a script parses (<c>bash -n</c>), and what it says if not.</summary>
internal static class RealBash
{
    public static (int Status, string Errors) Check(string script)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-n");
        start.ArgumentList.Add("-O");
        start.ArgumentList.Add("extglob");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, errors);
    }
}
