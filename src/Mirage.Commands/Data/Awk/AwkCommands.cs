namespace Mirage.Commands;

/// <summary>awk and its gawk alias.</summary>
public static class AwkCommands
{
    public static IEnumerable<ICommand> All() => [];
}
