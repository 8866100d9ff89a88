using System.Diagnostics;
using System.Text;

namespace Mirage.Testing;

/// <summary>Runs the built `mirage` executable as a user would, capturing its output and status.</summary>
public static class CliRunner
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    // Declared first: static initializers run in this order, and the executable is found under the root.
    /// <summary>The checkout's top folder (the one holding Mirage.slnx).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ExecutablePath { get; } = FindExecutable();

    public static Task<Outcome> RunAsync(IEnumerable<string> arguments, string? stdin = null, string? workingDirectory = null) =>
        RunProgramAsync(ExecutablePath, arguments, stdin: stdin, workingDirectory: workingDirectory);

    /// <summary>Runs any program with extra environment variables, capturing its output; fails after 60 s.</summary>
    public static async Task<Outcome> RunProgramAsync(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? stdin = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new Outcome(process.ExitCode, await stdout, await stderr);
    }

    private static string FindExecutable()
    {
        // scripts/test.sh points here at the published (ReadyToRun) executable, the one users run.
        if (Environment.GetEnvironmentVariable("MIRAGE_EXECUTABLE") is { Length: > 0 } published)
            return File.Exists(published) ? published : throw new FileNotFoundException($"MIRAGE_EXECUTABLE names {published}, which is missing");
        // Otherwise the build's: the test assembly sits in tests/<project>/bin/<Configuration>/net10.0/.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = Path.Combine(RepositoryRoot, "src", "Mirage.Cli", "bin", configuration, "net10.0", "mirage");
        return File.Exists(path) ? path : throw new FileNotFoundException($"build src/Mirage.Cli ({configuration}) first: {path} is missing");
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Mirage.slnx"))) return directory.FullName;
        }
        throw new InvalidOperationException("Mirage.slnx not found above " + AppContext.BaseDirectory);
    }
}
