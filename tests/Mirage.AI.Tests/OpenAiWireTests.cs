using System.ClientModel;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mirage.Vfs;
using Mirage.Vfs.Disk;
using Mirage.Vfs.Ram;
using OpenAI;

namespace Mirage.AI.Tests;

/// <summary>
/// The OpenAI client of Microsoft.Extensions.AI.OpenAI against a local server that answers
/// /v1/chat/completions with the JSON a real provider sends: the tool schemas, the tool call and its
/// result cross the wire exactly as they would with a hosted model.
/// </summary>
public sealed class OpenAiWireTests
{
    private const string ToolCallResponse = """
        {"id":"chatcmpl-AX1","object":"chat.completion","created":1764000000,"model":"gpt-4o-mini-2024-07-18",
         "choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":null,"annotations":[],
           "tool_calls":[{"id":"call_Qk7Jd1","type":"function","function":{"name":"execute","arguments":"{\"command\":\"grep -r alert /data | wc -l\"}"}}]},
           "logprobs":null,"finish_reason":"tool_calls"}],
         "usage":{"prompt_tokens":412,"completion_tokens":24,"total_tokens":436},"system_fingerprint":"fp_1"}
        """;

    private const string FinalResponse = """
        {"id":"chatcmpl-AX2","object":"chat.completion","created":1764000001,"model":"gpt-4o-mini-2024-07-18",
         "choices":[{"index":0,"message":{"role":"assistant","content":"There are 3 alerts under /data.","refusal":null,"annotations":[]},
           "logprobs":null,"finish_reason":"stop"}],
         "usage":{"prompt_tokens":460,"completion_tokens":9,"total_tokens":469},"system_fingerprint":"fp_1"}
        """;

    [Fact]
    public async Task The_openai_client_sends_the_tools_runs_the_call_and_returns_its_result()
    {
        var requests = new List<JsonNode>();
        await using var server = await StartFakeProviderAsync(requests);
        await using var workspace = new Workspace(new Dictionary<string, IResource> { ["/data"] = new RamResource() });
        await workspace.ExecuteAsync("printf 'alert 1\\nok\\nalert 2\\n' > /data/a.log; echo alert 3 > /data/b.log");

        var openai = new OpenAIClient(new ApiKeyCredential("test-key"), new OpenAIClientOptions { Endpoint = new Uri(server.Url + "/v1") });
        using var client = new ChatClientBuilder(openai.GetChatClient("gpt-4o-mini").AsIChatClient()).UseFunctionInvocation().Build();
        var response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.System, workspace.FilePrompt), new ChatMessage(ChatRole.User, "How many alerts are there?")],
            new ChatOptions { Tools = [.. WorkspaceFunctions.Create(workspace)] });

        Assert.Equal("There are 3 alerts under /data.", response.Text);
        Assert.Equal(2, requests.Count);
        var tools = requests[0]["tools"]!.AsArray();
        Assert.Equal(["execute", "read_file", "write_file", "edit_file", "ls", "grep", "glob"], tools.Select(t => (string)t!["function"]!["name"]!));
        var executeSchema = tools[0]!["function"]!["parameters"]!;
        Assert.Equal("string", (string)executeSchema["properties"]!["command"]!["type"]!);
        Assert.Contains("/data (ram, read-write)", (string)requests[0]["messages"]![0]!["content"]!, StringComparison.Ordinal);

        var replayed = requests[1]["messages"]!.AsArray();
        var call = replayed.Single(m => (string)m!["role"]! == "assistant")!["tool_calls"]![0]!;
        Assert.Equal("call_Qk7Jd1", (string)call["id"]!);
        var toolMessage = replayed.Single(m => (string)m!["role"]! == "tool")!;
        Assert.Equal("call_Qk7Jd1", (string)toolMessage["tool_call_id"]!);
        Assert.Equal("3\n[exit code 0]", ContentText(toolMessage["content"]!));
    }

    /// <summary>A message's content: a string, or an array of text parts.</summary>
    private static string ContentText(JsonNode content) =>
        content is JsonValue ? (string)content! : string.Concat(content.AsArray().Select(part => (string)part!["text"]!));

    private static async Task<FakeProvider> StartFakeProviderAsync(List<JsonNode> requests)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            var body = await JsonNode.ParseAsync(context.Request.Body);
            int turn;
            lock (requests)
            {
                requests.Add(body!);
                turn = requests.Count;
            }
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(turn == 1 ? ToolCallResponse : FinalResponse);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new FakeProvider(app, address);
    }

    private sealed record FakeProvider(WebApplication App, string Url) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}
