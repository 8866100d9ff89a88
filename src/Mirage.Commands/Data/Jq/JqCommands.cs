namespace Mirage.Commands;

/// <summary>jq.</summary>
public static class JqCommands
{
    public static IEnumerable<ICommand> All() => [new JqCommand()];
}
