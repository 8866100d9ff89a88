// An agent on Microsoft.Extensions.AI working in a Mirage workspace through its tools.
//
//   dotnet run --project examples/Agent                      # offline: a scripted model plays the agent
//   OPENAI_API_KEY=... dotnet run --project examples/Agent   # a real model (OPENAI_MODEL, OPENAI_BASE_URL optional)
//   Agent --data FOLDER --out FOLDER [--task TEXT]           # other logs; keep the summary on disk
//
// The workspace mounts the logs read-only at /data and a writable /out; the model gets the workspace's
// file prompt as its system message and the tools execute, read_file, write_file, edit_file, ls, grep, glob.
using System.ClientModel;
using Microsoft.Extensions.AI;
using Mirage;
using Mirage.AI;
using Mirage.Vfs;
using Mirage.Vfs.Disk;
using Mirage.Vfs.Ram;
using OpenAI;

var data = Option("--data") ?? Path.Join(AppContext.BaseDirectory, "sample");
var output = Option("--out");
var task = Option("--task") ?? "Find the log files under /data, read them, and write a summary of the alerts to /out/summary.md.";
if (!Directory.Exists(data))
{
    Console.Error.WriteLine($"agent: {data}: No such directory");
    return 2;
}

await using var workspace = new Workspace(
[
    new Mount(VPath.Parse("/data"), new DiskResource(data), MountMode.Read),
    new Mount(VPath.Parse("/out"), output is null ? new RamResource() : new DiskResource(Directory.CreateDirectory(output).FullName)),
]);

var model = Environment.GetEnvironmentVariable("OPENAI_API_KEY") is { Length: > 0 } key
    ? new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions
    {
        Endpoint = Environment.GetEnvironmentVariable("OPENAI_BASE_URL") is { Length: > 0 } url ? new Uri(url) : null,
    }).GetChatClient(Environment.GetEnvironmentVariable("OPENAI_MODEL") ?? "gpt-4o-mini").AsIChatClient()
    : new OfflineModel();
using var agent = new ChatClientBuilder(model).UseFunctionInvocation(configure: loop => loop.MaximumIterationsPerRequest = 20).Build();

var response = await agent.GetResponseAsync(
    [new ChatMessage(ChatRole.System, workspace.FilePrompt), new ChatMessage(ChatRole.User, task)],
    new ChatOptions { Tools = [.. WorkspaceFunctions.Create(workspace)] });

foreach (var content in response.Messages.SelectMany(m => m.Contents))
{
    if (content is FunctionCallContent call)
        Console.WriteLine($"> {call.Name} {string.Join(' ', (call.Arguments ?? new Dictionary<string, object?>()).Select(a => $"{a.Key}={Shorten(a.Value?.ToString())}"))}");
    else if (content is FunctionResultContent result)
        Console.WriteLine($"< {Shorten(result.Result?.ToString())}");
}
Console.WriteLine();
Console.WriteLine(response.Text);
if (await workspace.Files.ExistsAsync("/out/summary.md"))
{
    Console.WriteLine();
    Console.Write(await workspace.Files.ReadAllTextAsync("/out/summary.md"));
}
return 0;

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

static string Shorten(string? text)
{
    var line = (text ?? "").ReplaceLineEndings("\\n");
    return line.Length <= 100 ? line : line[..100] + "...";
}
