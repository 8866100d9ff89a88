using Mirage.Commands.FileSystem;

namespace Mirage.Commands;

/// <summary>The file and stream commands (coreutils, findutils, diffutils side).</summary>
public static class FileSystemCommands
{
    public static IEnumerable<ICommand> All() =>
    [
        new CatCommand(),
        new LsCommand(),
        new HeadCommand(),
        new TailCommand(),
        new WcCommand(),
        new MkdirCommand(),
        new RmdirCommand(),
        new RmCommand(),
    ];
}
