using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Mirage.Server.Tests;

/// <summary>POST /v1/workspaces/{id}/execute/stream: output as newline-delimited JSON frames while the line runs.</summary>
public sealed class StreamingExecuteTests : IClassFixture<DaemonFixture>
{
    private const string RamYaml = DaemonFixture.RamYaml;

    private readonly DaemonFixture _daemon;

    public StreamingExecuteTests(DaemonFixture daemon) => _daemon = daemon;

    [Fact]
    public async Task Frames_carry_stdout_and_stderr_bytes_then_the_status_and_cwd()
    {
        var workspace = await _daemon.CreateAsync(RamYaml);
        await using var run = await StreamRun.StartAsync(_daemon, workspace.Id, new ExecuteRequest("cd /data; echo out; echo err >&2; cat; exit 5", StdinBase64: Convert.ToBase64String([0xff, 0x00, 0x80])));
        var frames = await run.ReadToEndAsync();
        Assert.Equal([(byte)'o', (byte)'u', (byte)'t', (byte)'\n', 0xff, 0x00, 0x80], frames.Where(f => f.Stdout is not null).SelectMany(f => f.Stdout!).ToArray());
        Assert.Equal("err\n", Encoding.UTF8.GetString(frames.Where(f => f.Stderr is not null).SelectMany(f => f.Stderr!).ToArray()));
        var end = frames[^1];
        Assert.Equal(5, end.ExitCode);
        Assert.Equal("/data", end.Cwd);
        Assert.Null(end.Error);
    }

    [Fact]
    public async Task Output_arrives_before_the_line_has_finished()
    {
        var workspace = await _daemon.CreateAsync(RamYaml);
        // The line waits for a file that only a second request, sent after its first frame arrived, creates.
        await using var run = await StreamRun.StartAsync(_daemon, workspace.Id,
            new ExecuteRequest("echo ready; while [ ! -e /data/go ]; do sleep 0.05; done; echo done", "waiting"));
        var first = await run.ReadFrameAsync();
        Assert.Equal("ready\n", Encoding.UTF8.GetString(first!.Stdout!));
        await _daemon.ExecuteAsync(workspace.Id, new ExecuteRequest("touch /data/go", "other"));
        var rest = await run.ReadToEndAsync();
        Assert.Equal("done\n", Encoding.UTF8.GetString(rest.Where(f => f.Stdout is not null).SelectMany(f => f.Stdout!).ToArray()));
        Assert.Equal(0, rest[^1].ExitCode);
    }

    [Fact]
    public async Task A_client_that_goes_away_cancels_its_line_and_frees_the_session()
    {
        var workspace = await _daemon.CreateAsync(RamYaml);
        var run = await StreamRun.StartAsync(_daemon, workspace.Id, new ExecuteRequest("echo ready; while true; do sleep 0.05; done", "s"));
        Assert.NotNull(await run.ReadFrameAsync());
        await run.DisposeAsync();
        // A session runs one line at a time: this answers only once the endless line was cancelled.
        var next = await _daemon.ExecuteAsync(workspace.Id, new ExecuteRequest("echo next", "s"));
        Assert.Equal("next\n", next.Stdout);
    }

    [Fact]
    public async Task After_a_cancelled_line_the_session_sees_status_130()
    {
        var workspace = await _daemon.CreateAsync(RamYaml);
        var before = await _daemon.ExecuteAsync(workspace.Id, new ExecuteRequest("false", "int"));
        Assert.Equal(1, before.ExitCode);
        var run = await StreamRun.StartAsync(_daemon, workspace.Id, new ExecuteRequest("echo ready; while true; do sleep 0.05; done", "int"));
        Assert.NotNull(await run.ReadFrameAsync());
        await run.DisposeAsync();
        var next = await _daemon.ExecuteAsync(workspace.Id, new ExecuteRequest("echo $?; echo $?", "int"));
        Assert.Equal("130\n0\n", next.Stdout);
        // Another session's status is its own.
        var other = await _daemon.ExecuteAsync(workspace.Id, new ExecuteRequest("echo $?", "untouched"));
        Assert.Equal("0\n", other.Stdout);
    }

    [Fact]
    public async Task Long_output_streams_through_whole()
    {
        var workspace = await _daemon.CreateAsync(RamYaml);
        await using var run = await StreamRun.StartAsync(_daemon, workspace.Id, new ExecuteRequest("seq 1 200000"));
        var frames = await run.ReadToEndAsync();
        var expected = string.Concat(Enumerable.Range(1, 200000).Select(i => i + "\n"));
        Assert.Equal(expected, Encoding.UTF8.GetString(frames.Where(f => f.Stdout is not null).SelectMany(f => f.Stdout!).ToArray()));
        Assert.Equal(0, frames[^1].ExitCode);
    }

    [Fact]
    public async Task An_unknown_workspace_is_answered_with_404_before_any_frame()
    {
        using var response = await _daemon.Client.PostAsJsonAsync("v1/workspaces/nope/execute/stream", new ExecuteRequest("ls"), DaemonFixture.Json);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<ErrorResponse>(DaemonFixture.Json);
        Assert.Equal("workspace 'nope' not found", error!.Detail);
    }

    private sealed class StreamRun : IAsyncDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly StreamReader _reader;

        private StreamRun(HttpResponseMessage response, StreamReader reader)
        {
            _response = response;
            _reader = reader;
        }

        public static async Task<StreamRun> StartAsync(DaemonFixture daemon, string id, ExecuteRequest request)
        {
            var message = new HttpRequestMessage(HttpMethod.Post, $"v1/workspaces/{id}/execute/stream") { Content = JsonContent.Create(request, options: DaemonFixture.Json) };
            var response = await daemon.Client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
            return new StreamRun(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
        }

        public async Task<ExecuteFrame?> ReadFrameAsync()
        {
            var line = await _reader.ReadLineAsync();
            return line is null ? null : JsonSerializer.Deserialize<ExecuteFrame>(line, DaemonFixture.Json);
        }

        public async Task<List<ExecuteFrame>> ReadToEndAsync()
        {
            var frames = new List<ExecuteFrame>();
            while (await ReadFrameAsync() is { } frame) frames.Add(frame);
            Assert.NotEmpty(frames);
            Assert.True(frames[^1].ExitCode is not null || frames[^1].Error is not null, "the last frame ends the line");
            Assert.All(frames[..^1], f => Assert.Null(f.ExitCode));
            return frames;
        }

        public ValueTask DisposeAsync()
        {
            _reader.Dispose();
            _response.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
