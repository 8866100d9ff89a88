namespace Mirage.Testing;

/// <summary>
/// Runs the built `mirage` against its own daemon: a private MIRAGE_HOME in a temporary folder and a free
/// loopback port. Disposing stops the daemon and removes the folder.
/// </summary>
public sealed class DaemonCli : IAsyncLifetime
{
    public DaemonCli()
    {
        Root = Path.Combine(Path.GetTempPath(), "mirage-cli-" + Guid.NewGuid().ToString("N")[..12]);
        Home = Path.Combine(Root, "home");
        Directory.CreateDirectory(Root);
        Port = LoopbackPort.Unused();
    }

    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public string Root { get; }

    public string Home { get; }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public Task<Outcome> RunAsync(IEnumerable<string> arguments, string? stdin = null) =>
        RunWithAsync(arguments, Home, Url, stdin);

    /// <summary>Runs with another home or URL (a wrong token, a taken port).</summary>
    public async Task<Outcome> RunWithAsync(IEnumerable<string> arguments, string home, string url, string? stdin = null)
    {
        var outcome = await CliRunner.RunProgramAsync(CliRunner.ExecutablePath, arguments,
            new Dictionary<string, string> { ["MIRAGE_HOME"] = home, ["MIRAGE_DAEMON_URL"] = url }, stdin, Root);
        return new Outcome(outcome.ExitCode, outcome.Stdout, outcome.Stderr);
    }

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(Root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await RunAsync(["daemon", "stop"]);
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // The daemon's log may still be open for a moment; the temporary folder is cleaned by the system.
        }
    }
}
