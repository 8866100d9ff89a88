using Mirage.Resources.S3.Tests;
using Mirage.Testing;
using System.Formats.Tar;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Mirage.Cli.Tests;

/// <summary>The seed's checklist through the real `mirage` executable and a real daemon.</summary>
public sealed class DaemonVerbTests : IClassFixture<DaemonCli>
{
    private readonly DaemonCli _cli;

    public DaemonVerbTests(DaemonCli cli) => _cli = cli;

    /// <summary>A workspace with a RAM mount and a read-only disk folder of sample data; returns its id.</summary>
    private async Task<string> CreateSampleAsync(string id)
    {
        var folder = Path.Combine(_cli.Root, "sample-" + id);
        Directory.CreateDirectory(Path.Combine(folder, "logs"));
        await File.WriteAllTextAsync(Path.Combine(folder, "logs", "app.log"), "ok start\nalert: disk full\nok end\n");
        var yaml = _cli.WriteFile(id + ".yaml", $"mounts:\n  /data: {{ type: ram }}\n  /sample: {{ type: disk, mode: read, config: {{ root: ./sample-{id} }} }}\nenv:\n  PROJECT: \"${{PROJECT:-demo}}\"\n");
        var created = await _cli.RunAsync(["workspace", "create", yaml, "--id", id]);
        Assert.Equal((0, id + "\n", ""), (created.ExitCode, created.Stdout, created.Stderr));
        return id;
    }

    private async Task<DaemonCli.Outcome> ExecuteAsync(string id, string command, params string[] more) =>
        await _cli.RunAsync(["execute", "--workspace_id", id, "--command", command, .. more]);

    [Fact]
    public async Task Create_execute_snapshot_load_and_delete_end_to_end()
    {
        var id = await CreateSampleAsync("seed");

        var listed = await ExecuteAsync(id, "ls /sample/logs; cat /sample/logs/app.log | head -n 1");
        Assert.Equal("app.log\nok start\n", listed.Stdout);

        var written = await ExecuteAsync(id, "cp /sample/logs/app.log /data/copy.log && echo note > /data/note.txt && grep -r alert /sample /data");
        Assert.Equal(0, written.ExitCode);
        Assert.Equal("/sample/logs/app.log:alert: disk full\n/data/copy.log:alert: disk full\n", written.Stdout);

        // The session keeps its working directory between calls.
        Assert.Equal(0, (await ExecuteAsync(id, "cd /data", "--session_id", "s1")).ExitCode);
        var again = await ExecuteAsync(id, "pwd; cat note.txt", "--session_id", "s1");
        Assert.Equal("/data\nnote\n", again.Stdout);

        var tar = Path.Combine(_cli.Root, "seed.tar");
        var saved = await _cli.RunAsync(["workspace", "snapshot", id, tar]);
        Assert.Equal((0, ""), (saved.ExitCode, saved.Stderr));
        var names = new List<string>();
        await using (var reader = new TarReader(File.OpenRead(tar)))
        {
            while (await reader.GetNextEntryAsync() is { } entry) names.Add(entry.Name);
        }
        Assert.Equal("manifest.json", names[0]);
        Assert.Contains("mounts/data/note.txt", names);
        Assert.Contains("mounts/data/copy.log", names);
        Assert.Contains("mounts/sample/logs/app.log", names);

        // The disk folder is still there and not empty: restored into a new one, relative to the overrides file.
        var overrides = _cli.WriteFile("restore-seed.yaml", "mounts:\n  /sample:\n    config: { root: ./restored-seed }\n");
        var loaded = await _cli.RunAsync(["workspace", "load", tar, "--id", "seed-copy", "--config", overrides]);
        Assert.Equal((0, "seed-copy\n", ""), (loaded.ExitCode, loaded.Stdout, loaded.Stderr));
        var restored = await ExecuteAsync("seed-copy", "pwd; cat note.txt; wc -l < /data/copy.log; echo $PROJECT; grep alert /sample/logs/app.log", "-s", "s1");
        Assert.Equal("/data\nnote\n3\ndemo\nalert: disk full\n", restored.Stdout);
        Assert.Equal("ok start\nalert: disk full\nok end\n", await File.ReadAllTextAsync(Path.Combine(_cli.Root, "restored-seed", "logs", "app.log")));

        var deleted = await _cli.RunAsync(["workspace", "delete", id]);
        Assert.Equal(0, deleted.ExitCode);
        var list = await _cli.RunAsync(["workspace", "list", "--json"]);
        var ids = JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray().Select(w => w.GetProperty("id").GetString()).ToList();
        Assert.Contains("seed-copy", ids);
        Assert.DoesNotContain(id, ids);
    }

