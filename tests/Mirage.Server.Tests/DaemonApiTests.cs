using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Mirage.Server.Tests;

public sealed class DaemonApiTests : IClassFixture<DaemonFixture>
{
    private const string RamYaml = DaemonFixture.RamYaml;

    private readonly DaemonFixture _daemon;

    public DaemonApiTests(DaemonFixture daemon) => _daemon = daemon;

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    public async Task Requests_without_the_right_token_are_refused_with_401(string? token)
    {
        using var client = _daemon.NewClient(token);
        using var response = await client.GetAsync("v1/health");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        var error = await response.Content.ReadFromJsonAsync<ErrorResponse>(DaemonFixture.Json);
        Assert.Contains("token", error!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_answers_with_the_process_id()
    {
        var health = await _daemon.Client.GetFromJsonAsync<HealthResponse>("v1/health", DaemonFixture.Json);
        Assert.Equal("ok", health!.Status);
        Assert.Equal(Environment.ProcessId, health.Pid);
    }

    [Fact]
    public async Task A_session_keeps_its_working_directory_and_variables_between_requests()
    {
        var workspace = await _daemon.CreateAsync(RamYaml);
        await _daemon.ExecuteAsync(workspace.Id, new ExecuteRequest("mkdir -p /data/sub && cd /data/sub && NAME=kept", "s1"));
        var second = await _daemon.ExecuteAsync(workspace.Id, new ExecuteRequest("pwd; echo $NAME", "s1"));
        Assert.Equal("/data/sub\nkept\n", second.Stdout);
        Assert.Equal("/data/sub", second.Cwd);
        var other = await _daemon.ExecuteAsync(workspace.Id, new ExecuteRequest("pwd", "s2"));
        Assert.Equal("/data\n", other.Stdout);
    }

    [Fact]
    public async Task Binary_output_and_stdin_round_trip_as_base64()
    {
        var workspace = await _daemon.CreateAsync(RamYaml);
        byte[] bytes = [0xff, 0x00, 0xfe, 0x0a, 0x80];
        var result = await _daemon.ExecuteAsync(workspace.Id, new ExecuteRequest("cat > /data/b.bin; cat /data/b.bin", StdinBase64: Convert.ToBase64String(bytes)));
        Assert.Equal("base64", result.Encoding);
        Assert.Equal(bytes, Convert.FromBase64String(result.Stdout));
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task The_exit_status_and_stderr_come_back()
    {
        var workspace = await _daemon.CreateAsync(RamYaml);
        var result = await _daemon.ExecuteAsync(workspace.Id, new ExecuteRequest("cat /data/missing; exit 4"));
        Assert.Equal(4, result.ExitCode);
        Assert.Equal("cat: /data/missing: No such file or directory\n", result.Stderr);
    }

    [Fact]
    public async Task Bad_yaml_is_refused_with_the_line_and_key_and_nothing_is_created()
    {
        var before = await _daemon.Client.GetFromJsonAsync<List<WorkspaceInfo>>("v1/workspaces", DaemonFixture.Json);
        using var response = await _daemon.Client.PostAsJsonAsync("v1/workspaces",
            new CreateWorkspaceRequest("mounts:\n  /data: { type: ram }\n  /x: { type: nosuch }\n", "bad", "bad.yaml"), DaemonFixture.Json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<ErrorResponse>(DaemonFixture.Json);
        Assert.StartsWith("bad.yaml:3: mounts./x.type: unknown mount type 'nosuch'", error!.Detail, StringComparison.Ordinal);
        var after = await _daemon.Client.GetFromJsonAsync<List<WorkspaceInfo>>("v1/workspaces", DaemonFixture.Json);
        Assert.Equal(before!.Count, after!.Count);
    }

    [Fact]
    public async Task Variables_come_from_the_request_not_the_daemons_environment()
    {
        using var response = await _daemon.Client.PostAsJsonAsync("v1/workspaces",
            new CreateWorkspaceRequest("mounts:\n  /data: { type: ram }\nenv:\n  WHO: \"${MIRAGE_TEST_WHO}\"\n", Variables: new() { ["MIRAGE_TEST_WHO"] = "caller" }), DaemonFixture.Json);
        var workspace = await response.Content.ReadFromJsonAsync<WorkspaceInfo>(DaemonFixture.Json);
        var result = await _daemon.ExecuteAsync(workspace!.Id, new ExecuteRequest("echo $WHO"));
        Assert.Equal("caller\n", result.Stdout);
    }

    [Fact]
    public async Task A_taken_id_is_refused_with_409_and_the_existing_workspace_is_kept()
    {
        await _daemon.CreateAsync(RamYaml, "taken");
        await _daemon.ExecuteAsync("taken", new ExecuteRequest("echo keep > /data/k"));
        using var response = await _daemon.Client.PostAsJsonAsync("v1/workspaces", new CreateWorkspaceRequest(RamYaml, "taken"), DaemonFixture.Json);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var result = await _daemon.ExecuteAsync("taken", new ExecuteRequest("cat /data/k"));
        Assert.Equal("keep\n", result.Stdout);
    }

    [Fact]
    public async Task Unknown_workspaces_answer_404()
    {
        using var response = await _daemon.Client.PostAsJsonAsync("v1/workspaces/nope/execute", new ExecuteRequest("ls"), DaemonFixture.Json);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var deleted = await _daemon.Client.DeleteAsync("v1/workspaces/nope");
        Assert.Equal(HttpStatusCode.NotFound, deleted.StatusCode);
    }

    [Fact]
    public async Task Snapshot_then_load_under_a_new_id_restores_files_and_sessions()
    {
        var workspace = await _daemon.CreateAsync(RamYaml);
        await _daemon.ExecuteAsync(workspace.Id, new ExecuteRequest("mkdir -p /data/d/empty; printf 'one\\ntwo\\n' > /data/d/f.txt; cd /data/d", "work"));
        var tar = await _daemon.Client.GetByteArrayAsync($"v1/workspaces/{workspace.Id}/snapshot");

        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(tar), "snapshot", "s.tar" },
            { new StringContent(workspace.Id + "-copy"), "id" },
        };
        using var response = await _daemon.Client.PostAsync("v1/workspaces/load", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var loaded = await response.Content.ReadFromJsonAsync<WorkspaceInfo>(DaemonFixture.Json);
        Assert.Equal(workspace.Id + "-copy", loaded!.Id);

        var result = await _daemon.ExecuteAsync(loaded.Id, new ExecuteRequest("pwd; cat f.txt; ls -d /data/d/empty", "work"));
        Assert.Equal("/data/d\none\ntwo\n/data/d/empty\n", result.Stdout);
    }

    [Fact]
    public async Task A_foreign_tar_is_refused_and_no_workspace_appears()
    {
        var before = await _daemon.Client.GetFromJsonAsync<List<WorkspaceInfo>>("v1/workspaces", DaemonFixture.Json);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes("not a tar at all")), "snapshot", "x.tar" } };
        using var response = await _daemon.Client.PostAsync("v1/workspaces/load", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var after = await _daemon.Client.GetFromJsonAsync<List<WorkspaceInfo>>("v1/workspaces", DaemonFixture.Json);
        Assert.Equal(before!.Count, after!.Count);
    }

    [Fact]
    public async Task Sessions_can_be_created_listed_and_deleted()
    {
        var workspace = await _daemon.CreateAsync(RamYaml);
        using var created = await _daemon.Client.PostAsJsonAsync($"v1/workspaces/{workspace.Id}/sessions", new CreateSessionRequest("agent", "/tmp"), DaemonFixture.Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var sessions = await _daemon.Client.GetFromJsonAsync<List<SessionInfo>>($"v1/workspaces/{workspace.Id}/sessions", DaemonFixture.Json);
        Assert.Contains(sessions!, s => s.Id == "agent" && s.Cwd == "/tmp");
        using var deleted = await _daemon.Client.DeleteAsync($"v1/workspaces/{workspace.Id}/sessions/agent");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        sessions = await _daemon.Client.GetFromJsonAsync<List<SessionInfo>>($"v1/workspaces/{workspace.Id}/sessions", DaemonFixture.Json);
        Assert.DoesNotContain(sessions!, s => s.Id == "agent");
    }

    [Fact]
    public async Task Files_can_be_written_read_listed_and_statted()
    {
        var workspace = await _daemon.CreateAsync(RamYaml);
        using var written = await _daemon.Client.PutAsync($"v1/workspaces/{workspace.Id}/files/write?path=/data/w.txt", new StringContent("written"));
        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        Assert.Equal("written", await _daemon.Client.GetStringAsync($"v1/workspaces/{workspace.Id}/files/read?path=/data/w.txt"));
        var listing = await _daemon.Client.GetFromJsonAsync<List<EntryResponse>>($"v1/workspaces/{workspace.Id}/files/list?path=/data", DaemonFixture.Json);
        Assert.Contains(listing!, e => e.Path == "/data/w.txt" && e.Kind == "file" && e.Size == 7);
        using var missing = await _daemon.Client.GetAsync($"v1/workspaces/{workspace.Id}/files/stat?path=/data/none");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Deleting_a_workspace_removes_it_from_the_list()
    {
        var workspace = await _daemon.CreateAsync(RamYaml);
        using var response = await _daemon.Client.DeleteAsync($"v1/workspaces/{workspace.Id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var all = await _daemon.Client.GetFromJsonAsync<List<WorkspaceInfo>>("v1/workspaces", DaemonFixture.Json);
        Assert.DoesNotContain(all!, w => w.Id == workspace.Id);
    }

    [Fact]
    public async Task Malformed_json_is_refused_with_400()
    {
        using var response = await _daemon.Client.PostAsync("v1/workspaces", new StringContent("{not json", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("JSON", error.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
