using Mirage.Vfs.Ram;

namespace Mirage.Tests;

public sealed class ExecuteLimitsTests
{
    private static Workspace NewWorkspace() => new(new Dictionary<string, Mirage.Vfs.IResource> { ["/data"] = new RamResource() });

    [Fact]
    public async Task Output_past_the_cap_is_counted_and_dropped_while_the_script_goes_on()
    {
        await using var workspace = NewWorkspace();
        var result = await workspace.ExecuteAsync("seq 1 10000; echo errors >&2; seq 1 5 >&2; echo done > /data/after", new ExecuteOptions { MaxOutputBytes = 10 });
        Assert.Equal("1\n2\n3\n4\n5\n", result.StdoutText);
        Assert.Equal(48894 - 10, result.StdoutOmittedBytes);
        Assert.Equal("errors\n1\n2", result.StderrText);
        Assert.Equal(7, result.StderrOmittedBytes);
        Assert.True(result.Truncated);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("done\n", await workspace.Files.ReadAllTextAsync("/data/after"));
    }

    [Fact]
    public async Task Without_a_cap_nothing_is_dropped()
    {
        await using var workspace = NewWorkspace();
        var result = await workspace.ExecuteAsync("seq 1 10000");
        Assert.Equal(48894, result.Stdout.Length);
        Assert.False(result.Truncated);
    }

    [Fact]
    public async Task A_script_past_its_time_limit_is_stopped_with_status_124_and_a_notice()
    {
        await using var workspace = NewWorkspace();
        var result = await workspace.ExecuteAsync("echo start; while :; do :; done; echo never", new ExecuteOptions { Timeout = TimeSpan.FromMilliseconds(200), MaxOutputBytes = 1 });
        Assert.Equal(124, result.ExitCode);
        Assert.True(result.TimedOut);
        Assert.Equal("s", result.StdoutText);
        Assert.Equal("mirage: time limit exceeded: the command ran longer than 0.2 s and was stopped\n", result.StderrText);
        // The session survives: the next line runs, and sees the status.
        var next = await workspace.ExecuteAsync("echo $?");
        Assert.Equal("124\n", next.StdoutText);
    }
}
