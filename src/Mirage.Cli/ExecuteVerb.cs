using System.CommandLine;
using System.Net.Http.Json;
using System.Text;
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
        var response = await SendAsync(client, workspaceId, new ExecuteRequest(command, sessionId, cwd, StdinBase64: stdin.Length > 0 ? Convert.ToBase64String(stdin) : null), cancellationToken).ConfigureAwait(false);
        await WriteOutputAsync(response, cancellationToken).ConfigureAwait(false);
        return response.ExitCode;
    }

    private static Task<ExecuteResponse> SendAsync(DaemonClient client, string workspaceId, ExecuteRequest request, CancellationToken cancellationToken) =>
        client.SendJsonAsync<ExecuteResponse>(HttpMethod.Post, $"v1/workspaces/{Verb.Escape(workspaceId)}/execute", request, cancellationToken);

    private static async Task WriteOutputAsync(ExecuteResponse response, CancellationToken cancellationToken)
    {
        var base64 = response.Encoding == "base64";
        var stdout = base64 ? Convert.FromBase64String(response.Stdout) : Encoding.UTF8.GetBytes(response.Stdout);
        var stderr = base64 ? Convert.FromBase64String(response.Stderr) : Encoding.UTF8.GetBytes(response.Stderr);
        var output = Console.OpenStandardOutput();
        await output.WriteAsync(stdout, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        var errors = Console.OpenStandardError();
        await errors.WriteAsync(stderr, cancellationToken).ConfigureAwait(false);
        await errors.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A read-eval loop: prompt "mirage:ID:cwd$ ", one line at a time; Ctrl-C cancels the running line, not the prompt.</summary>
    private static async Task<int> InteractiveAsync(string workspaceId, string? sessionId, string? cwd, CancellationToken cancellationToken)
    {
        using var client = await DaemonClient.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var session = sessionId ?? Mirage.Workspace.DefaultSessionId;
        // A no-op line creates the session if needed and tells its directory for the first prompt.
        var opening = cwd is null ? ":" : "cd -- '" + cwd.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
        var opened = await SendAsync(client, workspaceId, new ExecuteRequest(opening, session), cancellationToken).ConfigureAwait(false);
        await WriteOutputAsync(opened, cancellationToken).ConfigureAwait(false);
        var current = opened.Cwd;
        var status = 0;
        CancellationTokenSource? running = null;
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            running?.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Console.Error.WriteAsync($"mirage:{workspaceId}:{current}$ ").ConfigureAwait(false);
                var line = await Console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                if (line is null) break;
                if (line.Trim() is "exit" or "logout") break;
                if (line.Trim().Length == 0) continue;
                running = new CancellationTokenSource();
                try
                {
                    var response = await SendAsync(client, workspaceId, new ExecuteRequest(line, session), running.Token).ConfigureAwait(false);
                    await WriteOutputAsync(response, cancellationToken).ConfigureAwait(false);
                    status = response.ExitCode;
                    current = response.Cwd;
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
