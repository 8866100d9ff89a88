using System.Reflection;
using Microsoft.Extensions.AI;
using Mirage.AI;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Mirage.Mcp;

/// <summary>
/// A workspace as Model Context Protocol tools (the same operations as <see cref="WorkspaceFunctions"/>),
/// with read-only hints on the read tools and the workspace's file prompt as the server's instructions.
/// </summary>
public static class WorkspaceMcp
{
    public static Implementation ServerInfo { get; } = new()
    {
        Name = "mirage",
        Title = "Mirage workspace",
        Version = typeof(WorkspaceMcp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0",
    };

    /// <summary>The tools execute, read_file, write_file, edit_file, ls, grep and glob; a refusal is a tool result with isError set.</summary>
    public static IReadOnlyList<McpServerTool> CreateTools(WorkspaceTools tools) =>
        WorkspaceFunctions.Describe(tools).Select(tool => McpServerTool.Create(WorkspaceFunctions.AnswerRefusals(tool.Function, AsErrorResult), new McpServerToolCreateOptions
        {
            Name = tool.Name,
            ReadOnly = tool.ReadOnly,
            Destructive = tool.Destructive,
            Idempotent = tool.ReadOnly,
            OpenWorld = false,
        })).ToList();

    /// <summary>A refusal as a tool result the model reads, flagged isError.</summary>
    private static CallToolResult AsErrorResult(string message) => new() { IsError = true, Content = [new TextContentBlock { Text = message }] };

    /// <summary>Server options carrying the tools and the workspace's prompt (clients show it to the model).</summary>
    public static McpServerOptions CreateServerOptions(Workspace workspace, WorkspaceToolOptions? options = null)
    {
        var tools = new WorkspaceTools(workspace, options);
        var collection = new McpServerPrimitiveCollection<McpServerTool>();
        foreach (var tool in CreateTools(tools)) collection.Add(tool);
        return new McpServerOptions
        {
            ServerInfo = ServerInfo,
            ServerInstructions = workspace.FilePrompt,
            ToolCollection = collection,
        };
    }

    /// <summary>Serves the workspace on this process's standard input and output until the client closes them.</summary>
    public static async Task RunStdioAsync(Workspace workspace, WorkspaceToolOptions? options = null, CancellationToken cancellationToken = default)
    {
        var serverOptions = CreateServerOptions(workspace, options);
        await using var transport = new StdioServerTransport(serverOptions);
        await using var server = McpServer.Create(transport, serverOptions);
        await server.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Serves on standard input and output the tools of a Mirage MCP endpoint reached over streamable HTTP
    /// (a daemon's <c>/v1/workspaces/{id}/mcp</c>): every list and call is passed on, so the tools run in
    /// the daemon's warm workspace.
    /// </summary>
    public static async Task RunStdioProxyAsync(Uri endpoint, IDictionary<string, string> headers, CancellationToken cancellationToken = default)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = endpoint,
            AdditionalHeaders = headers,
            TransportMode = HttpTransportMode.StreamableHttp,
            Name = "mirage daemon",
        });
        await using var client = await McpClient.CreateAsync(transport, cancellationToken: cancellationToken).ConfigureAwait(false);
        var options = new McpServerOptions
        {
            ServerInfo = ServerInfo,
            ServerInstructions = client.ServerInstructions,
            Handlers = new McpServerHandlers
            {
                ListToolsHandler = (request, token) => client.ListToolsAsync(request.Params ?? new ListToolsRequestParams(), token),
                CallToolHandler = (request, token) => client.CallToolAsync(request.Params!, token),
            },
        };
        await using var stdio = new StdioServerTransport(options);
        await using var server = McpServer.Create(stdio, options);
        await server.RunAsync(cancellationToken).ConfigureAwait(false);
    }
}
