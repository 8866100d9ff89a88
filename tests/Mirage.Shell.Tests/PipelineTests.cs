namespace Mirage.Shell.Tests;

public sealed class PipelineTests
{
    private static async Task<ShellResult> RunWithDeadlineAsync(string script, TestHost? host = null)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var run = ShellRun.RunAsync(script, host, cancellationToken: cancel.Token);
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.True(finished == run, "the script did not finish: " + script);
        return await run;
    }

    [Theory]
    [InlineData("yes | head -n 3", "y\ny\ny\n")]
    [InlineData("seq 1 100 | tail -n 2", "99\n100\n")]
    [InlineData("while true; do echo y; done | head -n 2", "y\ny\n")]
    [InlineData("for i in 3 1 2; do echo $i; done | sort", "1\n2\n3\n")]
    [InlineData("echo a | { read v; echo \"got $v\"; }", "got a\n")]
    [InlineData("cat <<END | sort\nb\na\nEND\n", "a\nb\n")]
    public async Task Pipelines_finish_with_the_right_output(string script, string expected)
    {
        var result = await RunWithDeadlineAsync(script);
        Assert.Equal(expected, result.Stdout);
    }

    [Fact]
    public async Task A_writer_cut_off_by_its_reader_has_status_141()
    {
        var result = await RunWithDeadlineAsync("yes | head -n 1 > /dev/null; echo ${PIPESTATUS[@]}");
        Assert.Equal("141 0\n", result.Stdout);
    }

    [Fact]
    public async Task Reading_a_big_file_stops_early_when_the_reader_is_done()
    {
        var host = new TestHost();
        host.AddFile("/work/big.txt", string.Concat(Enumerable.Range(0, 200_000).Select(static i => i + "\n")));
        var result = await RunWithDeadlineAsync("cat big.txt | head -n 1", host);
        Assert.Equal("0\n", result.Stdout);
        Assert.True(host.BytesRead < 512 * 1024, $"read {host.BytesRead} bytes");
    }
}
