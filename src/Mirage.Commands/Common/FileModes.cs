using Mirage.Vfs;

namespace Mirage.Commands.Common;

/// <summary>The modes new entries get: 0666 for files and 0777 for directories, less the shell's umask.</summary>
public static class FileModes
{
    public const int NewFile = 0x1B6; // 0666

    public const int NewDirectory = 0x1FF; // 0777

    /// <summary>
    /// Gives an entry this command has just created the mode its umask leaves. Trees create 0644 files and 0755
    /// directories (the default umask's), so only another umask needs a change, and only where the tree keeps modes.
    /// </summary>
    public static async ValueTask ApplyUmaskAsync(CommandIO io, VPath path, bool isDirectory)
    {
        ArgumentNullException.ThrowIfNull(io);
        var umask = io.Context.Umask;
        if (umask == ModeParser.DefaultUmask || !io.Files.TryGetCapability<IChangeMode>(out var modes)) return;
        try
        {
            await modes.ChangeModeAsync(path, (isDirectory ? NewDirectory : NewFile) & ~umask, io.CancellationToken).ConfigureAwait(false);
        }
        catch (ResourceException e) when (e.Error == ResourceError.NotSupported)
        {
            // A mount without permission bits keeps what it has, as such a file system would.
        }
    }

    /// <summary>
    /// Makes an empty file with the umask's mode before it is streamed into, where the mode differs from what the
    /// tree would give it (a rewrite keeps a file's mode).
    /// </summary>
    public static async ValueTask CreateEmptyAsync(CommandIO io, VPath path)
    {
        ArgumentNullException.ThrowIfNull(io);
        if (io.Context.Umask == ModeParser.DefaultUmask) return;
        await io.Files.WriteAsync(path, Stream.Null, new WriteOptions(Length: 0), io.CancellationToken).ConfigureAwait(false);
        await ApplyUmaskAsync(io, path, isDirectory: false).ConfigureAwait(false);
    }
}
