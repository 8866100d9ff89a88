using Mirage.Commands;

namespace Mirage.Commands.Tests;

public sealed class ArgParserTests
{
    private static readonly ArgParser Head = new("c:n:qv", "bytes=c", "lines=n", "quiet=q", "silent=q", "verbose=v", "help", "version");
    private static readonly ArgParser Ls = new("alR", "all=a", "almost-all", "color::", "format:");

    private static ParsedArguments Parse(ArgParser parser, params string[] args)
    {
        Assert.True(parser.TryParse(args, null, out var result, out var error), error);
        return result;
    }

    private static string Fail(ArgParser parser, params string[] args)
    {
        Assert.False(parser.TryParse(args, null, out _, out var error));
        return error!;
    }

    [Fact]
    public void Attached_and_separate_values_are_the_same()
    {
        Assert.Equal("5", Parse(Head, "-n5").Last("n"));
        Assert.Equal("5", Parse(Head, "-n", "5").Last("n"));
        Assert.Equal("5", Parse(Head, "--lines=5").Last("n"));
        Assert.Equal("5", Parse(Head, "--lines", "5").Last("n"));
        Assert.Equal("5", Parse(Head, "--li", "5").Last("n"));
    }

    [Fact]
    public void Clusters_split_into_flags_and_a_final_value()
    {
        var parsed = Parse(Head, "-qvn3", "file");
        Assert.Equal(["q", "v", "n"], parsed.Options.Select(o => o.Key));
        Assert.Equal("3", parsed.Last("n"));
        Assert.Equal(["file"], parsed.Operands);
    }

    [Fact]
    public void Operands_mix_with_options_until_double_dash()
    {
        var parsed = Parse(Ls, "a", "-l", "b", "--", "-R", "-");
        Assert.Equal(["a", "b", "-R", "-"], parsed.Operands);
        Assert.True(parsed.Has("l"));
        Assert.False(parsed.Has("R"));
    }

    [Fact]
    public void Posixly_correct_stops_at_the_first_operand()
    {
        Assert.True(Ls.TryParse(["a", "-l"], new Dictionary<string, string> { ["POSIXLY_CORRECT"] = "1" }, out var parsed, out _));
        Assert.Equal(["a", "-l"], parsed.Operands);
        Assert.True(new ArgParser("+l").TryParse(["-l", "x", "-l"], null, out parsed, out _));
        Assert.Equal(["x", "-l"], parsed.Operands);
    }

    [Fact]
    public void Errors_read_as_glibc_prints_them()
    {
        Assert.Equal("invalid option -- 'z'", Fail(Ls, "-lz"));
        Assert.Equal("unrecognized option '--zz=3'", Fail(Ls, "--zz=3"));
        Assert.Equal("option '--al' is ambiguous; possibilities: '--all' '--almost-all'", Fail(Ls, "--al"));
        Assert.Equal("option '--all' doesn't allow an argument", Fail(Ls, "--all=3"));
        Assert.Equal("option requires an argument -- 'n'", Fail(Head, "-n"));
        Assert.Equal("option '--lines' requires an argument", Fail(Head, "--lines"));
    }

    [Fact]
    public void Optional_values_attach_only_with_equals()
    {
        var parsed = Parse(Ls, "--color", "x");
        Assert.Null(parsed.Last("color"));
        Assert.Equal(["x"], parsed.Operands);
        Assert.Equal("never", Parse(Ls, "--col=never").Last("color"));
    }

    [Fact]
    public void Several_spellings_of_one_option_are_not_ambiguous()
    {
        Assert.True(Parse(Head, "--q").Has("q"));
        Assert.True(Parse(Head, "--s").Has("q"));
    }

    [Fact]
    public void Negative_numbers_can_be_operands()
    {
        var seq = new ArgParser("+f:s:w") { NegativeNumbersAreOperands = true };
        Assert.True(seq.TryParse(["-w", "-5", "-1"], null, out var parsed, out _));
        Assert.Equal(["-5", "-1"], parsed.Operands);
        Assert.True(parsed.Has("w"));
    }

    [Fact]
    public void A_lone_dash_is_an_operand()
    {
        Assert.Equal(["-"], Parse(Head, "-").Operands);
    }
}
