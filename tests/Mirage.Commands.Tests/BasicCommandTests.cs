namespace Mirage.Commands.Tests;

public sealed class BasicCommandTests
{
    [Fact]
    public async Task Cat_concatenates_and_reports_missing_files()
    {
        await using var box = new Sandbox();
        await box.WriteAsync("a", "one\n");
        await box.WriteAsync("b", "two\n");
        var result = await box.RunAsync("cat", "a", "nope", "b");
        Assert.Equal("one\ntwo\n", result.Stdout);
        Assert.Equal("cat: nope: No such file or directory\n", result.Stderr);
        Assert.Equal(1, result.Status);
    }

    [Fact]
    public async Task Cat_numbers_and_shows_ends_across_files()
    {
        await using var box = new Sandbox();
        await box.WriteAsync("a", "x\n\n\n\ty");
        await box.WriteAsync("b", "z\n");
        Assert.Equal("     1\tx$\n     2\t$\n     3\t^Iyz$\n", (await box.RunAsync("cat", "-nsAE", "a", "b")).Stdout.Replace("^I", "^I"));
        Assert.Equal("     1\tx\n\n\n     2\t\tyz\n", (await box.RunAsync("cat", "-b", "a", "b")).Stdout);
    }

    [Fact]
    public async Task Cat_of_a_directory_fails()
    {
        await using var box = new Sandbox();
        await box.MkdirAsync("d");
        var result = await box.RunAsync("cat", "d");
        Assert.Equal("cat: d: Is a directory\n", result.Stderr);
        Assert.Equal(1, result.Status);
    }

    [Fact]
    public async Task Head_and_tail_count_lines_and_bytes()
    {
        await using var box = new Sandbox();
        await box.WriteAsync("f", "a\nb\nc\nd\ne\n");
        Assert.Equal("a\nb\n", (await box.RunAsync("head", "-2", "f")).Stdout);
        Assert.Equal("a\nb\nc\n", (await box.RunAsync("head", "-n", "-2", "f")).Stdout);
        Assert.Equal("a\nb", (await box.RunAsync("head", "-c3", "f")).Stdout);
        Assert.Equal("d\ne\n", (await box.RunAsync("tail", "-2", "f")).Stdout);
        Assert.Equal("d\ne\n", (await box.RunAsync("tail", "+4", "f")).Stdout);
        Assert.Equal("\nd\ne\n", (await box.RunAsync("tail", "-c", "5", "f")).Stdout);
        Assert.Equal("==> f <==\ne\n\n==> f <==\ne\n", (await box.RunAsync("tail", "-n1", "f", "f")).Stdout);
        Assert.Equal("e\n", (await box.RunWithInputAsync("a\nb\nc\nd\ne\n", "tail", "-n", "1")).Stdout);
    }

    [Fact]
    public async Task Tail_of_a_line_without_final_newline()
    {
        await using var box = new Sandbox();
        await box.WriteAsync("f", "a\nb");
        Assert.Equal("b", (await box.RunAsync("tail", "-n", "1", "f")).Stdout);
        Assert.Equal("a\nb", (await box.RunAsync("tail", "-n", "2", "f")).Stdout);
    }

    [Fact]
    public async Task Head_reports_bad_counts_like_gnu()
    {
        await using var box = new Sandbox();
        var result = await box.RunAsync("head", "-n", "x");
        Assert.Equal("head: invalid number of lines: 'x'\n", result.Stderr);
        Assert.Equal(1, result.Status);
    }

    [Fact]
    public async Task Wc_uses_gnu_widths()
    {
        await using var box = new Sandbox();
        await box.WriteAsync("f", "a\nb\nc\nd\ne\n");
        await box.MkdirAsync("d");
        Assert.Equal(" 5  5 10 f\n", (await box.RunAsync("wc", "f")).Stdout);
        Assert.Equal("5 f\n", (await box.RunAsync("wc", "-l", "f")).Stdout);
        Assert.Equal("      1       1       3\n", (await box.RunWithInputAsync("ab\n", "wc")).Stdout);
        var result = await box.RunAsync("wc", "f", "nope", "d");
        Assert.Equal("      5       5      10 f\n      0       0       0 d\n      5       5      10 total\n", result.Stdout);
        Assert.Equal("wc: nope: No such file or directory\nwc: d: Is a directory\n", result.Stderr);
    }

    [Fact]
    public async Task Mkdir_and_rmdir_with_parents()
    {
        await using var box = new Sandbox();
        var made = await box.RunAsync("mkdir", "-pv", "a/b/c");
        Assert.Equal("mkdir: created directory 'a'\nmkdir: created directory 'a/b'\nmkdir: created directory 'a/b/c'\n", made.Stdout);
        var again = await box.RunAsync("mkdir", "a");
        Assert.Equal("mkdir: cannot create directory 'a': File exists\n", again.Stderr);
        Assert.Equal(1, again.Status);
        Assert.Equal(0, (await box.RunAsync("rmdir", "-p", "a/b/c")).Status);
        Assert.False(await box.ExistsAsync("a"));
    }

    [Fact]
    public async Task Rm_refuses_root_and_dot()
    {
        await using var box = new Sandbox();
        await box.WriteAsync("x", "1");
        var root = await box.RunAsync("rm", "-rf", "/");
        Assert.Equal(1, root.Status);
        Assert.Contains("it is dangerous to operate recursively on '/'", root.Stderr);
        Assert.True(await box.ExistsAsync("x"));
        var dot = await box.RunAsync("rm", "-r", ".");
        Assert.Equal("rm: refusing to remove '.' or '..' directory: skipping '.'\n", dot.Stderr);
    }

    [Fact]
    public async Task Rm_removes_trees_verbosely()
    {
        await using var box = new Sandbox();
        await box.WriteAsync("d/e/f", "1");
        var result = await box.RunAsync("rm", "-rv", "d");
        Assert.Equal("removed 'd/e/f'\nremoved directory 'd/e'\nremoved directory 'd'\n", result.Stdout);
        Assert.False(await box.ExistsAsync("d"));
        Assert.Equal("rm: cannot remove 'nope': No such file or directory\n", (await box.RunAsync("rm", "nope")).Stderr);
        Assert.Equal(0, (await box.RunAsync("rm", "-f", "nope")).Status);
    }

    [Fact]
    public async Task Ls_lists_files_then_directories()
    {
        await using var box = new Sandbox();
        await box.WriteAsync("d/b", "1");
        await box.WriteAsync("d/.h", "1");
        await box.WriteAsync("d/a", "1");
        await box.WriteAsync("f", "1");
        Assert.Equal("a\nb\n", (await box.RunAsync("ls", "d")).Stdout);
        Assert.Equal("f\n\nd:\na\nb\n", (await box.RunAsync("ls", "d", "f")).Stdout);
        Assert.Equal(".\n..\n.h\na\nb\n", (await box.RunAsync("ls", "-a", "d")).Stdout);
        var missing = await box.RunAsync("ls", "nope");
        Assert.Equal(2, missing.Status);
        Assert.Equal("ls: cannot access 'nope': No such file or directory\n", missing.Stderr);
    }
}
