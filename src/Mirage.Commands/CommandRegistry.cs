using System.Diagnostics.CodeAnalysis;

namespace Mirage.Commands;

/// <summary>Commands by name. Built once per workspace; lookups are lock-free reads.</summary>
public sealed class CommandRegistry
{
    private readonly Dictionary<string, ICommand> _commands = new(StringComparer.Ordinal);

    public CommandRegistry(IEnumerable<ICommand> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        foreach (var command in commands) _commands[command.Name] = command;
    }

    /// <summary>Every command this package ships.</summary>
    public static CommandRegistry CreateDefault() => new(FileSystemCommands.All().Concat(TextCommands.All()).Concat(DataCommands.All()));

    public IEnumerable<string> Names => _commands.Keys.Order(StringComparer.Ordinal);

    public bool TryGet(string name, [NotNullWhen(true)] out ICommand? command) => _commands.TryGetValue(name, out command);

    /// <summary>A copy with <paramref name="command"/> added or replacing the one of the same name.</summary>
    public CommandRegistry With(ICommand command) => new(_commands.Values.Where(c => c.Name != command.Name).Append(command));
}
