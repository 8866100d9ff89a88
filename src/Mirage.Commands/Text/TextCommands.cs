using Mirage.Commands.Text.Grep;

namespace Mirage.Commands;

/// <summary>The text-processing commands (grep, sed, sort, ...).</summary>
public static class TextCommands
{
    public static IEnumerable<ICommand> All() =>
    [
        new GrepCommand(),
        new GrepCommand("egrep"),
        new GrepCommand("fgrep"),
    ];
}
