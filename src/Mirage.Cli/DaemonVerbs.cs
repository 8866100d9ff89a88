using System.CommandLine;
using System.Text.Json;
using Mirage.Server;

namespace Mirage.Cli;

/// <summary>`mirage daemon start | status | stop`, and `serve` (the daemon itself, in the foreground).</summary>
internal static class DaemonVerbs
{
    public static Command Create()
    {
        var daemon = new Command("daemon", "Start, inspect or stop the background daemon that keeps workspaces warm.");
        daemon.Subcommands.Add(CreateStart());
        daemon.Subcommands.Add(CreateStatus());
        daemon.Subcommands.Add(CreateStop());
        daemon.Subcommands.Add(CreateServe());
        return daemon;
    }

    private static Command CreateStart()
    {
        var verb = new Command("start", "Start the daemon in the background (other verbs do this on first use).");
        verb.SetAction((_, cancellationToken) => Verb.RunAsync(async () =>
        {
            using var client = DaemonClient.FromEnvironment();
            var health = await client.EnsureRunningAsync(cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"mirage daemon {health.Version} running at {client.Paths.Url} (pid {health.Pid})").ConfigureAwait(false);
            return 0;
        }));
        return verb;
    }

    private static Command CreateStatus()
    {
        var json = new Option<bool>("--json") { Description = "Print the status as JSON." };
        var verb = new Command("status", "Say whether the daemon runs, where, and how many workspaces it holds. Exits 1 when it does not run.") { json };
        verb.SetAction((result, cancellationToken) => Verb.RunAsync(async () =>
        {
            using var client = DaemonClient.FromEnvironment();
            var health = await client.TryHealthAsync(cancellationToken).ConfigureAwait(false);
            if (result.GetValue(json))
            {
                var status = new
                {
                    running = health is not null,
                    url = client.Paths.Url.ToString().TrimEnd('/'),
                    pid = health?.Pid,
                    version = health?.Version,
                    workspaces = health?.Workspaces,
                };
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(status, DaemonClient.Json)).ConfigureAwait(false);
            }
            else if (health is null)
            {
                await Console.Out.WriteLineAsync($"mirage daemon is not running at {client.Paths.Url}").ConfigureAwait(false);
            }
            else
            {
                await Console.Out.WriteLineAsync($"mirage daemon {health.Version} running at {client.Paths.Url} (pid {health.Pid}, {health.Workspaces} workspace{(health.Workspaces == 1 ? "" : "s")})").ConfigureAwait(false);
            }
            return health is null ? 1 : 0;
        }));
        return verb;
    }

    private static Command CreateStop()
    {
        var verb = new Command("stop", "Stop the daemon; its workspaces are lost unless snapshotted.");
        verb.SetAction((_, cancellationToken) => Verb.RunAsync(async () =>
        {
            using var client = DaemonClient.FromEnvironment();
            if (await client.TryHealthAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                await Console.Out.WriteLineAsync($"mirage daemon is not running at {client.Paths.Url}").ConfigureAwait(false);
                return 0;
            }
            using (var request = client.NewRequest(HttpMethod.Post, "v1/shutdown"))
            using (await client.SendAsync(request, cancellationToken).ConfigureAwait(false))
            {
            }
            for (var attempt = 0; attempt < 100; attempt++)
            {
                if (await client.TryHealthAsync(cancellationToken).ConfigureAwait(false) is null)
                {
                    await Console.Out.WriteLineAsync("mirage daemon stopped").ConfigureAwait(false);
                    return 0;
                }
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
            throw new CliException($"the daemon at {client.Paths.Url} did not stop within 10 s");
        }));
        return verb;
    }

    private static Command CreateServe()
    {
        var verb = new Command("serve", "Run the daemon in the foreground (what `daemon start` runs in the background).") { Hidden = true };
        verb.SetAction((_, cancellationToken) => Verb.RunAsync(() => ServeAsync(cancellationToken)));
        return verb;
    }

    private static async Task<int> ServeAsync(CancellationToken cancellationToken)
    {
        DaemonPaths paths;
        try
        {
            paths = DaemonPaths.FromEnvironment();
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message, 2);
        }
        if (!paths.IsLocal) throw new CliException($"the daemon listens on 127.0.0.1 only; MIRAGE_DAEMON_URL is {paths.Url}", 2);
        string token;
        try
        {
            token = paths.ReadOrCreateToken();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write the token file {paths.TokenFile}: {e.Message}");
        }
        var daemon = new MirageDaemon(paths.Url.Port, token, MountTypes.CreateRegistry());
        await using (daemon.ConfigureAwait(false))
        {
            try
            {
                await daemon.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new CliException($"cannot listen on 127.0.0.1:{paths.Url.Port}: {e.Message}");
            }
            await File.WriteAllTextAsync(paths.PidFile, Environment.ProcessId.ToString(), cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"{DateTimeOffset.UtcNow:u} mirage daemon {MirageDaemon.Version} listening on {paths.Url} (pid {Environment.ProcessId})").ConfigureAwait(false);
            await Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            await daemon.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
            if (File.Exists(paths.PidFile) && (await File.ReadAllTextAsync(paths.PidFile, CancellationToken.None).ConfigureAwait(false)).Trim() == Environment.ProcessId.ToString())
                File.Delete(paths.PidFile);
            await Console.Out.WriteLineAsync($"{DateTimeOffset.UtcNow:u} mirage daemon stopped").ConfigureAwait(false);
        }
        return 0;
    }
}
