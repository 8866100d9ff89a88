using System.Diagnostics;

namespace Mirage.Shell.Syntax.Tests;

/// <summary>
/// Words without expansions mean exactly their quote-removed text; bash tells us that text by
/// printing its arguments, so the parser's decoding of quotes and escapes is checked against it.
/// </summary>
public sealed class QuotingOracleTests
{
    public static TheoryData<string> Words => new(
    [
        "plain",
        "'single quoted'",
        "\"double quoted\"",
        "a\\ b",
        "\\\\",
        "'it'\\''s'",
        "\"a\\\"b\"",
        "\"\\a\\b\\$\\`\\\\\"",
        "\"'\"",
        "'\"'",
        "$'\\t\\n\\\\\\'\\x41\\101\\u00e9\\cA\\e'",
        "$'\\?\\\"\\v\\f\\r\\b\\a'",
        "$'no escapes'",
        "mixed'sq'\"dq\"\\e$'\\n'",
        "''",
        "\"\"",
        "a''b",
        "\\#not-comment",
        "a#b",
        "x=y",
        "--opt='v a l'",
        "\"$\"",
        "$",
        "a$",
        "\"a\\\nb\"",
        "a\\\nb",
        "'a\\\nb'",
        "'*'",
        "\\*",
        "\"tab\there\"",
        "\\'",
        "\"\\\\'\"",
        "é'ü'\"ß\"",
    ]);

    [Theory]
    [MemberData(nameof(Words))]
    public void Quote_removal_matches_bash(string word)
    {
        var expected = BashArgument(word);

        var command = (Ast.SimpleCommand)Parser.Parse("printf %s " + word).Statements[0].List.First.Stages[0].Command;
        var parsed = Assert.Single(command.Words.Skip(2));

        Assert.Equal(expected, parsed.TryGetStaticText());
    }

    private static string BashArgument(string word)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("set -f; printf %s " + word);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
