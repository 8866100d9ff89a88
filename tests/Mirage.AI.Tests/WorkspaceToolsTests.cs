using System.Text;
using Mirage.Testing;
using Mirage.Vfs;
using Mirage.Vfs.Disk;
using Mirage.Vfs.Ram;

namespace Mirage.AI.Tests;

public sealed class WorkspaceToolsTests : IAsyncLifetime, IClassFixture<TemporaryFolder>
{
    private readonly string _docsFolder;
    private Workspace _workspace = null!;

    public WorkspaceToolsTests(TemporaryFolder folder)
    {
        _docsFolder = folder.CreateSubfolder();
        File.WriteAllText(Path.Join(_docsFolder, "guide.md"), "# Guide\nstep one\nstep two\n");
    }

    public async Task InitializeAsync()
    {
        _workspace = new Workspace(
        [
            new Mount(VPath.Parse("/data"), new RamResource()),
            new Mount(VPath.Parse("/docs"), new DiskResource(_docsFolder), MountMode.Read),
        ]);
        await _workspace.Files.WriteAllTextAsync("/data/notes.txt", "alpha\nbeta\nalpha beta\n");
    }

    public async Task DisposeAsync() => await _workspace.DisposeAsync();

    private WorkspaceTools Tools(WorkspaceToolOptions? options = null) => new(_workspace, options);

    [Fact]
    public async Task Execute_returns_stdout_then_stderr_and_the_exit_code()
    {
        var text = await Tools().ExecuteAsync("echo out; echo err >&2; exit 3");
        Assert.Equal("out\n[stderr]\nerr\n[exit code 3]", text);
    }

    [Fact]
    public async Task Execute_keeps_the_session_between_calls()
    {
        var tools = Tools();
        await tools.ExecuteAsync("cd /docs; greeting=hello");
        Assert.Equal("/docs hello\n[exit code 0]", await tools.ExecuteAsync("echo $PWD $greeting"));
    }

