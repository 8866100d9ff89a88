namespace Mirage.Commands;

/// <summary>The file and stream commands (coreutils, findutils, diffutils side).</summary>
public static class FileSystemCommands
{
    public static IEnumerable<ICommand> All() => [];
}
