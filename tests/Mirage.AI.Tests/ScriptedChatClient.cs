using Microsoft.Extensions.AI;

namespace Mirage.AI.Tests;

/// <summary>
/// A chat model played by a script: each turn sees every message so far (tool results included) and
/// answers with the next assistant message. It records what each turn was given.
/// </summary>
internal sealed class ScriptedChatClient(params Func<IReadOnlyList<ChatMessage>, ChatMessage>[] turns) : IChatClient
{
    private int _next;

    public List<IReadOnlyList<ChatMessage>> Requests { get; } = [];

    public List<ChatOptions?> Options { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var seen = messages.ToList();
        Requests.Add(seen);
        Options.Add(options);
        if (_next >= turns.Length) throw new InvalidOperationException($"the script has {turns.Length} turns; a turn {_next + 1} was asked for");
        return Task.FromResult(new ChatResponse(turns[_next++](seen)));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the script answers whole responses");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    public static ChatMessage Call(params (string Id, string Name, Dictionary<string, object?> Arguments)[] calls) =>
        new(ChatRole.Assistant, calls.Select(c => (AIContent)new FunctionCallContent(c.Id, c.Name, c.Arguments)).ToList());

    /// <summary>The result text the tool loop handed back for a call id.</summary>
    public static string ResultOf(IReadOnlyList<ChatMessage> messages, string callId) =>
        messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single(r => r.CallId == callId).Result?.ToString()
        ?? throw new InvalidOperationException($"call {callId} has a null result");
}
