namespace Mirage.Shell.Tests;

public sealed class LoopSpeedProbe
{
    [Fact]
    public async Task Arithmetic_loop_runs_to_completion()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = await ShellRun.RunAsync("s=0; for ((i=0; i<100000; i++)); do s=$((s+i)); done; echo $s");
        Console.WriteLine($"100k iterations: {watch.ElapsedMilliseconds} ms");
        Assert.Equal("4999950000\n", result.Stdout);
    }
}
