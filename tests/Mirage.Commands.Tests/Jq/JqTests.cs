using System.Text;
using Mirage.Vfs;
using Mirage.Vfs.Ram;

namespace Mirage.Commands.Tests.Jq;

/// <summary>jq through its command entry point over a RAM tree.</summary>
public sealed class JqTests
{
    private static async Task<RunResult> RunAsync(string stdin, params string[] arguments)
    {
        await using var files = new Dispatcher(new MountTable([new Mount(VPath.Root, new RamResource())]));
        await ResourceOperations.WriteAllBytesAsync(files, VPath.Parse("/data.json"), Encoding.UTF8.GetBytes("{\"a\":[1,2,3]}\n{\"a\":[4]}\n"));
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(stdin));
        using var output = new MemoryStream();
        using var error = new MemoryStream();
        var context = new CommandContext
        {
            Name = "jq",
            Arguments = arguments,
            Stdin = input,
            Stdout = output,
            Stderr = error,
            WorkingDirectory = VPath.Root,
            Environment = new Dictionary<string, string> { ["HOME"] = "/home/user" },
            Files = files,
            Runner = null!,
        };
        var status = await new JqCommand().RunAsync(context);
        return RunResult.From(status, output.ToArray(), error.ToArray());
    }

    [Theory]
    [InlineData("{\"a\":{\"b\":[1,2]}}", ".a.b[1]", "2\n")]
    [InlineData("[3,1,2]", "sort", "[1,2,3]\n")]
    [InlineData("[1,2,3]", "map(select(. > 1))", "[2,3]\n")]
    [InlineData("{\"b\":1,\"a\":2}", "keys", "[\"a\",\"b\"]\n")]
    [InlineData("null", "[1, 1.0, 1e1000, 0.1, 1e17, 3.5e-7]", "[1,1,1.7976931348623157e+308,0.1,1e+17,3.5e-07]\n")]
    [InlineData("\"a,b\"", "split(\",\") | join(\"-\")", "\"a-b\"\n")]
    [InlineData("null", "reduce range(5) as $x (0; . + $x)", "10\n")]
    [InlineData("null", "[foreach (1,2) as $x (0; . + $x)]", "[1,3]\n")]
    [InlineData("null", "[label $out | 1, 2, break $out, 3]", "[1,2]\n")]
    [InlineData("null", "def fac: if . <= 1 then 1 else . * (. - 1 | fac) end; 10 | fac", "3628800\n")]
    [InlineData("null", "{\"a\":1} as {a: $v} | [$v]", "[1]\n")]
    [InlineData("null", "try error(\"x\") catch \"caught \\(.)\"", "\"caught x\"\n")]
    [InlineData("{\"a\":[1,2]}", ".a[] |= . * 10", "{\"a\":[10,20]}\n")]
    [InlineData("{\"a\":[1,2]}", "[paths]", "[[\"a\"],[\"a\",0],[\"a\",1]]\n")]
    [InlineData("null", "\"abc\" | gsub(\"[ac]\"; \"-\")", "\"-b-\"\n")]
    [InlineData("null", "[1,[2]] | @csv?, @json", "\"[1,[2]]\"\n")]
    [InlineData("null", "[.[]?]", "[]\n")]
    [InlineData("null", "[limit(3; repeat(1))]", "[1,1,1]\n")]
    // jq 1.6 ranks assignment above "//": (.a = null) // 4.
    [InlineData("{\"a\":1}", ".a = null // 4", "{\"a\":null}\n")]
    [InlineData("{\"a\":1}", ".a = 1 , 2", "{\"a\":1}\n2\n")]
    [InlineData("{\"a\":1}", ".a |= . + 1 or false", "{\"a\":true}\n")]
    [InlineData("null", "1 // 2 // 3", "1\n")]
    [InlineData("null", "1 - 1 - 1, 8 / 4 / 2", "-1\n1\n")]
    public async Task Evaluates_programs_like_jq(string input, string program, string expected)
    {
        var result = await RunAsync(input, "-c", program);
        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.Status);
        Assert.Equal(expected, result.Stdout);
    }

    [Fact]
    public async Task Pretty_prints_with_two_spaces_by_default()
    {
        var result = await RunAsync("{\"a\":[1,{}],\"b\":[]}", ".");
        Assert.Equal("{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": []\n}\n", result.Stdout);
    }

    [Fact]
    public async Task Tab_and_sort_keys_options_shape_output()
    {
        var result = await RunAsync("{\"b\":1,\"a\":[2]}", "--tab", "-S", ".");
        Assert.Equal("{\n\t\"a\": [\n\t\t2\n\t],\n\t\"b\": 1\n}\n", result.Stdout);
    }

    [Fact]
    public async Task Raw_and_join_output_print_strings_bare()
    {
        Assert.Equal("x\ny\n", (await RunAsync("[\"x\",\"y\"]", "-r", ".[]")).Stdout);
        Assert.Equal("xy", (await RunAsync("[\"x\",\"y\"]", "-j", ".[]")).Stdout);
    }

    [Fact]
    public async Task Ascii_output_escapes_non_ascii()
    {
        var result = await RunAsync("\"é😀\"", "-a", ".");
        Assert.Equal("\"\\u00e9\\ud83d\\ude00\"\n", result.Stdout);
    }

    [Fact]
    public async Task Reads_files_value_by_value_and_slurps()
    {
        Assert.Equal("3\n1\n", (await RunAsync("", ".a | length", "data.json")).Stdout);
        Assert.Equal("[[1,2,3],[4]]\n", (await RunAsync("", "-s", "-c", "map(.a)", "data.json")).Stdout);
        Assert.Equal("[1,2]\n", (await RunAsync("1 2", "-n", "-c", "[inputs]")).Stdout);
    }

    [Fact]
    public async Task Raw_input_reads_lines()
    {
        var result = await RunAsync("a\nb\n", "-R", "-c", "[., length]");
        Assert.Equal("[\"a\",1]\n[\"b\",1]\n", result.Stdout);
    }

    [Fact]
    public async Task Arguments_bind_variables()
    {
        var result = await RunAsync("", "-n", "-c", "--arg", "s", "x", "--argjson", "j", "{\"k\":1}", "[$s, $j.k, $ARGS.named.s]");
        Assert.Equal("[\"x\",1,\"x\"]\n", result.Stdout);
    }

    [Fact]
    public async Task Runtime_errors_name_the_input_and_exit_5()
    {
        var result = await RunAsync("{\"a\":1}\n", ".a.b");
        Assert.Equal(5, result.Status);
        Assert.Equal("jq: error (at <stdin>:1): Cannot index number with string \"b\"\n", result.Stderr);
    }

    [Fact]
    public async Task Undefined_functions_are_compile_errors_with_status_3()
    {
        var result = await RunAsync("", "-n", "nosuch(1)");
        Assert.Equal(3, result.Status);
        Assert.Equal("jq: error: nosuch/1 is not defined at <top-level>, line 1:\nnosuch(1)\njq: 1 compile error\n", result.Stderr);
    }

    [Theory]
    // Assignments and comparisons do not chain; bison names multi-character tokens bare.
    [InlineData(".[0] = .[1] = 5", "'='")]
    [InlineData(".a += 1 += 2", "+=")]
    [InlineData("1 == 1 == 1", "==")]
    [InlineData("1 // // 2", "//")]
    public async Task Unchainable_operators_are_syntax_errors(string program, string unexpected)
    {
        var result = await RunAsync("", "-n", program);
        Assert.Equal(3, result.Status);
        Assert.StartsWith($"jq: error: syntax error, unexpected {unexpected} (Unix shell quoting issues?)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Syntax_errors_exit_3()
    {
        var result = await RunAsync("", "-n", ".a |");
        Assert.Equal(3, result.Status);
        Assert.StartsWith("jq: error: syntax error", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_input_reports_line_and_column()
    {
        var result = await RunAsync("{\"a\" 1}\n", ".");
        Assert.Equal(4, result.Status);
        Assert.Equal("parse error: Expected separator between values at line 1, column 7\n", result.Stderr);
    }

    [Theory]
    [InlineData("true", 0)]
    [InlineData("false", 1)]
    [InlineData("null", 1)]
    [InlineData("empty", 4)]
    public async Task Exit_status_option_reflects_the_last_output(string program, int expected)
    {
        var result = await RunAsync("", "-n", "-e", program);
        Assert.Equal(expected, result.Status);
    }

    [Fact]
    public async Task Deep_recursion_does_not_overflow()
    {
        var result = await RunAsync("", "-n", "def f: if . < 20000 then . + 1 | f else . end; 0 | f");
        Assert.Equal("20000\n", result.Stdout);
    }

    [Fact]
    public async Task Missing_files_are_reported_and_exit_2()
    {
        var result = await RunAsync("", ".", "nope.json");
        Assert.Equal(2, result.Status);
        Assert.Contains("nope.json", result.Stderr, StringComparison.Ordinal);
    }
}
