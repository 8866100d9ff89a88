using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;

/// <summary>
/// A stand-in for a chat model, so the example runs without a network: it plans the way a model would,
/// one step per turn, deciding each step from the tool results it has seen (find the logs, read them,
/// write the summary, answer). Any other <see cref="IChatClient"/> takes its place unchanged.
/// </summary>
internal sealed class OfflineModel : IChatClient
{
    private int _calls;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var history = messages.ToList();
        var calls = history.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToDictionary(c => c.CallId);
        var results = history.LastOrDefault()?.Contents.OfType<FunctionResultContent>().ToList() ?? [];
        var step = results.Count == 0 ? null : calls[results[0].CallId].Name;
        var failure = results.Select(r => r.Result?.ToString()).FirstOrDefault(text => text?.StartsWith("Error:", StringComparison.Ordinal) == true);
        var reply = failure is not null ? Say($"I could not finish: {failure}")
            : step switch
            {
                null => Call(("glob", new() { ["pattern"] = "**/*.log", ["path"] = "/data" })),
                "glob" => ReadEach(Text(results[0])),
                "read_file" => WriteSummary(results.Select(r => (Path: (string)calls[r.CallId].Arguments!["path"]!, Text: Text(r))).ToList()),
                "write_file" => Say("The summary of the alerts is in /out/summary.md."),
                _ => Say("Done."),
            };
        return Task.FromResult(new ChatResponse(reply));
    }

    private ChatMessage ReadEach(string paths)
    {
        var files = paths.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(p => p.StartsWith('/')).ToList();
        return files.Count == 0 ? Say("There are no log files under /data.") : Call(files.Select(p => ("read_file", new Dictionary<string, object?> { ["path"] = p })).ToArray());
    }

    private ChatMessage WriteSummary(List<(string Path, string Text)> files)
    {
        var summary = new StringBuilder("# Alerts\n\n| file | lines | alerts |\n|---|---|---|\n");
        var alerts = new List<string>();
        foreach (var (path, text) in files)
        {
            // read_file numbers each line as "     N<TAB>text".
            var lines = text.Split('\n').Where(l => l.Contains('\t', StringComparison.Ordinal)).Select(l => l[(l.IndexOf('\t', StringComparison.Ordinal) + 1)..]).ToList();
            var found = lines.Where(l => l.Contains("alert", StringComparison.OrdinalIgnoreCase)).ToList();
            summary.Append(CultureInfo.InvariantCulture, $"| {path} | {lines.Count} | {found.Count} |\n");
            alerts.AddRange(found.Select(l => $"- {path}: {l}"));
        }
        summary.Append(CultureInfo.InvariantCulture, $"\n{alerts.Count} alerts in {files.Count} files.\n\n").AppendJoin('\n', alerts).Append('\n');
        return Call(("write_file", new() { ["path"] = "/out/summary.md", ["content"] = summary.ToString() }));
    }

    private ChatMessage Call(params (string Name, Dictionary<string, object?> Arguments)[] calls) =>
        new(ChatRole.Assistant, calls.Select(c => (AIContent)new FunctionCallContent($"call_{++_calls}", c.Name, c.Arguments)).ToList());

    private static ChatMessage Say(string text) => new(ChatRole.Assistant, text);

    private static string Text(FunctionResultContent result) => result.Result?.ToString() ?? "";

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the offline model answers whole responses");

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
