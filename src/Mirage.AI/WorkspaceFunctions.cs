using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Mirage.AI;

/// <summary>One tool over a workspace: its function (which throws <see cref="WorkspaceToolException"/> on refusal) and its hints.</summary>
/// <param name="ReadOnly">The tool never changes the workspace.</param>
/// <param name="Destructive">The tool may overwrite or remove what is there.</param>
public sealed record WorkspaceTool(AIFunction Function, bool ReadOnly, bool Destructive)
{
    public string Name => Function.Name;
}

/// <summary>
/// A workspace as Microsoft.Extensions.AI functions for any <see cref="IChatClient"/>:
/// <code>
/// var tools = WorkspaceFunctions.Create(workspace);
/// var client = new ChatClientBuilder(inner).UseFunctionInvocation().Build();
/// var reply = await client.GetResponseAsync(messages, new ChatOptions { Tools = [.. tools] });
/// </code>
/// </summary>
public static class WorkspaceFunctions
{
    /// <summary>The functions execute, read_file, write_file, edit_file, ls, grep and glob; a refusal comes back to the model as "Error: ..." text.</summary>
    public static IReadOnlyList<AIFunction> Create(Workspace workspace, WorkspaceToolOptions? options = null) =>
        Describe(new WorkspaceTools(workspace, options)).Select(tool => AnswerRefusals(tool.Function, message => "Error: " + message)).ToList();

    /// <summary>The tools with their hints (for protocol servers that advertise read-only tools).</summary>
    public static IReadOnlyList<WorkspaceTool> Describe(WorkspaceTools tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        return
        [
            new(Function(tools.ExecuteAsync, "execute"), ReadOnly: false, Destructive: true),
            new(Function(tools.ReadFileAsync, "read_file"), ReadOnly: true, Destructive: false),
            new(Function(tools.WriteFileAsync, "write_file"), ReadOnly: false, Destructive: true),
            new(Function(tools.EditFileAsync, "edit_file"), ReadOnly: false, Destructive: true),
            new(Function(tools.ListAsync, "ls"), ReadOnly: true, Destructive: false),
            new(Function(tools.GrepAsync, "grep"), ReadOnly: true, Destructive: false),
            new(Function(tools.GlobAsync, "glob"), ReadOnly: true, Destructive: false),
        ];
    }

    private static AIFunction Function(Delegate method, string name) =>
        AIFunctionFactory.Create(method, new AIFunctionFactoryOptions { Name = name });

    /// <summary>
    /// Wraps a tool's function so that its text comes back as a plain string (not JSON-quoted), and a refusal (<see cref="WorkspaceToolException"/>, or a failed file
    /// operation) becomes the call's result built by <paramref name="answer"/> from the message: a function
    /// that throws reaches the model only as "function failed", and the model needs the reason to act on it.
    /// </summary>
    public static AIFunction AnswerRefusals(AIFunction function, Func<string, object?> answer) => new RefusalAnswering(function, answer);

    private sealed class RefusalAnswering(AIFunction inner, Func<string, object?> answer) : DelegatingAIFunction(inner)
    {
        protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
        {
            try
            {
                var result = await base.InvokeCoreAsync(arguments, cancellationToken).ConfigureAwait(false);
                return result is JsonElement { ValueKind: JsonValueKind.String } text ? text.GetString() : result;
            }
            catch (Exception e) when (e is WorkspaceToolException or Mirage.Vfs.ResourceException)
            {
                return answer(e.Message);
            }
        }
    }
}
