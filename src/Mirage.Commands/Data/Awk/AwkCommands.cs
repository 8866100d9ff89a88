using Mirage.Commands.Data.Awk;

namespace Mirage.Commands;

/// <summary>awk and its gawk alias.</summary>
public static class AwkCommands
{
    public static IEnumerable<ICommand> All() => [new AwkCommand("awk"), new AwkCommand("gawk")];
}
