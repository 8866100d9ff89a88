using Mirage.Commands.Text.Grep;
using Mirage.Commands.Text.Printf;
using Mirage.Commands.Text.Sort;

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
        new PrintfCommand(),
        new EchoCommand(),
    ];
}
