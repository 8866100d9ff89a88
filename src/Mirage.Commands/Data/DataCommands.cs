namespace Mirage.Commands;

/// <summary>The data-language commands: awk and jq.</summary>
public static class DataCommands
{
    public static IEnumerable<ICommand> All() => AwkCommands.All().Concat(JqCommands.All());
}
