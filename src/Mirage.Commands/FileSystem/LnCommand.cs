using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>ln: symbolic links (-s) where the backend has them; hard links are not offered by any backend.</summary>
public sealed class LnCommand() : GnuCommand("ln")
{
    private static readonly ArgParser Options = new("bfinrst:TvLP", "backup::", "force=f", "interactive=i", "no-dereference=n", "relative=r", "symbolic=s",
        "target-directory=t", "no-target-directory=T", "verbose=v", "logical=L", "physical=P", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "Mike Parker and David MacKenzie";

    protected override string Help => "Usage: ln [OPTION]... [-T] TARGET LINK_NAME\n  or:  ln [OPTION]... TARGET\n  or:  ln [OPTION]... TARGET... DIRECTORY\n  or:  ln [OPTION]... -t DIRECTORY TARGET...\nCreate links.\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var operands = arguments.Operands.ToList();
        if (operands.Count == 0 && !arguments.Has("t")) return await io.UsageErrorAsync("missing file operand").ConfigureAwait(false);
        // "ln -s TARGET" links into the current directory under the target's name.
        var pairs = operands.Count == 1 && !arguments.Has("t")
            ? [new CopyTargets.Pair(operands[0], io.Resolve(operands[0]), BasenameCommand.Strip(operands[0], null), io.Resolve(BasenameCommand.Strip(operands[0], null)))]
            : await CopyTargets.PlanAsync(io, arguments, arguments.Has("T")).ConfigureAwait(false);
        if (pairs is null) return 1;
        var symbolic = arguments.Has("s");
        var force = arguments.Has("f");
        var status = 0;
        foreach (var pair in pairs)
        {
            try
            {
                if (!symbolic)
                {
                    await io.ErrorAsync($"failed to create hard link {Quoting.ShellAlways(pair.TargetName)} => {Quoting.ShellAlways(pair.SourceName)}: Operation not supported").ConfigureAwait(false);
                    status = 1;
                    continue;
                }
                var existing = await io.Files.StatAsync(pair.Target, io.CancellationToken).ConfigureAwait(false);
                if (existing is not null)
                {
                    if (!force || existing.IsDirectory) throw ResourceException.AlreadyExists(pair.Target);
                    await io.Files.RemoveAsync(pair.Target, recursive: false, io.CancellationToken).ConfigureAwait(false);
                }
                if (!io.Files.TryGetCapability<ISymlinks>(out var links)) throw ResourceException.NotSupported(pair.Target);
                await links.CreateSymlinkAsync(pair.Target, pair.SourceName, io.CancellationToken).ConfigureAwait(false);
                if (arguments.Has("v")) await io.Out.WriteAsync($"{Quoting.ShellAlways(pair.TargetName)} -> {Quoting.ShellAlways(pair.SourceName)}\n").ConfigureAwait(false);
            }
            catch (ResourceException e)
            {
                await io.ErrorAsync($"failed to create symbolic link {Quoting.ShellAlways(pair.TargetName)}: {e.Reason}").ConfigureAwait(false);
                status = 1;
            }
        }
        return status;
    }
}
