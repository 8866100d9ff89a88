using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>rmdir: removes empty directories; -p removes the named ancestors too.</summary>
public sealed class RmdirCommand() : GnuCommand("rmdir")
{
    private static readonly ArgParser Options = new("pv", "parents=p", "verbose=v", "ignore-fail-on-non-empty", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "David MacKenzie";

    protected override string Help => "Usage: rmdir [OPTION]... DIRECTORY...\nRemove the DIRECTORY(ies), if they are empty.\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        if (arguments.Operands.Count == 0) return await io.UsageErrorAsync("missing operand").ConfigureAwait(false);
        var parents = arguments.Has("p");
        var verbose = arguments.Has("v");
        var ignoreNonEmpty = arguments.Has("ignore-fail-on-non-empty");
        var status = 0;
        foreach (var operand in arguments.Operands)
        {
            var name = operand;
            while (true)
            {
                if (verbose) await io.Out.WriteAsync($"rmdir: removing directory, {Quoting.ShellAlways(name)}\n").ConfigureAwait(false);
                var removed = await RemoveOneAsync(io, name, ignoreNonEmpty, ancestor: name != operand).ConfigureAwait(false);
                if (removed is null) break;
                if (removed == false)
                {
                    status = 1;
                    break;
                }
                if (!parents) break;
                var trimmed = name.TrimEnd('/');
                var slash = trimmed.LastIndexOf('/');
                if (slash <= 0) break;
                name = trimmed[..slash].TrimEnd('/');
                if (name.Length == 0) break;
            }
        }
        return status;
    }

    /// <summary>True when removed, false on failure, null when a non-empty directory is skipped on purpose.</summary>
    private static async ValueTask<bool?> RemoveOneAsync(CommandIO io, string name, bool ignoreNonEmpty, bool ancestor)
    {
        var path = io.Resolve(name);
        try
        {
            var info = await io.Files.StatAsync(path, io.CancellationToken).ConfigureAwait(false) ?? throw ResourceException.NotFound(path);
            if (!info.IsDirectory) throw ResourceException.NotADirectory(path);
            await using (var children = io.Files.ListAsync(path, io.CancellationToken).GetAsyncEnumerator(io.CancellationToken))
            {
                if (await children.MoveNextAsync().ConfigureAwait(false)) throw ResourceException.DirectoryNotEmpty(path);
            }
            await io.Files.RemoveAsync(path, recursive: false, io.CancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ResourceException e)
        {
            if (ignoreNonEmpty && e.Error == ResourceError.DirectoryNotEmpty) return null;
            await io.ErrorAsync($"failed to remove {(ancestor ? "directory " : "")}{Quoting.ShellAlways(name)}: {e.Reason}").ConfigureAwait(false);
            return false;
        }
    }
}
