using System.CommandLine;
using Mirage.AI;
using Mirage.Mcp;

namespace Mirage.Cli;

/// <summary>
/// `mirage mcp`: a Model Context Protocol server on standard input and output, over a workspace made from
/// --config/--mount in this process, or (with -w ID) passing every call on to that workspace in the daemon.
/// Standard output carries only the protocol; messages go to standard error.
/// </summary>
internal static class McpVerb
{
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "A workspace YAML file to serve (in this process)." };
        var mounts = new Option<string[]>("--mount", "-m")
        {
            Description = "Mount a resource: PREFIX=ram[:MODE] or PREFIX=disk:HOST_FOLDER[:MODE]. Repeatable. Default without --config: /data=ram and /tmp=ram.",
            AllowMultipleArgumentsPerToken = false,
        };
        var cwd = new Option<string?>("--cwd") { Description = "Working directory inside the workspace (default: the first mount)." };
        var workspace = new Option<string?>("--workspace_id", "-w", "--workspace", "--workspace-id") { Description = "Serve this workspace of the daemon instead (started if needed)." };
        var readOnly = new Option<bool>("--read-only") { Description = "Refuse write_file and edit_file whatever the mounts allow." };
        var verb = new Command("mcp", "Serve a workspace to an agent over the Model Context Protocol (stdio): execute, read_file, write_file, edit_file, ls, grep, glob.")
        {
            config, mounts, cwd, workspace, readOnly,
        };
        verb.SetAction((result, cancellationToken) => Verb.RunAsync(() =>
        {
            if (result.GetValue(workspace) is { } id)
            {
                if (result.GetValue(config) is not null || (result.GetValue(mounts) ?? []).Length > 0)
                    throw new CliException("mcp: -w serves a daemon workspace; --config and --mount make a local one: give one or the other", 2);
                return ProxyAsync(id, cancellationToken);
            }
            return ServeAsync(result.GetValue(mounts) ?? [], result.GetValue(config), result.GetValue(cwd), result.GetValue(readOnly), cancellationToken);
        }));
        return verb;
    }

    private static async Task<int> ServeAsync(string[] mountTexts, string? configPath, string? cwd, bool readOnly, CancellationToken cancellationToken)
    {
        var (mounts, config, status) = await RunVerb.LoadMountsAsync(mountTexts, configPath).ConfigureAwait(false);
        if (status != 0) return status;
        await using var workspace = new Workspace(mounts, new WorkspaceOptions
        {
            WorkingDirectory = cwd ?? config?.WorkingDirectory,
            Environment = config?.Environment,
        });
        await WorkspaceMcp.RunStdioAsync(workspace, new WorkspaceToolOptions { ReadOnly = readOnly }, cancellationToken).ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> ProxyAsync(string workspaceId, CancellationToken cancellationToken)
    {
        using var client = await DaemonClient.ConnectAsync(cancellationToken).ConfigureAwait(false);
        // Fails with "workspace 'x' not found" before the client starts talking protocol.
        using (await client.SendAsync(client.NewRequest(HttpMethod.Get, $"v1/workspaces/{Verb.Escape(workspaceId)}"), cancellationToken).ConfigureAwait(false))
        {
        }
        var token = client.Paths.ReadToken() ?? throw new CliException($"no token in {client.Paths.TokenFile}");
        var endpoint = new Uri(client.Paths.Url.ToString().TrimEnd('/') + $"/v1/workspaces/{Verb.Escape(workspaceId)}/mcp");
        await WorkspaceMcp.RunStdioProxyAsync(endpoint, new Dictionary<string, string> { ["Authorization"] = "Bearer " + token }, cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
