namespace Mirage.Shell.Tests;

/// <summary>A long arithmetic loop completes with the right sum (its speed is measured in benchmarks/, not here).</summary>
public sealed class LongLoopTests
{
    [Fact]
    public async Task Arithmetic_loop_runs_to_completion()
    {
        var result = await ShellRun.RunAsync("s=0; for ((i=0; i<100000; i++)); do s=$((s+i)); done; echo $s");
        Assert.Equal("4999950000\n", result.Stdout);
    }
}
