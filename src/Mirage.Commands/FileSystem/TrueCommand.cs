namespace Mirage.Commands.FileSystem;

/// <summary>true and false: succeed or fail, whatever the arguments.</summary>
public sealed class TrueCommand(string name, int status) : ICommand
{
    public string Name { get; } = name;

    public ValueTask<int> RunAsync(CommandContext context) => ValueTask.FromResult(status);
}