    [Fact]
    public async Task Loading_over_a_non_empty_disk_folder_is_refused_unless_asked()
    {
        var id = await CreateSampleAsync("busy");
        var tar = Path.Combine(_cli.Root, "busy.tar");
        Assert.Equal(0, (await _cli.RunAsync(["workspace", "snapshot", id, tar])).ExitCode);
        var listed = await CliRunner.RunProgramAsync("tar", ["-tf", tar]);
        Assert.Equal((0, ""), (listed.ExitCode, listed.Stderr));
        Assert.Contains("mounts/sample/logs/app.log\n", listed.Stdout, StringComparison.Ordinal);
        var folder = Path.Combine(_cli.Root, "sample-busy");
        await File.WriteAllTextAsync(Path.Combine(folder, "logs", "app.log"), "edited\n");

        var refused = await _cli.RunAsync(["workspace", "load", tar, "--id", "busy-copy"]);
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal($"mirage: /sample: the host folder {folder} is not empty; give another root (mounts: {{/sample: {{config: {{root: DIR}}}}}}) or say restore: keep or restore: overwrite for it in an overrides file\n", refused.Stderr);
        Assert.Equal("edited\n", await File.ReadAllTextAsync(Path.Combine(folder, "logs", "app.log")));
        Assert.Equal(1, (await ExecuteAsync("busy-copy", "true")).ExitCode);

        var keep = _cli.WriteFile("keep.yaml", "mounts:\n  /sample: { restore: keep }\n");
        Assert.Equal(0, (await _cli.RunAsync(["workspace", "load", tar, "--id", "busy-kept", "--config", keep])).ExitCode);
        Assert.Equal("edited\n", (await ExecuteAsync("busy-kept", "cat /sample/logs/app.log")).Stdout);
    }

    [Fact]
    public async Task A_cached_s3_mount_carries_its_cached_files_through_snapshot_and_load()
    {
        await S3TestServer.EnsureBucketAsync();
        var options = S3TestServer.Options(S3TestServer.NewPrefix("cli-snapshot"));
        var yaml = _cli.WriteFile("s3.yaml", $$"""
            mounts:
              /s3:
                type: s3
                config: { bucket: {{options.Bucket}}, region: {{options.Region}}, endpoint: '{{options.Endpoint}}', prefix: '{{options.Prefix}}', access_key_id: {{options.AccessKeyId}}, secret_access_key: {{options.SecretAccessKey}}, path_style: true }
            cache: { type: ram, limit: 10MB }
            read: fresh
            """);
        var created = await _cli.RunAsync(["workspace", "create", yaml, "--id", "s3-cached"]);
        Assert.Equal((0, ""), (created.ExitCode, created.Stderr));
        try
        {
            var seeded = await ExecuteAsync("s3-cached", "echo remote bytes > /s3/r.txt && cat /s3/r.txt");
            Assert.Equal((0, "remote bytes\n", ""), (seeded.ExitCode, seeded.Stdout, seeded.Stderr));
            var tar = Path.Combine(_cli.Root, "s3.tar");
            Assert.Equal(0, (await _cli.RunAsync(["workspace", "snapshot", "s3-cached", tar])).ExitCode);
            var listed = await CliRunner.RunProgramAsync("tar", ["-tf", tar]);
            Assert.Equal((0, "manifest.json\ncache/s3/\ncache/s3/r.txt\n"), (listed.ExitCode, listed.Stdout));

            var refused = await _cli.RunAsync(["workspace", "load", tar, "--id", "s3-nosecrets"]);
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("redacted for /s3", refused.Stderr, StringComparison.Ordinal);

            var secrets = _cli.WriteFile("s3-secrets.yaml", $"mounts:\n  /s3:\n    config: {{ access_key_id: {options.AccessKeyId}, secret_access_key: {options.SecretAccessKey} }}\n");
            var loaded = await _cli.RunAsync(["workspace", "load", tar, "--id", "s3-restored", "--config", secrets]);
            Assert.Equal((0, "s3-restored\n", ""), (loaded.ExitCode, loaded.Stdout, loaded.Stderr));
            Assert.Equal("remote bytes\n", (await ExecuteAsync("s3-restored", "cat /s3/r.txt")).Stdout);
            var described = JsonDocument.Parse((await _cli.RunAsync(["workspace", "get", "s3-restored"])).Stdout).RootElement;
            Assert.Equal("s3", described.GetProperty("mounts")[0].GetProperty("type").GetString());
        }
        finally
        {
            await ExecuteAsync("s3-cached", "rm -f /s3/r.txt");
        }
    }

