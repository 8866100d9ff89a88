using System.Diagnostics;
using Mirage.Testing;
using Mirage.Vfs;
using Mirage.Vfs.Disk;
using Mirage.Vfs.Ram;

namespace Mirage.Tests;

/// <summary>The workspace driven with bash: streaming, sessions, modes and the disk root, end to end.</summary>
public sealed class WorkspaceShellTests : IClassFixture<TemporaryFolder>
{
    private readonly TemporaryFolder _folder;

    public WorkspaceShellTests(TemporaryFolder folder) => _folder = folder;

    private static Workspace CreateRam() => new(new Dictionary<string, IResource> { ["/data"] = new RamResource() });

    private static async Task WriteBigFileAsync(Workspace workspace, string path, int megabytes)
    {
        var line = "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz012345678\n"u8.ToArray();
        var content = new byte[megabytes * 1024 * 1024];
        for (var i = 0; i < content.Length; i++) content[i] = line[i % line.Length];
        await workspace.Files.WriteAllBytesAsync(path, content);
    }

    [Fact]
    public async Task A_reader_that_stops_early_stops_the_producer()
    {
        await using var workspace = CreateRam();
        await WriteBigFileAsync(workspace, "/data/big.log", 64);
        var mark = workspace.Operations.Position;
        var result = await workspace.ExecuteAsync("cat /data/big.log | head -n 1; echo \"${PIPESTATUS[@]}\"");
        Assert.Equal("0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz012345678\n141 0\n", result.StdoutText);
        var read = workspace.Operations.Snapshot(mark).Where(r => r.Kind == OperationKind.Read).Sum(r => r.Bytes);
        Assert.InRange(read, 1, 1024 * 1024);
    }

    [Fact]
    public async Task An_endless_producer_ends_when_its_reader_does()
    {
        await using var workspace = CreateRam();
        var result = await workspace.ExecuteAsync("yes | head -n 3");
        Assert.Equal("y\ny\ny\n", result.StdoutText);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Counting_lines_of_a_large_file_streams_it()
    {
        await using var workspace = CreateRam();
        await WriteBigFileAsync(workspace, "/data/big.log", 32);
        var result = await workspace.ExecuteAsync("cat /data/big.log | wc -l");
        Assert.Equal($"{32 * 1024 * 1024 / 82}\n", result.StdoutText);
    }

    [Fact]
    public async Task Cancellation_stops_a_running_loop_promptly()
    {
        await using var workspace = CreateRam();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => workspace.ExecuteAsync("while true; do :; done", cancel.Token));
        // Not a timing assertion on speed: only that cancellation ended an endless loop at all.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_cancelled_line_leaves_status_130_for_the_next_line_of_its_session()
    {
        await using var workspace = CreateRam();
        await workspace.ExecuteAsync("false");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => workspace.ExecuteAsync("while true; do :; done", cancel.Token));
        Assert.Equal("130\n", (await workspace.ExecuteAsync("echo $?")).StdoutText);
    }

    [Fact]
    public async Task A_session_keeps_its_directory_variables_and_functions()
    {
        await using var workspace = CreateRam();
        await workspace.ExecuteAsync("mkdir -p /data/sub; cd /data/sub; greeting=hi; greet() { echo \"$greeting $1\"; }");
        var result = await workspace.ExecuteAsync("pwd; greet there");
        Assert.Equal("/data/sub\nhi there\n", result.StdoutText);
    }

    [Fact]
    public async Task Sessions_are_isolated_from_each_other()
    {
        await using var workspace = CreateRam();
        await workspace.ExecuteAsync("x=one", new ExecuteOptions { SessionId = "a" });
        await workspace.ExecuteAsync("x=two", new ExecuteOptions { SessionId = "b" });
        Assert.Equal("one\n", (await workspace.ExecuteAsync("echo $x", new ExecuteOptions { SessionId = "a" })).StdoutText);
        Assert.Equal("two\n", (await workspace.ExecuteAsync("echo $x", new ExecuteOptions { SessionId = "b" })).StdoutText);
        Assert.Equal("\n", (await workspace.ExecuteAsync("echo $x")).StdoutText);
    }

    [Fact]
    public async Task Per_call_directory_and_environment_last_for_that_call_only()
    {
        await using var workspace = CreateRam();
        await workspace.Files.CreateDirectoryAsync("/data/elsewhere");
        var call = await workspace.ExecuteAsync("pwd; echo $MODE", new ExecuteOptions
        {
            WorkingDirectory = "/data/elsewhere",
            Environment = new Dictionary<string, string> { ["MODE"] = "batch" },
        });
        Assert.Equal("/data/elsewhere\nbatch\n", call.StdoutText);
        Assert.Equal("/data\n\n", (await workspace.ExecuteAsync("pwd; echo $MODE")).StdoutText);
    }

