using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>
/// link: link(2) FILE1 FILE2. The tree keeps no hard links, so a valid request fails as link(2) does on a file
/// system without them ("Operation not permitted"); the other errors are link(2)'s own.
/// </summary>
public sealed class LinkCommand() : GnuCommand("link")
{
    private static readonly ArgParser Options = new("", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "Michael Stone";

    protected override string Help => "Usage: link FILE1 FILE2\n  or:  link OPTION\nCall the link function to create a link named FILE2 to an existing FILE1.\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var operands = arguments.Operands;
        if (operands.Count == 0) return await io.UsageErrorAsync("missing operand").ConfigureAwait(false);
        if (operands.Count == 1) return await io.UsageErrorAsync($"missing operand after {Quoting.Locale(operands[0])}").ConfigureAwait(false);
        if (operands.Count > 2) return await io.UsageErrorAsync($"extra operand {Quoting.Locale(operands[2])}").ConfigureAwait(false);
        var source = io.Resolve(operands[0]);
        var target = io.Resolve(operands[1]);
        var reason = "Operation not permitted";
        if (await io.Files.StatAsync(source, io.CancellationToken).ConfigureAwait(false) is null) reason = "No such file or directory";
        else if (await io.Files.StatAsync(target, io.CancellationToken).ConfigureAwait(false) is not null) reason = "File exists";
        else if (await io.FollowAsync(target.Parent).ConfigureAwait(false) is not { } parent) reason = "No such file or directory";
        else if (!parent.IsDirectory) reason = "Not a directory";
        await io.ErrorAsync($"cannot create link {Quoting.ShellAlways(operands[1])} to {Quoting.ShellAlways(operands[0])}: {reason}").ConfigureAwait(false);
        return 1;
    }
}
