using Mirage.Commands.Text.Grep;
using Mirage.Commands.Text.Printf;
using Mirage.Commands.Text.Sort;
using Mirage.Commands.Text.Uniq;
using Mirage.Commands.Text.Cut;
using Mirage.Commands.Text.Tr;
using Mirage.Commands.Text.Sed;
using Mirage.Commands.Text.Xargs;
using Mirage.Commands.Text.Simple;
using Mirage.Commands.Text.Test;
using Mirage.Commands.Text.Bc;

namespace Mirage.Commands;

/// <summary>The text-processing commands (grep, sed, sort, ...).</summary>
public static class TextCommands
{
    public static IEnumerable<ICommand> All() =>
    [
        new GrepCommand(),
        new GrepCommand("egrep"),
        new GrepCommand("fgrep"),
        new SortCommand(),
        new UniqCommand(),
        new CutCommand(),
        new TrCommand(),
        new SedCommand(),
        new XargsCommand(),
        new RevCommand(),
        new TacCommand(),
        new NlCommand(),
        new PasteCommand(),
        new FoldCommand(),
        new ExpandCommand(unexpand: false),
        new ExpandCommand(unexpand: true),
        new CommCommand(),
        new JoinCommand(),
        new TestCommand("test"),
        new TestCommand("["),
        new ExprCommand(),
        new StringsCommand(),
        new ShufCommand(),
        new ColumnCommand(),
        new IconvCommand(),
        new NumfmtCommand(),
        new BcCommand(),
        new FmtCommand(),
        new PrintfCommand(),
        new EchoCommand(),
    ];
}
