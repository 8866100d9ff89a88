using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using Mirage.Server;

namespace Mirage.Cli;

/// <summary>
/// `mirage execute --workspace_id ID --command LINE` and its other spelling `mirage shell -w ID -c LINE`:
/// one line in a warm workspace, stdout and stderr passed through unchanged, the line's status as the exit
/// status. `mirage shell -w ID` without a command is an interactive prompt.
/// </summary>
internal static class ExecuteVerb
{
    private sealed record Options(Option<string> Workspace, Option<string?> Command, Option<string?> Session, Option<string?> Cwd);

    private static Options CreateOptions() => new(
        new Option<string>("--workspace_id", "-w", "--workspace", "--workspace-id") { Description = "The workspace to run in.", Required = true },
        new Option<string?>("--command", "-c") { Description = "The bash line to run." },
        new Option<string?>("--session_id", "-s", "--session", "--session-id") { Description = "The session whose cwd, variables and functions the line uses (default: \"default\")." },
        new Option<string?>("--cwd") { Description = "Working directory for this line only." });

    public static Command CreateExecute()
    {
        var options = CreateOptions();
        var verb = new Command("execute", "Run one bash line in a workspace kept by the daemon; standard input is passed on when it is not a terminal.")
        {
            options.Workspace, options.Command, options.Session, options.Cwd,
        };
        verb.SetAction((result, cancellationToken) => Verb.RunAsync(() =>
        {
            var command = result.GetValue(options.Command) ?? throw new CliException("execute needs --command LINE", 2);
            return ExecuteOnceAsync(result.GetValue(options.Workspace)!, command, result.GetValue(options.Session), result.GetValue(options.Cwd), cancellationToken);
        }));
        return verb;
    }

    public static Command CreateShell()
    {
        var options = CreateOptions();
        var verb = new Command("shell", "Run a bash line in a workspace (-c), or, without -c, an interactive prompt.")
        {
            options.Workspace, options.Command, options.Session, options.Cwd,
        };
        verb.SetAction((result, cancellationToken) => Verb.RunAsync(() =>
        {
            var workspace = result.GetValue(options.Workspace)!;
            var session = result.GetValue(options.Session);
            var cwd = result.GetValue(options.Cwd);
            return result.GetValue(options.Command) is { } command
                ? ExecuteOnceAsync(workspace, command, session, cwd, cancellationToken)
                : InteractiveAsync(workspace, session, cwd, cancellationToken);
        }));
        return verb;
    }

    private static async Task<int> ExecuteOnceAsync(string workspaceId, string command, string? sessionId, string? cwd, CancellationToken cancellationToken)
    {
        byte[] stdin = [];
        if (Console.IsInputRedirected)
        {
            using var buffer = new MemoryStream();
            await Console.OpenStandardInput().CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            stdin = buffer.ToArray();
        }
        using var client = await DaemonClient.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var end = await StreamAsync(client, workspaceId, new ExecuteRequest(command, sessionId, cwd, StdinBase64: stdin.Length > 0 ? Convert.ToBase64String(stdin) : null), cancellationToken).ConfigureAwait(false);
        return end.ExitCode;
    }

    private sealed record Finished(int ExitCode, string Cwd);

    /// <summary>Runs the line on the daemon, writing its stdout and stderr here as they arrive.</summary>
    private static async Task<Finished> StreamAsync(DaemonClient client, string workspaceId, ExecuteRequest request, CancellationToken cancellationToken)
    {
        using var message = client.NewRequest(HttpMethod.Post, $"v1/workspaces/{Verb.Escape(workspaceId)}/execute/stream", JsonContent.Create(request, options: DaemonClient.Json));
        using var response = await client.SendAsync(message, cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        var output = Console.OpenStandardOutput();
        var errors = Console.OpenStandardError();
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0) continue;
            var frame = JsonSerializer.Deserialize<ExecuteFrame>(line, DaemonClient.Json) ?? throw new CliException("the daemon sent an empty frame");
            if (frame.Stdout is { } stdout)
            {
                await output.WriteAsync(stdout, cancellationToken).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            if (frame.Stderr is { } stderr)
            {
                await errors.WriteAsync(stderr, cancellationToken).ConfigureAwait(false);
                await errors.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            if (frame.Error is { } error) throw new CliException(error);
            if (frame.ExitCode is { } exitCode) return new Finished(exitCode, frame.Cwd ?? "/");
        }
        throw new CliException("the daemon closed the connection before the command finished");
    }

    /// <summary>A read-eval loop: prompt "mirage:ID:cwd$ ", one line at a time, with line editing and a kept history on a terminal; Ctrl-C cancels the running line, not the prompt.</summary>
    private static async Task<int> InteractiveAsync(string workspaceId, string? sessionId, string? cwd, CancellationToken cancellationToken)
    {
        using var client = await DaemonClient.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var session = sessionId ?? Mirage.Workspace.DefaultSessionId;
        // A no-op line creates the session if needed and tells its directory for the first prompt.
        var opening = cwd is null ? ":" : "cd -- '" + cwd.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
        var opened = await StreamAsync(client, workspaceId, new ExecuteRequest(opening, session), cancellationToken).ConfigureAwait(false);
        var current = opened.Cwd;
        var status = 0;
        var reader = ILineReader.Create(Path.Combine(client.Paths.Home, "history"));
        // Ctrl-C cancels the running line, or abandons the line being typed; never the prompt itself.
        CancellationTokenSource? running = null;
        CancellationTokenSource? typing = null;
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            try
            {
                (running ?? typing)?.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The line ended as the key was pressed.
            }
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                string? line;
                typing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                try
                {
                    line = await reader.ReadLineAsync($"mirage:{workspaceId}:{current}$ ", typing.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (typing.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    await Console.Error.WriteLineAsync("^C").ConfigureAwait(false);
                    status = 130;
                    continue;
                }
                finally
                {
                    typing.Dispose();
                    typing = null;
                }
                if (line is null) break;
                if (line.Trim() is "exit" or "logout") break;
                if (line.Trim().Length == 0) continue;
                running = new CancellationTokenSource();
                try
                {
                    var finished = await StreamAsync(client, workspaceId, new ExecuteRequest(line, session), running.Token).ConfigureAwait(false);
                    status = finished.ExitCode;
                    current = finished.Cwd;
                }
                catch (OperationCanceledException) when (running.IsCancellationRequested)
                {
                    await Console.Error.WriteLineAsync("^C").ConfigureAwait(false);
                    status = 130;
                }
                catch (CliException e)
                {
                    foreach (var message in e.Lines) await Console.Error.WriteLineAsync($"mirage: {message}").ConfigureAwait(false);
                    status = e.ExitCode;
                }
                finally
                {
                    running.Dispose();
                    running = null;
                }
            }
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
        return status;
    }
}
