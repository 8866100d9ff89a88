using System.Text;
using Mirage.Commands.Tests.Text;

namespace Mirage.Commands.Tests.Awk;

public sealed class AwkCommandTests
{
    [Fact]
    public async Task Exit_in_the_first_record_stops_reading_an_endless_input()
    {
        await using var box = new AwkSandbox();
        var input = new EndlessLineStream("one two three\n");
        var result = await box.RunAsync(input, "awk", "{print $2; exit}");
        Assert.Equal(0, result.Status);
        Assert.Equal("two\n", result.Stdout);
        Assert.True(input.BytesRead < 1024 * 1024, $"read {input.BytesRead} bytes");
    }

    [Fact]
    public async Task Assigning_a_field_rebuilds_the_record_with_ofs()
    {
        await using var box = new AwkSandbox();
        var result = await box.AwkAsync("a b c\n", "-v", "OFS=-", "{$2 = \"X\"; print; $6 = \"f\"; print; print NF}");
        Assert.Equal("a-X-c\na-X-c---f\n6\n", result.Stdout);
    }

    [Fact]
    public async Task Nf_assignment_truncates_and_extends()
    {
        await using var box = new AwkSandbox();
        var result = await box.AwkAsync("1 2 3 4\n", "-v", "OFS=,", "{NF = 2; print; NF = 3; print}");
        Assert.Equal("1,2\n1,2,\n", result.Stdout);
    }

    [Theory]
    [InlineData("%d|%i", "42|-3", "42.9", "-3.2")]
    [InlineData("%5.2f|%-6s|", " 3.14|ab    |", "3.14159", "\"ab\"")]
    [InlineData("%x %X %o", "ff FF 10", "255", "255", "8")]
    [InlineData("%c%c", "Ah", "65", "\"hi\"")]
    [InlineData("%e", "1.234568e+04", "12345.678")]
    [InlineData("%g %g", "1e-05 123457", "0.00001", "123456.7")]
    [InlineData("%*d|%.*f", "   42|3.1", "5", "42", "1", "3.14159")]
    public async Task Printf_conversions_match_c(string format, string expected, params string[] arguments)
    {
        await using var box = new AwkSandbox();
        var program = $"BEGIN {{ printf \"{format}\", {string.Join(", ", arguments)} }}";
        var result = await box.AwkAsync("", program);
        Assert.Equal("", result.Stderr);
        Assert.Equal(expected, result.Stdout);
    }

    [Theory]
    [InlineData("print 1 \" \" -1", "1-1")]
    [InlineData("print 2 ^ 3 ^ 2, -2 ^ 2", "512 -4")]
    [InlineData("print 1 < 2 ? \"y\" : \"n\"", "y")]
    [InlineData("x = 5; print x++ + ++x", "12")]
    [InlineData("print 10 % 3 * 2 \"a\" 1 + 1", "2a2")]
    [InlineData("a[\"k\"]; print (\"k\" in a) (\"z\" in a)", "10")]
    [InlineData("print length(\"abc\") length \"x\"", "30x")]
    [InlineData("print !0 !1", "10")]
    [InlineData("$0 = \"a b\"; print $1$2", "ab")]
    public async Task Expressions_follow_gawk_precedence(string body, string expected)
    {
        await using var box = new AwkSandbox();
        var result = await box.AwkAsync("", $"BEGIN {{ {body} }}");
        Assert.Equal("", result.Stderr);
        Assert.Equal(expected + "\n", result.Stdout);
    }

    [Theory]
    [InlineData("0.1 + 0.2", "0.3")]
    [InlineData("1e6", "1000000")]
    [InlineData("2 ^ 53", "9007199254740992")]
    [InlineData("1e30", "1000000000000000019884624838656")]
    [InlineData("100 / 3", "33.3333")]
    [InlineData("-1 / 4", "-0.25")]
    [InlineData("1e-5", "1e-05")]
    public async Task Numbers_print_like_gawk(string expression, string expected)
    {
        await using var box = new AwkSandbox();
        var result = await box.AwkAsync("", $"BEGIN {{ print {expression} }}");
        Assert.Equal(expected + "\n", result.Stdout);
    }

    [Fact]
    public async Task Input_that_looks_numeric_compares_as_a_number()
    {
        await using var box = new AwkSandbox();
        var result = await box.AwkAsync("10 9\n10 abc\n", "{print ($1 > $2)}");
        Assert.Equal("1\n0\n", result.Stdout);
    }

