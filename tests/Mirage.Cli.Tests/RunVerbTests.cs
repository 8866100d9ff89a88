using Mirage.Testing;

namespace Mirage.Cli.Tests;

public sealed class RunVerbTests : IClassFixture<TemporaryFolder>
{
    private readonly TemporaryFolder _folder;

    public RunVerbTests(TemporaryFolder folder) => _folder = folder;

    [Fact]
    public async Task Version_prints_a_version_number()
    {
        var outcome = await CliRunner.RunAsync(["--version"]);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", outcome.Stdout);
    }

    [Fact]
    public async Task Run_writes_the_scripts_output_unchanged_and_nothing_else()
    {
        var outcome = await CliRunner.RunAsync(["run", "-c", "echo hello > /data/a.txt; cat /data/a.txt; echo oops >&2"]);
        Assert.Equal("hello\n", outcome.Stdout);
        Assert.Equal("oops\n", outcome.Stderr);
        Assert.Equal(0, outcome.ExitCode);
    }

    [Fact]
    public async Task Run_exits_with_the_scripts_status()
    {
        Assert.Equal(3, (await CliRunner.RunAsync(["run", "-c", "exit 3"])).ExitCode);
        // With its stderr redirected, bash -c reports the line number (checked against bash 5.2 here).
        var unknown = await CliRunner.RunAsync(["run", "-c", "nosuchcommand 2>&1"]);
        Assert.Equal(127, unknown.ExitCode);
        Assert.Equal("bash: line 1: nosuchcommand: command not found\n", unknown.Stdout);
    }

    [Fact]
    public async Task Run_reads_standard_input()
    {
        var outcome = await CliRunner.RunAsync(["run", "-c", "read a b c; echo \"$c $b $a\""], stdin: "x y z\n");
        Assert.Equal("z y x\n", outcome.Stdout);
    }

    [Fact]
    public async Task Disk_mounts_reach_the_host_folder_and_read_mode_protects_it()
    {
        var host = _folder.CreateSubfolder();
        await File.WriteAllTextAsync(Path.Combine(host, "note.txt"), "on disk\n");
        var read = await CliRunner.RunAsync(["run", "--mount", $"/docs=disk:{host}:read", "-c", "cat /docs/note.txt"]);
        Assert.Equal("on disk\n", read.Stdout);
        var write = await CliRunner.RunAsync(["run", "--mount", $"/docs=disk:{host}:read", "-c", "echo changed > /docs/note.txt"]);
        Assert.NotEqual(0, write.ExitCode);
        Assert.Contains("Read-only file system", write.Stderr, StringComparison.Ordinal);
        Assert.Equal("on disk\n", await File.ReadAllTextAsync(Path.Combine(host, "note.txt")));
    }

    [Fact]
    public async Task A_writable_disk_mount_changes_the_host_folder()
    {
        var host = _folder.CreateSubfolder();
        var outcome = await CliRunner.RunAsync(["run", "--mount", $"/out=disk:{host}", "--cwd", "/out", "-c", "printf 'a\\nb\\n' > list.txt; wc -l < list.txt"]);
        Assert.Equal("2\n", outcome.Stdout);
        Assert.Equal("a\nb\n", await File.ReadAllTextAsync(Path.Combine(host, "list.txt")));
    }

    [Fact]
    public async Task Script_files_take_arguments()
    {
        var script = Path.Combine(_folder.CreateSubfolder(), "greet.sh");
        await File.WriteAllTextAsync(script, "echo \"$0 says hi to $1 and $2\"\n");
        var outcome = await CliRunner.RunAsync(["run", script, "ann", "bob"]);
        Assert.Equal($"{script} says hi to ann and bob\n", outcome.Stdout);
        var byOption = await CliRunner.RunAsync(["run", "--file", script, "cy", "dee"]);
        Assert.Equal($"{script} says hi to cy and dee\n", byOption.Stdout);
    }

    [Fact]
    public async Task Bad_mounts_are_refused_with_a_clear_message()
    {
        var outcome = await CliRunner.RunAsync(["run", "--mount", "/x=ftp:somewhere", "-c", "true"]);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("mirage: invalid mount '/x=ftp:somewhere': unknown type 'ftp' (expected ram or disk)\n", outcome.Stderr);
        var missing = await CliRunner.RunAsync(["run", "--mount", "/x=disk:/no/such/folder", "-c", "true"]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_script_file_is_reported()
    {
        var outcome = await CliRunner.RunAsync(["run", "/no/such/script.sh"]);
        Assert.Equal(127, outcome.ExitCode);
        Assert.Equal("mirage: /no/such/script.sh: No such file or directory\n", outcome.Stderr);
    }
}