    [Fact]
    public async Task Writes_to_a_read_only_mount_fail_clearly_and_change_nothing()
    {
        var ro = new RamResource();
        await ResourceOperations.WriteAllBytesAsync(ro, VPath.Parse("/keep.txt"), "original\n"u8.ToArray());
        await using var workspace = new Workspace([new Mount(VPath.Parse("/ro"), ro, MountMode.Read), new Mount(VPath.Parse("/data"), new RamResource())]);
        foreach (var (script, message) in new[]
        {
            ("rm /ro/keep.txt", "rm: cannot remove '/ro/keep.txt': Read-only file system\n"),
            ("touch /ro/new.txt", "touch: cannot touch '/ro/new.txt': Read-only file system\n"),
            ("mkdir /ro/dir", "mkdir: cannot create directory '/ro/dir': Read-only file system\n"),
        })
        {
            var result = await workspace.ExecuteAsync(script);
            Assert.Equal(1, result.ExitCode);
            Assert.Equal(message, result.StderrText);
        }
        // bash -c prints "bash: /ro/keep.txt: ..." here; the shell still adds "line 1:" (a known difference in the prefix only).
        var redirect = await workspace.ExecuteAsync("echo changed > /ro/keep.txt");
        Assert.Equal(1, redirect.ExitCode);
        Assert.EndsWith(": /ro/keep.txt: Read-only file system\n", redirect.StderrText, StringComparison.Ordinal);
        Assert.Equal("original\n", (await workspace.ExecuteAsync("cat /ro/keep.txt")).StdoutText);
        Assert.Equal("keep.txt\n", (await workspace.ExecuteAsync("ls /ro")).StdoutText);
    }

    [Fact]
    public async Task No_path_or_link_in_a_disk_mount_reaches_outside_its_root()
    {
        var outside = _folder.CreateSubfolder("outside");
        await File.WriteAllTextAsync(Path.Combine(outside, "secret.txt"), "secret\n");
        var root = _folder.CreateSubfolder("root");
        File.CreateSymbolicLink(Path.Combine(root, "abs-link"), Path.Combine(outside, "secret.txt"));
        File.CreateSymbolicLink(Path.Combine(root, "rel-link"), "../outside/secret.txt");
        Directory.CreateSymbolicLink(Path.Combine(root, "dir-link"), outside);
        await using var workspace = new Workspace(new Dictionary<string, IResource> { ["/docs"] = new DiskResource(root) });
        var result = await workspace.ExecuteAsync(
            "cat /docs/../outside/secret.txt; cat /docs/abs-link; cat /docs/rel-link; cat /docs/dir-link/secret.txt; " +
            "echo pwned > /docs/dir-link/secret.txt; echo pwned > /docs/abs-link; cd /docs/../../..; cat outside/secret.txt; " +
            "grep -r secret /docs; find /docs -name 'secret*'");
        Assert.DoesNotContain("secret\n", result.StdoutText, StringComparison.Ordinal);
        Assert.Equal("secret\n", await File.ReadAllTextAsync(Path.Combine(outside, "secret.txt")));
    }

    [Fact]
    public async Task Unknown_commands_exit_127_with_bashs_message()
    {
        await using var workspace = CreateRam();
        // With its stderr redirected, bash -c reports the line number (checked against bash 5.2 here).
        var result = await workspace.ExecuteAsync("nosuchcommand --flag 2>&1");
        Assert.Equal(127, result.ExitCode);
        Assert.Equal("bash: line 1: nosuchcommand: command not found\n", result.StdoutText);
    }

    [Fact]
    public async Task Missing_files_get_gnu_messages()
    {
        await using var workspace = CreateRam();
        var result = await workspace.ExecuteAsync("cat /data/x");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("cat: /data/x: No such file or directory\n", result.StderrText);
    }

    [Fact]
    public async Task Commands_can_run_a_nested_bash()
    {
        await using var workspace = CreateRam();
        var result = await workspace.ExecuteAsync("printf '%s\\n' a b c | xargs -I{} bash -c 'echo \"<$0>\"' {}");
        Assert.Equal("<a>\n<b>\n<c>\n", result.StdoutText);
    }
}
