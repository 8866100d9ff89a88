namespace Mirage.Shell.Syntax.Tests;

public sealed class RoundTripTests
{
    public static TheoryData<string> Scripts => new(Corpus.Valid);

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Printed_script_parses_back_to_the_same_tree(string source)
    {
        var tree = Parser.Parse(source);
        var printed = Printer.Print(tree);
        var reparsed = Parser.Parse(printed);

        Assert.Equal(TreeDump.Dump(tree), TreeDump.Dump(reparsed));
        Assert.Equal(printed, Printer.Print(reparsed));
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void One_line_printing_parses_back_to_the_same_tree(string source)
    {
        var tree = Parser.Parse(source);
        var printed = Printer.PrintOneLine(tree);

        Assert.Equal(TreeDump.Dump(tree), TreeDump.Dump(Parser.Parse(printed)));
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void The_corpus_is_valid_bash(string source)
    {
        var (status, errors) = RealBash.Check(source);

        Assert.True(status == 0 && errors.Length == 0, errors);
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Bash_accepts_what_the_printer_writes(string source)
    {
        var printed = Printer.Print(Parser.Parse(source));

        var (status, errors) = RealBash.Check(printed);

        Assert.True(status == 0, $"bash -n rejected:\n{printed}\n{errors}");
    }
}
