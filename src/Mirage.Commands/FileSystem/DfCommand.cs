using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>
/// df: one line per mount of the tree (or per mount holding each operand). In-process mounts report what
/// they hold; remote backends have no fixed capacity, so their sizes print as "-".
/// </summary>
public sealed class DfCommand() : GnuCommand("df")
{
    private static readonly ArgParser Options = new("ahHiklPTt:x:", "all=a", "human-readable=h", "si=H", "inodes=i", "local=l", "portability=P",
        "print-type=T", "type=t", "exclude-type=x", "output::", "total", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "Torbjorn Granlund, David MacKenzie, and Paul Eggert";

    protected override string Help => "Usage: df [OPTION]... [FILE]...\nShow information about the file system on which each FILE resides,\nor all file systems by default.\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var mounts = io.Files.TryGetCapability<Dispatcher>(out var dispatcher) ? dispatcher.Mounts.Mounts.OrderBy(m => m.Prefix.Value, StringComparer.Ordinal).ToList() : [];
        var status = 0;
        if (arguments.Operands.Count > 0 && io.Files.TryGetCapability<Dispatcher>(out var owner))
        {
            var chosen = new List<Mount>();
            foreach (var operand in arguments.Operands)
            {
                if (await io.StatAsync(operand).ConfigureAwait(false) is null)
                {
                    await io.ErrorAsync($"{Quoting.ShellAlways(operand)}: No such file or directory").ConfigureAwait(false);
                    status = 1;
                    continue;
                }
                if (owner.FindMount(io.Resolve(operand)) is { } mount) chosen.Add(mount);
            }
            mounts = chosen;
        }
        var human = arguments.Has("h") || arguments.Has("H");
        var withType = arguments.Has("T");
        var rows = new List<string[]>
        {
            withType
                ? ["Filesystem", "Type", human ? "Size" : "1K-blocks", "Used", human ? "Avail" : "Available", "Use%", "Mounted on"]
                : ["Filesystem", human ? "Size" : "1K-blocks", "Used", human ? "Avail" : "Available", "Use%", "Mounted on"],
        };
        foreach (var mount in mounts)
        {
            string used = "-", size = "-", available = "-", percent = "-";
            if (mount.Resource.Info.Flags.HasFlag(ResourceFlags.InProcess))
            {
                long bytes = 0;
                await foreach (var entry in ResourceOperations.WalkAsync(mount.Resource, VPath.Root, cancellationToken: io.CancellationToken).ConfigureAwait(false))
                    bytes += FileFacts.Blocks512(entry) * 512;
                used = human ? HumanSize.Format(bytes, arguments.Has("H")) : FileFacts.Number((bytes + 1023) / 1024);
            }
            var kind = mount.Resource.Info.Kind;
            rows.Add(withType ? [kind, kind, size, used, available, percent, mount.Prefix.Value] : [kind, size, used, available, percent, mount.Prefix.Value]);
        }
        var widths = new int[rows[0].Length];
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++) widths[i] = Math.Max(widths[i], row[i].Length);
        }
        foreach (var row in rows)
        {
            var cells = row.Select((cell, i) => i == row.Length - 1 ? cell : i == 0 || (withType && i == 1) ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]));
            await io.Out.WriteAsync(string.Join(' ', cells) + "\n").ConfigureAwait(false);
        }
        return status;
    }
}
