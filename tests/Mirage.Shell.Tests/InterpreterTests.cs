using Mirage.Shell.Interpreter;

namespace Mirage.Shell.Tests;

public sealed class InterpreterTests
{
    [Fact]
    public async Task State_persists_between_executions()
    {
        var host = new TestHost();
        host.AddDirectory("/work/sub");
        var shell = new Interpreter.Shell(host) { WorkingDirectory = "/work" };
        await ShellRun.RunAsync("x=5; f() { echo f$1; }; cd sub", host, shell: shell);
        var result = await ShellRun.RunAsync("echo $x; f 1; pwd", host, shell: shell);
        Assert.Equal("5\nf1\n/work/sub\n", result.Stdout);
    }

    [Fact]
    public async Task Redirections_write_through_the_host()
    {
        var host = new TestHost();
        var result = await ShellRun.RunAsync("echo one > out.txt; echo two >> out.txt; cat < out.txt", host);
        Assert.Equal("one\ntwo\n", result.Stdout);
        Assert.Equal("one\ntwo\n", host.ReadFile("/work/out.txt"));
    }

    [Fact]
    public async Task Scripts_in_the_tree_run_with_their_shebang()
    {
        var host = new TestHost();
        host.AddFile("/work/s.sh", "#!/bin/bash\necho \"script $1 $0\"\nexit 3\n");
        var result = await ShellRun.RunAsync("./s.sh arg; echo $?", host);
        Assert.Equal("script arg ./s.sh\n3\n", result.Stdout);
    }

    [Fact]
    public async Task Unknown_commands_report_127_with_the_line()
    {
        var result = await ShellRun.RunAsync("true\nnosuch\n");
        Assert.Equal(127, result.Status);
        Assert.Equal("bash: line 2: nosuch: command not found\n", result.Stderr);
    }

    [Fact]
    public async Task Syntax_errors_exit_2_after_running_the_lines_before()
    {
        var result = await ShellRun.RunAsync("echo before\nfi\n");
        Assert.Equal(2, result.Status);
        Assert.Equal("before\n", result.Stdout);
        Assert.Contains("syntax error near unexpected token `fi'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Xtrace_goes_to_stderr()
    {
        var result = await ShellRun.RunAsync("set -x; echo 'a b'");
        Assert.Equal("a b\n", result.Stdout);
        Assert.Equal("+ echo 'a b'\n", result.Stderr);
    }

    [Fact]
    public async Task Loop_limit_fails_with_a_message_naming_it()
    {
        var host = new TestHost();
        host.AddDirectory("/work");
        var shell = new Interpreter.Shell(host, new ShellLimits { MaxLoopIterations = 100 }) { WorkingDirectory = "/work" };
        var result = await ShellRun.RunAsync("while true; do :; done; echo never", host, shell: shell);
        Assert.NotEqual(0, result.Status);
        Assert.Contains("loop iteration limit", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task Recursion_limit_fails_with_a_message_naming_it()
    {
        var host = new TestHost();
        host.AddDirectory("/work");
        var shell = new Interpreter.Shell(host, new ShellLimits { MaxCallDepth = 50 }) { WorkingDirectory = "/work" };
        var result = await ShellRun.RunAsync("f() { f; }; f", host, shell: shell);
        Assert.NotEqual(0, result.Status);
        Assert.Contains("call depth limit", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_limit_fails_with_a_message_naming_it()
    {
        var host = new TestHost();
        host.AddDirectory("/work");
        var shell = new Interpreter.Shell(host, new ShellLimits { MaxOutputBytes = 1000 }) { WorkingDirectory = "/work" };
        var result = await ShellRun.RunAsync("yes", host, shell: shell);
        Assert.NotEqual(0, result.Status);
        Assert.Contains("output limit", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_limit_counts_each_script_on_its_own()
    {
        var host = new TestHost();
        host.AddDirectory("/work");
        var shell = new Interpreter.Shell(host, new ShellLimits { MaxOutputBytes = 1000 }) { WorkingDirectory = "/work" };
        for (var i = 0; i < 3; i++)
        {
            var result = await ShellRun.RunAsync("printf '%600s' ''", host, shell: shell);
            Assert.Equal((0, 600, ""), (result.Status, result.Stdout.Length, result.Stderr));
        }
    }

    [Fact]
    public async Task Wall_clock_limit_stops_a_sleep()
    {
        var host = new TestHost();
        host.AddDirectory("/work");
        var shell = new Interpreter.Shell(host, new ShellLimits { WallClock = TimeSpan.FromMilliseconds(200) }) { WorkingDirectory = "/work" };
        var result = await ShellRun.RunAsync("sleep 60; echo never", host, shell: shell);
        Assert.Equal(124, result.Status);
        Assert.Contains("time limit", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_stops_an_endless_loop()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ShellRun.RunAsync("while :; do x=1; done", cancellationToken: cancel.Token));
    }

    [Fact]
    public async Task Read_takes_one_line_and_leaves_the_rest()
    {
        var result = await ShellRun.RunAsync("read first; cat", stdin: "a\nb\nc\n");
        Assert.Equal("b\nc\n", result.Stdout);
    }

    [Fact]
    public async Task Exit_trap_runs_at_the_end()
    {
        var result = await ShellRun.RunAsync("trap 'echo bye $?' EXIT; false");
        Assert.Equal("bye 1\n", result.Stdout);
        Assert.Equal(1, result.Status);
    }

    [Fact]
    public async Task Glob_results_come_from_the_host_sorted()
    {
        var host = new TestHost();
        host.AddFile("/work/b.txt", "");
        host.AddFile("/work/a.txt", "");
        host.AddFile("/work/c.log", "");
        var result = await ShellRun.RunAsync("echo *.txt", host);
        Assert.Equal("a.txt b.txt\n", result.Stdout);
    }
}
