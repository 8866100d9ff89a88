using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Mirage.Testing;

namespace Mirage.Mcp.Tests;

/// <summary>`mirage mcp` and the daemon's MCP endpoint, driven by the real npm clients.</summary>
public sealed class McpClientTests : IAsyncLifetime
{
    private readonly DaemonCli _cli = new();
    private string _config = null!;
    private int _alerts;

    public Task InitializeAsync()
    {
        // A workspace file as a user writes it: host logs read-only at /data, scratch space in RAM.
        var lines = new[] { "alert: disk", "ok", "alert: cpu", "info", "ALERT upper case", "alert: net" };
        _cli.WriteFile("logs/app.log", string.Join('\n', lines[..4]) + "\n");
        _cli.WriteFile("logs/old/db.log", string.Join('\n', lines[4..]) + "\n");
        _alerts = lines.Count(l => l.Contains("alert", StringComparison.Ordinal));
        _config = _cli.WriteFile("ws.yaml", """
            id: agents
            mounts:
              /data:
                type: ram
              /docs:
                type: disk
                mode: read
                config: { root: ./logs }
            """);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _cli.DisposeAsync();

    private static JsonElement Json(CliRunner.Outcome outcome)
    {
        Assert.True(outcome.ExitCode == 0, $"exit {outcome.ExitCode}: {outcome.Stdout}{outcome.Stderr}");
        return JsonDocument.Parse(outcome.Stdout).RootElement;
    }

    private static string Text(JsonElement result) => string.Concat(result.GetProperty("content").EnumerateArray().Select(c => c.GetProperty("text").GetString()));

    private string[] Stdio(params string[] mirageArguments) => ["--", CliRunner.ExecutablePath, "mcp", "--config", _config, .. mirageArguments];

    [Fact]
    public async Task Inspector_lists_the_tools_over_stdio_with_read_only_hints_on_the_read_tools()
    {
        var listed = Json(await NodeClients.InspectAsync(["--method", "tools/list", .. Stdio()]));
        var tools = listed.GetProperty("tools").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.Equal(["execute", "read_file", "write_file", "edit_file", "ls", "grep", "glob"], tools.Keys);
        foreach (var (name, tool) in tools)
        {
            var readOnly = tool.GetProperty("annotations").GetProperty("readOnlyHint").GetBoolean();
            Assert.Equal(name is "read_file" or "ls" or "grep" or "glob", readOnly);
            Assert.False(tool.GetProperty("annotations").GetProperty("openWorldHint").GetBoolean());
        }
        Assert.Equal(["command"], tools["execute"].GetProperty("inputSchema").GetProperty("required").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Inspector_tools_call_of_execute_counts_the_alerts_of_a_yaml_workspace()
    {
        var called = Json(await NodeClients.InspectAsync(["--method", "tools/call", "--tool-name", "execute", "--tool-arg", "command=grep -r alert /docs | wc -l", .. Stdio()]));
        Assert.Equal($"{_alerts}\n[exit code 0]", Text(called));
        Assert.False(called.TryGetProperty("isError", out var isError) && isError.GetBoolean());
    }

    [Fact]
    public async Task A_refused_write_is_a_tool_error_that_says_where_to_write()
    {
        var outcome = await NodeClients.InspectAsync(["--method", "tools/call", "--tool-name", "write_file", "--tool-arg", "path=/docs/new.md", "--tool-arg", "content=x", .. Stdio()]);
        // The inspector prints the result, then exits non-zero because the tool reported an error.
        var result = JsonDocument.Parse(outcome.Stdout[..(outcome.Stdout.IndexOf("\n}", StringComparison.Ordinal) + 2)]).RootElement;
        Assert.True(result.GetProperty("isError").GetBoolean());
        Assert.Equal("cannot write: /docs/new.md is on /docs, which is read-only. Writable mounts: /data; write the file under one of them.", Text(result));
        Assert.False(File.Exists(Path.Join(_cli.Root, "logs", "new.md")));
    }

    [Fact]
    public async Task With_read_only_every_write_tool_refuses()
    {
        var outcome = await NodeClients.InspectAsync(["--method", "tools/call", "--tool-name", "write_file", "--tool-arg", "path=/data/a.md", "--tool-arg", "content=x", .. Stdio("--read-only")]);
        Assert.Contains("write_file is disabled: this workspace is read-only.", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"isError\": true", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_typescript_sdk_client_lists_calls_and_reads_the_instructions()
    {
        var outcome = Json(await NodeClients.RunScriptAsync("sdk-client.mjs", _cli.Root, [CliRunner.ExecutablePath, "mcp", "--config", _config]));
        Assert.Contains("- /docs (disk, read-only):", outcome.GetProperty("instructions").GetString(), StringComparison.Ordinal);
        var readOnly = outcome.GetProperty("tools").EnumerateArray().Where(t => t.GetProperty("readOnly").GetBoolean()).Select(t => t.GetProperty("name").GetString());
        Assert.Equal(["read_file", "ls", "grep", "glob"], readOnly);
        var results = outcome.GetProperty("results").EnumerateArray().Select(r => (Error: r.GetProperty("isError").GetBoolean(), Text: r.GetProperty("text").GetString())).ToList();
        Assert.Equal(
        [
            (false, "created /data/notes.md (19 bytes)"),
            (false, "replaced 1 occurrence in /data/notes.md"),
            (false, "     1\tdraft\n     2\tstatus: done\n"),
            (true, "old_string was not found in /data/notes.md: read the file and copy the text exactly, whitespace and line breaks included"),
            (true, "cannot write: /docs/x.md is on /docs, which is read-only. Writable mounts: /data; write the file under one of them."),
        ], results);
    }

    [Fact]
    public async Task The_daemon_serves_a_workspace_over_streamable_http_with_its_token()
    {
        var created = await _cli.RunAsync(["workspace", "create", _config]);
        Assert.True(created.ExitCode == 0, created.Stderr);
        var token = (await File.ReadAllTextAsync(Path.Join(_cli.Home, "auth_token"))).Trim();
        var endpoint = $"{_cli.Url}/v1/workspaces/agents/mcp";

        var called = Json(await NodeClients.InspectAsync([endpoint, "--transport", "http", "--header", $"Authorization: Bearer {token}",
            "--method", "tools/call", "--tool-name", "execute", "--tool-arg", "command=grep -r alert /docs | wc -l"]));
        Assert.Equal($"{_alerts}\n[exit code 0]", Text(called));

        using var http = new HttpClient();
        using var anonymous = await http.PostAsync(endpoint, new StringContent("{}", new MediaTypeHeaderValue("application/json")));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        const string initialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{_cli.Url}/v1/workspaces/nope/mcp") { Content = new StringContent(initialize, new MediaTypeHeaderValue("application/json")) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var unknown = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("workspace 'nope' not found", JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Mcp_with_a_workspace_id_passes_calls_on_to_the_daemon_workspace()
    {
        var created = await _cli.RunAsync(["workspace", "create", _config]);
        Assert.True(created.ExitCode == 0, created.Stderr);
        var environment = new Dictionary<string, string> { ["MIRAGE_HOME"] = _cli.Home, ["MIRAGE_DAEMON_URL"] = _cli.Url };
        string[] proxy = ["-e", $"MIRAGE_HOME={_cli.Home}", "-e", $"MIRAGE_DAEMON_URL={_cli.Url}", "--", CliRunner.ExecutablePath, "mcp", "-w", "agents"];

        var written = Json(await NodeClients.InspectAsync(["--method", "tools/call", "--tool-name", "write_file", "--tool-arg", "path=/data/kept.txt", "--tool-arg", "content=kept", .. proxy], environment));
        Assert.Equal("created /data/kept.txt (4 bytes)", Text(written));
        // The file lives in the daemon's workspace: the CLI sees it, and so does the next MCP process.
        var seen = await _cli.RunAsync(["execute", "-w", "agents", "-c", "cat /data/kept.txt"]);
        Assert.Equal("kept", seen.Stdout);
        var listed = Json(await NodeClients.InspectAsync(["--method", "tools/call", "--tool-name", "ls", "--tool-arg", "path=/data", .. proxy], environment));
        Assert.Equal("kept.txt  4 bytes\n", Text(listed));
    }

    [Fact]
    public async Task Mcp_with_an_unknown_workspace_id_fails_with_one_line()
    {
        var outcome = await _cli.RunAsync(["mcp", "-w", "missing"]);
        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal("mirage: workspace 'missing' not found\n", outcome.Stderr);
        Assert.Equal("", outcome.Stdout);
    }

    [Fact]
    public async Task Mcp_refuses_a_missing_file_and_mixed_sources_before_speaking_protocol()
    {
        var missing = Path.Join(_cli.Root, "none.yaml");
        var outcome = await _cli.RunAsync(["mcp", "--config", missing]);
        Assert.Equal((2, ""), (outcome.ExitCode, outcome.Stdout));
        Assert.StartsWith($"mirage: {missing}: cannot read", outcome.Stderr, StringComparison.Ordinal);
        var mixed = await _cli.RunAsync(["mcp", "--config", _config, "-w", "agents"]);
        Assert.Equal((2, "", "mirage: mcp: -w serves a daemon workspace; --config and --mount make a local one: give one or the other\n"), (mixed.ExitCode, mixed.Stdout, mixed.Stderr));
    }
}
