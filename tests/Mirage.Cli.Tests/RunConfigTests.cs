using Mirage.Testing;

namespace Mirage.Cli.Tests;

public sealed class RunConfigTests : IClassFixture<TemporaryFolder>
{
    private readonly TemporaryFolder _folder;

    public RunConfigTests(TemporaryFolder folder) => _folder = folder;

    [Fact]
    public async Task Run_takes_mounts_and_env_from_a_workspace_file()
    {
        var folder = _folder.CreateSubfolder();
        Directory.CreateDirectory(Path.Combine(folder, "docs"));
        await File.WriteAllTextAsync(Path.Combine(folder, "docs", "readme.txt"), "read me\n");
        var yaml = Path.Combine(folder, "ws.yaml");
        await File.WriteAllTextAsync(yaml, "mounts:\n  /scratch: { type: ram }\n  /docs: { type: disk, mode: read, config: { root: ./docs } }\nenv: { WHO: \"${MIRAGE_TEST_NOT_SET:-world}\" }\n");
        var outcome = await CliRunner.RunAsync(["run", "--config", yaml, "-c", "pwd; cat /docs/readme.txt; echo hello $WHO"]);
        Assert.Equal((0, "/scratch\nread me\nhello world\n", ""), (outcome.ExitCode, outcome.Stdout, outcome.Stderr));
    }

    [Fact]
    public async Task Run_reports_a_bad_workspace_file_with_its_line_and_exits_2()
    {
        var yaml = Path.Combine(_folder.CreateSubfolder(), "bad.yaml");
        await File.WriteAllTextAsync(yaml, "mounts:\n  /a: { type: nosuch }\n");
        var outcome = await CliRunner.RunAsync(["run", "--config", yaml, "-c", "echo never"]);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("", outcome.Stdout);
        Assert.StartsWith($"mirage: {yaml}:2: mounts./a.type: unknown mount type 'nosuch'", outcome.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("workspace")]
    [InlineData("execute")]
    [InlineData("shell")]
    [InlineData("daemon")]
    public async Task Each_verb_has_help(string verb)
    {
        var outcome = await CliRunner.RunAsync([verb, "--help"]);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("Usage:", outcome.Stdout, StringComparison.Ordinal);
    }
}