    [Fact]
    public async Task Syntax_errors_point_a_caret_at_the_token()
    {
        await using var box = new AwkSandbox();
        var result = await box.AwkAsync("", "BEGIN{print 1+}");
        Assert.Equal(1, result.Status);
        Assert.Equal("awk: cmd. line:1: BEGIN{print 1+}\nawk: cmd. line:1:               ^ syntax error\n", result.Stderr);
    }

    [Fact]
    public async Task Missing_input_file_is_fatal_with_status_2()
    {
        await using var box = new AwkSandbox();
        var result = await box.RunAsync("awk", "{print}", "nope.txt");
        Assert.Equal(2, result.Status);
        Assert.Equal("awk: fatal: cannot open file `nope.txt' for reading: No such file or directory\n", result.Stderr);
    }

    [Fact]
    public async Task Print_redirection_writes_through_the_tree()
    {
        await using var box = new AwkSandbox();
        await box.WriteAsync("in.txt", "a 1\nb 2\na 3\n");
        var result = await box.RunAsync("awk", "{print $2 > ($1 \".out\")} END {print \"x\" >> \"a.out\"}", "in.txt");
        Assert.Equal(0, result.Status);
        Assert.Equal("1\n3\nx\n", await box.ReadAsync("a.out"));
        Assert.Equal("2\n", await box.ReadAsync("b.out"));
    }

    [Fact]
    public async Task Getline_reads_a_file_of_the_tree()
    {
        await using var box = new AwkSandbox();
        await box.WriteAsync("lines.txt", "x\ny\nz\n");
        var result = await box.AwkAsync("", "BEGIN {while ((getline line < \"lines.txt\") > 0) s = s line; print s, NR}");
        Assert.Equal("xyz 0\n", result.Stdout);
    }

    [Fact]
    public async Task Operand_assignments_apply_between_files()
    {
        await using var box = new AwkSandbox();
        await box.WriteAsync("a.txt", "1\n");
        await box.WriteAsync("b.txt", "2\n");
        var result = await box.RunAsync("awk", "{print v $0}", "v=x", "a.txt", "v=y", "b.txt");
        Assert.Equal("x1\ny2\n", result.Stdout);
    }

    [Fact]
    public async Task Arrays_pass_by_reference_and_scalars_by_value()
    {
        await using var box = new AwkSandbox();
        var program = "function f(a, s) { a[\"k\"] = 1; s = 5 } BEGIN { f(arr, x); print length(arr), x + 0 }";
        var result = await box.AwkAsync("", program);
        Assert.Equal("1 0\n", result.Stdout);
    }

    [Fact]
    public async Task Sorted_in_orders_for_in_loops()
    {
        await using var box = new AwkSandbox();
        var program = "BEGIN { a[\"b\"] = 2; a[\"c\"] = 1; a[\"a\"] = 3; PROCINFO[\"sorted_in\"] = \"@val_num_asc\"; for (k in a) printf \"%s\", k; print \"\" }";
        var result = await box.AwkAsync("", program);
        Assert.Equal("cba\n", result.Stdout);
    }

    [Fact]
    public async Task Paragraph_mode_splits_on_blank_lines()
    {
        await using var box = new AwkSandbox();
        var result = await box.AwkAsync("\n\na b\nc\n\n\nd\n", "BEGIN {RS = \"\"} {print NR \": \" NF}");
        Assert.Equal("1: 3\n2: 1\n", result.Stdout);
    }

    [Fact]
    public async Task Sums_a_large_streamed_column()
    {
        await using var box = new AwkSandbox();
        var text = new StringBuilder();
        for (var i = 1; i <= 200_000; i++) text.Append(i).Append('\n');
        var result = await box.AwkAsync(text.ToString(), "{s += $1} END {print s, NR}");
        Assert.Equal("20000100000 200000\n", result.Stdout);
    }

    [Fact]
    public async Task Gawk_is_an_alias()
    {
        await using var box = new AwkSandbox();
        var result = await box.RunAsync(new MemoryStream(Encoding.UTF8.GetBytes("a:b\n")), "gawk", "-F:", "{print $2}");
        Assert.Equal("b\n", result.Stdout);
    }
}
