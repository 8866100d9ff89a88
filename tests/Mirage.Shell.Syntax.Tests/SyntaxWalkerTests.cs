using Mirage.Shell.Syntax.Ast;

namespace Mirage.Shell.Syntax.Tests;

public sealed class SyntaxWalkerTests
{
    [Fact]
    public void Command_names_include_nested_commands_in_source_order()
    {
        var script = Parser.Parse(
            "grep x $(find . -name \"$(basename a)\") | wc -l\n" +
            "if test -f y; then f() { cat <<E\n$(date)\nE\n}; fi\n" +
            "[[ $(id -u) == 0 ]] && $cmd arg\n" +
            "for i in `seq 3`; do (( $(expr 1) )); done; diff <(sort a) >(tee b)");

        Assert.Equal(
            ["grep", "find", "basename", "wc", "test", "cat", "date", "id", "seq", "expr", "diff", "sort", "tee"],
            SyntaxWalker.CommandNames(script));
    }

    [Fact]
    public void Descendants_reach_every_word_part()
    {
        var script = Parser.Parse("a[$i]=(${x:-$(y)} [k]=\"$z\") echo ${arr[$n]/p/$r} >\"$out\"");

        var names = SyntaxWalker.Descendants(script).OfType<ParameterPart>().Select(p => p.Expansion.Name);

        Assert.Equal(["i", "x", "z", "arr", "n", "r", "out"], names);
        Assert.Contains(SyntaxWalker.Descendants(script), node => node is SimpleCommand { Words: [var w] } && w.UnquotedText == "y");
    }

    [Fact]
    public void Every_node_of_the_corpus_is_visited_once()
    {
        foreach (var source in Corpus.Valid)
        {
            var nodes = SyntaxWalker.Descendants(Parser.Parse(source)).ToList();

            Assert.Equal(nodes.Count, nodes.Distinct(ReferenceEqualityComparer.Instance).Count());
        }
    }
}
