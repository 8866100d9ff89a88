using System.Diagnostics;
using System.Text;

namespace Mirage.Commands.Tests.Text;

/// <summary>What one side printed and returned.</summary>
public sealed record Outcome(byte[] Stdout, byte[] Stderr, int ExitCode)
{
    public string StderrText => Encoding.UTF8.GetString(Stderr);
}

/// <summary>A case of a *.cases file: "## name", optional "#@" directives, then the script.</summary>
public sealed record TextCase(string Area, string Name, string Script, bool Divergent, bool CompareStderr)
{
    public string Id => Area + "/" + Name;

    public static IEnumerable<TextCase> Parse(string area, string text)
    {
        string? name = null;
        var divergent = false;
        var stderr = false;
        var script = new StringBuilder();
        var directives = false;
        foreach (var line in text.Split('\n').Append(null))
        {
            if (line is null || line.StartsWith("## ", StringComparison.Ordinal))
            {
                if (name is not null) yield return new TextCase(area, name, script.ToString().TrimEnd('\n') + "\n", divergent, stderr);
                if (line is null) yield break;
                name = line[3..].Trim();
                divergent = stderr = false;
                script.Clear();
                directives = true;
                continue;
            }
            if (directives && line.StartsWith("#@", StringComparison.Ordinal))
            {
                if (line.Contains("divergence:", StringComparison.Ordinal)) divergent = true;
                if (line.Trim() == "#@ stderr") stderr = true;
                continue;
            }
            directives = false;
            script.Append(line).Append('\n');
        }
    }
}

/// <summary>Runs a script through the machine's bash with GNU tools, as the conformance runner does.</summary>
public static class RealBash
{
    public static async Task<Outcome> RunAsync(string script, string workingDirectory)
    {
        var start = new ProcessStartInfo("/bin/bash")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--norc", "--noprofile", "-c", script }) start.ArgumentList.Add(argument);
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        start.Environment["LC_ALL"] = "C";
        start.Environment["TZ"] = "UTC";
        start.Environment["HOME"] = workingDirectory;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        process.StandardInput.Close();
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var copyErr = process.StandardError.BaseStream.CopyToAsync(stderr);
        await process.WaitForExitAsync();
        await Task.WhenAll(copyOut, copyErr);
        return new Outcome(stdout.ToArray(), stderr.ToArray(), process.ExitCode);
    }
}