    [Fact]
    public async Task Execute_cuts_long_output_with_a_notice_naming_the_sizes()
    {
        var text = await Tools(new WorkspaceToolOptions { MaxOutputBytes = 100 }).ExecuteAsync("seq 1 1000");
        var expectedHead = string.Concat(Enumerable.Range(1, 1000).Select(n => n + "\n"))[..100];
        Assert.StartsWith(expectedHead, text, StringComparison.Ordinal);
        Assert.Contains("[output truncated: showed the first 100 of 3893 bytes;", text, StringComparison.Ordinal);
        Assert.EndsWith("[exit code 0]", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_stops_a_command_at_the_time_limit_with_a_notice()
    {
        var text = await Tools(new WorkspaceToolOptions { Timeout = TimeSpan.FromMilliseconds(300), MaxOutputBytes = 10 }).ExecuteAsync("while :; do echo y; done");
        Assert.True(text.Contains("time limit exceeded: the command ran longer than 0.3 s", StringComparison.Ordinal), text);
        Assert.EndsWith("[exit code 124]", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_file_numbers_lines_and_pages_with_offset_and_limit()
    {
        var tools = Tools();
        Assert.Equal("     1\talpha\n     2\tbeta\n     3\talpha beta\n", await tools.ReadFileAsync("/data/notes.txt"));
        Assert.Equal("     2\tbeta\n[more lines follow; read on with offset=3]\n", await tools.ReadFileAsync("/data/notes.txt", offset: 2, limit: 1));
        var past = await Assert.ThrowsAsync<WorkspaceToolException>(() => tools.ReadFileAsync("/data/notes.txt", offset: 9));
        Assert.Equal("/data/notes.txt has 3 lines; offset 9 is past the end", past.Message);
    }

    [Fact]
    public async Task Read_file_resolves_relative_paths_from_the_session_directory()
    {
        var tools = Tools();
        await tools.ExecuteAsync("cd /docs");
        Assert.Equal("     1\t# Guide\n     2\tstep one\n     3\tstep two\n", await tools.ReadFileAsync("guide.md"));
    }

    [Fact]
    public async Task Read_file_describes_binary_files_instead_of_dumping_them()
    {
        await _workspace.Files.WriteAllBytesAsync("/data/image.png", new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0, 1, 2, 3 });
        await _workspace.Files.WriteAllBytesAsync("/data/blob.bin", new byte[] { 1, 0, 2, 0 });
        var tools = Tools();
        Assert.Equal("/data/image.png: binary file (PNG image, 8 bytes); its bytes are not shown. Inspect it with execute, e.g. xxd '/data/image.png' | head",
            await tools.ReadFileAsync("/data/image.png"));
        Assert.StartsWith("/data/blob.bin: binary file (binary data, 4 bytes)", await tools.ReadFileAsync("/data/blob.bin"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_file_of_a_missing_file_or_a_directory_says_so()
    {
        var tools = Tools();
        Assert.Equal("/data/none.txt: No such file or directory; find files with glob or ls",
            (await Assert.ThrowsAsync<WorkspaceToolException>(() => tools.ReadFileAsync("/data/none.txt"))).Message);
        Assert.Equal("/docs is a directory: list it with ls",
            (await Assert.ThrowsAsync<WorkspaceToolException>(() => tools.ReadFileAsync("/docs"))).Message);
    }

    [Fact]
    public async Task Write_file_creates_parent_directories_and_reports_the_size()
    {
        var tools = Tools();
        Assert.Equal("created /data/out/deep/summary.md (6 bytes)", await tools.WriteFileAsync("/data/out/deep/summary.md", "héllo"));
        Assert.Equal("héllo", await _workspace.Files.ReadAllTextAsync("/data/out/deep/summary.md"));
        Assert.Equal("overwrote /data/out/deep/summary.md (2 bytes)", await tools.WriteFileAsync("/data/out/deep/summary.md", "ok"));
    }

    [Fact]
    public async Task Write_tools_refuse_a_read_only_mount_naming_the_writable_ones()
    {
        var tools = Tools();
        var write = await Assert.ThrowsAsync<WorkspaceToolException>(() => tools.WriteFileAsync("/docs/new.md", "x"));
        Assert.Equal("cannot write: /docs/new.md is on /docs, which is read-only. Writable mounts: /data; write the file under one of them.", write.Message);
        var edit = await Assert.ThrowsAsync<WorkspaceToolException>(() => tools.EditFileAsync("/docs/guide.md", "one", "1"));
        Assert.Equal("cannot write: /docs/guide.md is on /docs, which is read-only. Writable mounts: /data; write the file under one of them.", edit.Message);
        Assert.Equal("# Guide\nstep one\nstep two\n", await File.ReadAllTextAsync(Path.Join(_docsFolder, "guide.md")));
        Assert.False(File.Exists(Path.Join(_docsFolder, "new.md")));
    }

    [Fact]
    public async Task A_read_only_tool_set_refuses_every_write_tool()
    {
        var tools = Tools(new WorkspaceToolOptions { ReadOnly = true });
        foreach (var refused in new Func<Task>[] { () => tools.WriteFileAsync("/data/a.txt", "x"), () => tools.EditFileAsync("/data/notes.txt", "beta", "gamma") })
        {
            var error = await Assert.ThrowsAsync<WorkspaceToolException>(refused);
            Assert.EndsWith("is disabled: this workspace is read-only. Read and search files instead, and give your result in your reply.", error.Message, StringComparison.Ordinal);
        }
        Assert.Equal("alpha\nbeta\nalpha beta\n", await _workspace.Files.ReadAllTextAsync("/data/notes.txt"));
        Assert.False(await _workspace.Files.ExistsAsync("/data/a.txt"));
    }

    [Fact]
    public async Task Edit_file_replaces_a_unique_string()
    {
        Assert.Equal("replaced 1 occurrence in /data/notes.txt", await Tools().EditFileAsync("/data/notes.txt", "beta\nalpha", "BETA\nALPHA"));
        Assert.Equal("alpha\nBETA\nALPHA beta\n", await _workspace.Files.ReadAllTextAsync("/data/notes.txt"));
    }

    [Fact]
    public async Task Edit_file_fails_clearly_when_the_old_string_is_missing_or_ambiguous()
    {
        var tools = Tools();
        var missing = await Assert.ThrowsAsync<WorkspaceToolException>(() => tools.EditFileAsync("/data/notes.txt", "gamma", "delta"));
        Assert.Equal("old_string was not found in /data/notes.txt: read the file and copy the text exactly, whitespace and line breaks included", missing.Message);
        var ambiguous = await Assert.ThrowsAsync<WorkspaceToolException>(() => tools.EditFileAsync("/data/notes.txt", "alpha", "omega"));
        Assert.Equal("old_string occurs 2 times in /data/notes.txt: add surrounding lines to make it unique, or set replace_all to true to replace them all", ambiguous.Message);
        Assert.Equal("alpha\nbeta\nalpha beta\n", await _workspace.Files.ReadAllTextAsync("/data/notes.txt"));
        Assert.Equal("replaced 2 occurrences in /data/notes.txt", await tools.EditFileAsync("/data/notes.txt", "alpha", "omega", replace_all: true));
        Assert.Equal("omega\nbeta\nomega beta\n", await _workspace.Files.ReadAllTextAsync("/data/notes.txt"));
    }

    [Fact]
    public async Task Ls_marks_directories_and_gives_file_sizes()
    {
        await _workspace.Files.CreateDirectoryAsync("/data/sub");
        Assert.Equal("notes.txt  22 bytes\nsub/\n", await Tools().ListAsync("/data"));
        Assert.Equal("data/\ndocs/\n", await Tools().ListAsync("/"));
    }

    [Fact]
    public async Task Grep_searches_across_mounts_with_line_numbers()
    {
        var tools = Tools();
        Assert.Equal("/data/notes.txt:2:beta\n/data/notes.txt:3:alpha beta\n", await tools.GrepAsync("beta"));
        Assert.Equal("/docs/guide.md:2:step one\n", await tools.GrepAsync("ONE", "/docs", glob: "*.md", ignore_case: true));
        Assert.Equal("no matches for /zeta/ under /", await tools.GrepAsync("zeta"));
        var bad = await Assert.ThrowsAsync<WorkspaceToolException>(() => tools.GrepAsync("a", "/nowhere"));
        Assert.Equal("grep: /nowhere: No such file or directory", bad.Message);
    }

    [Fact]
    public async Task Glob_finds_paths_below_a_directory()
    {
        await _workspace.Files.CreateDirectoryAsync("/data/logs/2026", parents: true);
        await _workspace.Files.WriteAllTextAsync("/data/logs/2026/a b.log", "x");
        await _workspace.Files.WriteAllTextAsync("/data/logs/b.log", "y");
        await _workspace.Files.WriteAllTextAsync("/data/logs/c.txt", "z");
        var tools = Tools();
        Assert.Equal("/data/logs/2026/a b.log\n/data/logs/b.log\n", await tools.GlobAsync("**/*.log", "/data"));
        Assert.Equal("/data/logs/b.log\n", await tools.GlobAsync("logs/*.log", "/data"));
        Assert.Equal("no paths match *.csv under /data", await tools.GlobAsync("*.csv", "/data"));
        // The glob runs in a subshell of the tool session: the model's own session keeps its directory.
        Assert.Equal("/data\n[exit code 0]", await tools.ExecuteAsync("pwd"));
    }

    [Fact]
    public async Task Grep_and_glob_cap_their_results_with_a_notice()
    {
        await _workspace.Files.WriteAllTextAsync("/data/many.txt", string.Concat(Enumerable.Range(1, 50).Select(n => $"hit {n}\n")));
        var text = await Tools(new WorkspaceToolOptions { MaxResults = 5 }).GrepAsync("hit", "/data/many.txt");
        Assert.Equal(string.Concat(Enumerable.Range(1, 5).Select(n => $"/data/many.txt:{n}:hit {n}\n")) + "[more than 5 matches; only the first 5 are shown: narrow the search with path or glob]\n", text);
    }
}
