using System.Text;
using Mirage.Shell.Interpreter;

namespace Mirage.Shell.Tests;

/// <summary>What one run of the shell printed and returned.</summary>
public sealed record ShellResult(string Stdout, string Stderr, int Status);

/// <summary>Runs scripts through <see cref="Interpreter.Shell"/> over a <see cref="TestHost"/>.</summary>
public static class ShellRun
{
    public static async Task<ShellResult> RunAsync(string script, TestHost? host = null, string stdin = "", Interpreter.Shell? shell = null, CancellationToken cancellationToken = default)
    {
        host ??= new TestHost();
        host.AddDirectory("/work");
        if (shell is null)
        {
            shell = new Interpreter.Shell(host) { WorkingDirectory = "/work" };
            shell.SetVariable("HOME", "/work", export: true);
            shell.SetVariable("PATH", "/usr/local/bin:/usr/bin:/bin", export: true);
        }

        using var input = new MemoryStream(Encoding.UTF8.GetBytes(stdin));
        using var output = new MemoryStream();
        using var error = new MemoryStream();
        var status = await shell.ExecuteAsync(script, input, output, error, cancellationToken);
        return new ShellResult(Encoding.UTF8.GetString(output.ToArray()), Encoding.UTF8.GetString(error.ToArray()), status);
    }
}
