using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>unlink: removes exactly one file (never a directory) with unlink(2)'s errors.</summary>
public sealed class UnlinkCommand() : GnuCommand("unlink")
{
    private static readonly ArgParser Options = new("", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "Michael Stone";

    protected override string Help => "Usage: unlink FILE\n  or:  unlink OPTION\nCall the unlink function to remove the specified FILE.\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        if (arguments.Operands.Count == 0) return await io.UsageErrorAsync("missing operand").ConfigureAwait(false);
        if (arguments.Operands.Count > 1) return await io.UsageErrorAsync($"extra operand {Quoting.Locale(arguments.Operands[1])}").ConfigureAwait(false);
        var operand = arguments.Operands[0];
        var path = io.Resolve(operand);
        try
        {
            // unlink(2) does not follow a symbolic link: the link itself goes.
            var info = await io.Files.StatAsync(path, io.CancellationToken).ConfigureAwait(false) ?? throw ResourceException.NotFound(path);
            if (info.IsDirectory) throw ResourceException.IsADirectory(path);
            await io.Files.RemoveAsync(path, recursive: false, io.CancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (ResourceException e)
        {
            await io.ErrorAsync($"cannot unlink {Quoting.ShellAlways(operand)}: {e.Reason}").ConfigureAwait(false);
            return 1;
        }
    }
}
