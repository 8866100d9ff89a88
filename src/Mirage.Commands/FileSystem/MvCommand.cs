using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>mv: renames inside a mount, copy-then-remove across mounts (the tree decides which).</summary>
public sealed class MvCommand() : GnuCommand("mv")
{
    private static readonly ArgParser Options = new("bfint:TuvZ", "backup::", "force=f", "interactive=i", "no-clobber=n", "target-directory=t",
        "no-target-directory=T", "update::", "verbose=v", "strip-trailing-slashes", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "Mike Parker, David MacKenzie, and Jim Meyering";

    protected override string Help => "Usage: mv [OPTION]... [-T] SOURCE DEST\n  or:  mv [OPTION]... SOURCE... DIRECTORY\n  or:  mv [OPTION]... -t DIRECTORY SOURCE...\nRename SOURCE to DEST, or move SOURCE(s) to DIRECTORY.\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        bool noClobber = false, update = false, verbose = arguments.Has("v");
        foreach (var option in arguments.Options)
        {
            switch (option.Key)
            {
                case "n": noClobber = true; break;
                case "f" or "i": noClobber = false; break;
                case "u" or "update": update = option.Value is null or "older"; break;
            }
        }
        var pairs = await CopyTargets.PlanAsync(io, arguments, arguments.Has("T")).ConfigureAwait(false);
        if (pairs is null) return 1;
        var status = 0;
        foreach (var pair in pairs)
        {
            var source = await io.Files.StatAsync(pair.Source, io.CancellationToken).ConfigureAwait(false);
            if (source is null)
            {
                await io.ErrorAsync($"cannot stat {Quoting.ShellAlways(pair.SourceName)}: No such file or directory").ConfigureAwait(false);
                status = 1;
                continue;
            }
            if (pair.Target.IsUnder(pair.Source))
            {
                if (pair.Target == pair.Source)
                {
                    await io.ErrorAsync($"{Quoting.ShellAlways(pair.SourceName)} and {Quoting.ShellAlways(pair.TargetName)} are the same file").ConfigureAwait(false);
                }
                else
                {
                    await io.ErrorAsync($"cannot move {Quoting.ShellAlways(pair.SourceName)} to a subdirectory of itself, {Quoting.ShellAlways(pair.TargetName)}").ConfigureAwait(false);
                }
                status = 1;
                continue;
            }
            var target = await io.Files.StatAsync(pair.Target, io.CancellationToken).ConfigureAwait(false);
            if (pair.TargetName.EndsWith('/') && target is not { IsDirectory: true } && !source.IsDirectory)
            {
                await io.ErrorAsync($"cannot move {Quoting.ShellAlways(pair.SourceName)} to {Quoting.ShellAlways(pair.TargetName)}: Not a directory").ConfigureAwait(false);
                status = 1;
                continue;
            }
            if (target is not null)
            {
                if (noClobber) continue;
                if (update && FileFacts.Modified(target) >= FileFacts.Modified(source)) continue;
                if (source.IsDirectory && !target.IsDirectory)
                {
                    await io.ErrorAsync($"cannot overwrite non-directory {Quoting.ShellAlways(pair.TargetName)} with directory {Quoting.ShellAlways(pair.SourceName)}").ConfigureAwait(false);
                    status = 1;
                    continue;
                }
                if (!source.IsDirectory && target.IsDirectory)
                {
                    await io.ErrorAsync($"cannot overwrite directory {Quoting.ShellAlways(pair.TargetName)} with non-directory").ConfigureAwait(false);
                    status = 1;
                    continue;
                }
            }
            try
            {
                if (target is not null)
                {
                    if (target.IsDirectory)
                    {
                        await using var children = io.Files.ListAsync(pair.Target, io.CancellationToken).GetAsyncEnumerator(io.CancellationToken);
                        if (await children.MoveNextAsync().ConfigureAwait(false)) throw ResourceException.DirectoryNotEmpty(pair.Target);
                    }
                    await io.Files.RemoveAsync(pair.Target, recursive: false, io.CancellationToken).ConfigureAwait(false);
                }
                await ResourceOperations.MoveAsync(io.Files, pair.Source, io.Files, pair.Target, io.CancellationToken).ConfigureAwait(false);
                if (verbose) await io.Out.WriteAsync($"renamed {Quoting.ShellAlways(pair.SourceName)} -> {Quoting.ShellAlways(pair.TargetName)}\n").ConfigureAwait(false);
            }
            catch (ResourceException e)
            {
                await io.ErrorAsync($"cannot move {Quoting.ShellAlways(pair.SourceName)} to {Quoting.ShellAlways(pair.TargetName)}: {e.Reason}").ConfigureAwait(false);
                status = 1;
            }
        }
        return status;
    }
}