    [Fact]
    public async Task The_shipped_quickstart_workspace_mounts_its_sample_read_only()
    {
        var yaml = Path.Combine(CliRunner.RepositoryRoot, "examples", "quickstart.yaml");
        var created = await _cli.RunAsync(["workspace", "create", yaml]);
        Assert.Equal((0, "quickstart\n", ""), (created.ExitCode, created.Stdout, created.Stderr));
        var alerts = await ExecuteAsync("quickstart", "grep alert /docs/app.log | cut -d' ' -f4- > /data/alerts.txt; wc -l < /data/alerts.txt; echo $TEAM");
        var expected = File.ReadLines(Path.Combine(CliRunner.RepositoryRoot, "examples", "Quickstart", "sample", "app.log")).Count(line => line.Contains("alert", StringComparison.Ordinal));
        Assert.Equal($"{expected}\non-call\n", alerts.Stdout);
        var refused = await ExecuteAsync("quickstart", "echo draft > /docs/new.txt");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("/docs/new.txt: Read-only file system", refused.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(CliRunner.RepositoryRoot, "examples", "Quickstart", "sample", "new.txt")));
    }

    [Fact]
    public async Task Execute_passes_stdin_output_and_status_through_unchanged()
    {
        var id = await CreateSampleAsync("pipes");
        var outcome = await ExecuteAsync(id, "tr a-z A-Z; echo warning >&2; exit 7", []);
        Assert.Equal(7, outcome.ExitCode);
        Assert.Equal("warning\n", outcome.Stderr);

        var piped = await _cli.RunAsync(["shell", "-w", id, "-c", "tr a-z A-Z"], stdin: "from stdin\n");
        Assert.Equal((0, "FROM STDIN\n", ""), (piped.ExitCode, piped.Stdout, piped.Stderr));
    }

    [Fact]
    public async Task Shell_without_a_command_reads_lines_and_prompts_with_the_workspace_and_cwd()
    {
        var id = await CreateSampleAsync("prompt");
        var outcome = await _cli.RunAsync(["shell", "-w", id, "-s", "person"], stdin: "cd /sample/logs\nls\nexit\n");
        Assert.Equal((0, "app.log\n"), (outcome.ExitCode, outcome.Stdout));
        Assert.Equal($"mirage:{id}:/data$ mirage:{id}:/sample/logs$ mirage:{id}:/sample/logs$ ", outcome.Stderr);
    }

    [Fact]
    public async Task Get_shows_the_mounts_as_json()
    {
        var id = await CreateSampleAsync("shown");
        var outcome = await _cli.RunAsync(["workspace", "get", id]);
        Assert.Equal(0, outcome.ExitCode);
        var mounts = JsonDocument.Parse(outcome.Stdout).RootElement.GetProperty("mounts").EnumerateArray()
            .Select(m => $"{m.GetProperty("prefix").GetString()}:{m.GetProperty("type").GetString()}:{m.GetProperty("mode").GetString()}").ToList();
        Assert.Equal(["/data:ram:write", "/sample:disk:read"], mounts);
    }

    [Fact]
    public async Task Daemon_status_reports_a_running_daemon()
    {
        await _cli.RunAsync(["daemon", "start"]);
        var status = await _cli.RunAsync(["daemon", "status", "--json"]);
        Assert.Equal(0, status.ExitCode);
        Assert.True(JsonDocument.Parse(status.Stdout).RootElement.GetProperty("running").GetBoolean());
    }

    [Fact]
    public async Task Bad_yaml_is_reported_with_file_line_and_key()
    {
        var yaml = _cli.WriteFile("bad.yaml", "mounts:\n  /data: { type: ram }\n  /x: { type: ram, colour: red }\n");
        var outcome = await _cli.RunAsync(["workspace", "create", yaml]);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"mirage: {yaml}:3: mounts./x.colour: unknown key (expected one of: cache, config, index, mode, read, type)\n", outcome.Stderr);
        Assert.Equal("", outcome.Stdout);
    }

    [Fact]
    public async Task Malformed_yaml_an_unknown_type_and_missing_variables_each_exit_non_zero()
    {
        var malformed = _cli.WriteFile("malformed.yaml", "mounts:\n  /a: { type: ram\n");
        var unknown = _cli.WriteFile("unknown.yaml", "mounts:\n  /a: { type: nosuch }\n");
        var missing = _cli.WriteFile("missing.yaml", "mounts:\n  /a: { type: disk, config: { root: \"${MIRAGE_TEST_UNSET_A}\" } }\nenv: { B: \"${MIRAGE_TEST_UNSET_B}\" }\n");
        var outcomes = new[]
        {
            await _cli.RunAsync(["workspace", "create", malformed]),
            await _cli.RunAsync(["workspace", "create", unknown]),
            await _cli.RunAsync(["workspace", "create", missing]),
        };
        Assert.All(outcomes, o => Assert.Equal(2, o.ExitCode));
        Assert.Contains("invalid YAML", outcomes[0].Stderr, StringComparison.Ordinal);
        Assert.Contains("unknown mount type 'nosuch'", outcomes[1].Stderr, StringComparison.Ordinal);
        Assert.Contains("MIRAGE_TEST_UNSET_A is not set", outcomes[2].Stderr, StringComparison.Ordinal);
        Assert.Contains("MIRAGE_TEST_UNSET_B is not set", outcomes[2].Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_workspace_id_is_one_line_and_status_1()
    {
        var outcome = await ExecuteAsync("no-such-workspace", "ls");
        Assert.Equal((1, "mirage: workspace 'no-such-workspace' not found\n"), (outcome.ExitCode, outcome.Stderr));
    }

    [Fact]
    public async Task A_truncated_or_foreign_tar_is_refused_and_nothing_stored_is_lost()
    {
        var id = await CreateSampleAsync("kept");
        await ExecuteAsync(id, "echo safe > /data/safe.txt");
        var tar = Path.Combine(_cli.Root, "kept.tar");
        Assert.Equal(0, (await _cli.RunAsync(["workspace", "snapshot", id, tar])).ExitCode);
        var truncated = Path.Combine(_cli.Root, "truncated.tar");
        var bytes = await File.ReadAllBytesAsync(tar);
        await File.WriteAllBytesAsync(truncated, bytes[..700]);
        var foreign = _cli.WriteFile("foreign.tar", "this is not a tar archive, just text that goes on for a while");

        var first = await _cli.RunAsync(["workspace", "load", truncated, "--id", "from-truncated"]);
        var second = await _cli.RunAsync(["workspace", "load", foreign, "--id", "from-foreign"]);
        Assert.Equal((2, "mirage: the snapshot is truncated or not a tar archive\n"), (first.ExitCode, first.Stderr));
        Assert.Equal(2, second.ExitCode);
        Assert.StartsWith("mirage: ", second.Stderr, StringComparison.Ordinal);

        var still = await ExecuteAsync(id, "cat /data/safe.txt");
        Assert.Equal("safe\n", still.Stdout);
    }

    [Fact]
    public async Task A_wrong_token_is_refused()
    {
        await _cli.RunAsync(["daemon", "start"]);
        var otherHome = Path.Combine(_cli.Root, "other-home");
        Directory.CreateDirectory(otherHome);
        await File.WriteAllTextAsync(Path.Combine(otherHome, "auth_token"), "not-the-token");
        var outcome = await _cli.RunWithAsync(["workspace", "list"], otherHome, _cli.Url);
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("refused the token", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_daemon_that_cannot_take_its_port_is_reported()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port;
        var home = Path.Combine(_cli.Root, "blocked-home");
        // Something that accepts connections but never answers as a daemon would.
        var outcome = await _cli.RunWithAsync(["daemon", "start"], home, $"http://127.0.0.1:{port}");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("address already in use", outcome.Stderr, StringComparison.Ordinal);
        Assert.Single(outcome.Stderr.TrimEnd('\n').Split('\n'));
    }
}
