namespace Mirage.Shell.Syntax.Tests;

public sealed class ParseErrorTests
{
    public static TheoryData<string> Invalid => new(
    [
        "if true; then fi",
        "echo a=(1)",
        "for x in a b; echo",
        "f() ; ",
        "echo ;;",
        "( echo )) ",
        "{ echo; }; }",
        "echo |",
        "a && ",
        "while do done",
        "echo >",
        "echo > ;",
        "cat <<",
        "if",
        "for",
        "for x in",
        "case",
        "case x",
        "case x in",
        "{ }",
        "( )",
        "f(",
        "function",
        "( echo",
        "echo $(echo",
        "echo $(echo\n\n",
        "echo \"a\n\nb",
        "echo $(( 1 +",
        "echo $((",
        "echo \"abc",
        "echo 'abc",
        "echo `abc",
        "echo $'abc",
        "echo `echo` ${x",
        "echo ${x:-a",
        "[[ a == ]]",
        "[[ -f ]]",
        "[[ a",
        "[[ a b ]]",
        "[[ ( a ]]",
        "[[ a &&",
        "case x in a) echo;; b echo;; esac",
        "case a in (a|) echo;; esac",
        "a | ;",
        "&& a",
        "echo a && ;",
        "if true\nthen\nfi",
        "echo <(",
        "done",
        "then echo",
        "function f echo",
        "f() echo",
        "echo a | | b",
        "echo a\n\necho \"b\n",
        "$(",
        "`",
        "select",
        "x=$(case a in a) echo;; esac",
        "x=1 if true; then :; fi",
        "for ((i=0;i<3)); do :; done",
        "echo a; esac",
        "echo a )",
        "if true; then echo; else fi",
        "while true; do echo",
        "until; do :; done",
        "echo $(echo ))",
        "a=(1 2",
        "if true; then echo",
        "if a; then b; elif c; then d",
        "echo $((a=1, b=2, a+b)",
        "touch a&in b",
        "((",
        "(( x = 1 +",
        "((x)",
        "((1+)",
        "echo ok\n(( \"a ))",
        "echo \"$((echo hello)\" `echo back`",
        "x=$(echo \"open)",
        "echo $((5**0)) $((0\"**0))",
    ]);

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Syntax_errors_are_reported_with_bashs_words_and_line(string source)
    {
        var (status, errors) = RealBash.Check(source);
        var firstLine = errors.Split('\n')[0];
        Assert.StartsWith("bash: -c: line ", firstLine);
        // bash -n reports some [[ ]] errors without failing; every other case must fail.
        Assert.True(status != 0 || firstLine.Contains("conditional", StringComparison.Ordinal) || firstLine.Contains("expected `)'", StringComparison.Ordinal));
        var expected = firstLine["bash: -c: ".Length..];

        var error = Assert.Throws<ParseException>(() => Parser.Parse(source));

        Assert.Equal(expected, $"line {error.Line}: {error.Message}");
    }

    [Theory]
    [InlineData("if true; then echo", true)]
    [InlineData("echo \"open", true)]
    [InlineData("echo $(ls", true)]
    [InlineData("a &&", true)]
    [InlineData("fi", false)]
    [InlineData("echo >", false)]
    public void Errors_say_whether_more_input_could_complete_the_script(string source, bool incomplete)
    {
        var error = Assert.Throws<ParseException>(() => Parser.Parse(source));

        Assert.Equal(incomplete, error.Incomplete);
    }

    [Fact]
    public void Unexpected_token_errors_carry_the_source_line_bash_echoes()
    {
        var error = Assert.Throws<ParseException>(() => Parser.Parse("echo ok\nif true; then fi\necho after"));

        Assert.Equal(2, error.Line);
        Assert.Equal("if true; then fi", error.SourceLine);
    }

    [Fact]
    public void Line_numbers_start_where_the_caller_says()
    {
        var error = Assert.Throws<ParseException>(() => Parser.Parse("fi", firstLine: 7));

        Assert.Equal(7, error.Line);
    }
}
