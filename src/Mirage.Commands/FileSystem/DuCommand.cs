using System.Globalization;
using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>du: disk usage of trees (blocks as a 4 KiB-block filesystem allocates them, or apparent sizes), across mounts.</summary>
public sealed class DuCommand() : GnuCommand("du")
{
    private static readonly ArgParser Options = new("0abcd:hHkLmsSxB:Dl", "null=0", "all=a", "apparent-size", "bytes=b", "total=c", "max-depth=d",
        "human-readable=h", "si", "summarize=s", "separate-dirs=S", "one-file-system=x", "block-size=B", "dereference=L", "count-links=l", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "Torbjorn Granlund, David MacKenzie, Paul Eggert,\nand Jim Meyering";

    protected override string Help => "Usage: du [OPTION]... [FILE]...\nSummarize device usage of the set of FILEs, recursively for directories.\n";

    private sealed class Settings
    {
        public bool All;
        public bool Apparent;
        public bool Human;
        public bool Si;
        public long Unit = 1024;
        public int MaxDepth = int.MaxValue;
        public bool SeparateDirectories;
        public string End = "\n";
    }

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var settings = new Settings();
        var summarize = false;
        foreach (var option in arguments.Options)
        {
            switch (option.Key)
            {
                case "a": settings.All = true; break;
                case "apparent-size": settings.Apparent = true; break;
                case "b": settings.Apparent = true; settings.Unit = 1; settings.Human = false; break;
                case "h": settings.Human = true; break;
                case "si": settings.Human = true; settings.Si = true; break;
                case "k": settings.Unit = 1024; settings.Human = false; break;
                case "m": settings.Unit = 1024 * 1024; settings.Human = false; break;
                case "B":
                    var blockSize = option.Value ?? "";
                    if (Counts.TryParse(blockSize.Length > 0 && char.IsAsciiDigit(blockSize[0]) ? blockSize : "1" + blockSize, out var unit) != Counts.Outcome.Ok || unit == 0)
                    {
                        await io.ErrorAsync($"invalid --block-size argument {Quoting.Locale(blockSize)}").ConfigureAwait(false);
                        return 1;
                    }
                    settings.Unit = unit;
                    settings.Human = false;
                    break;
                case "s": summarize = true; break;
                case "S": settings.SeparateDirectories = true; break;
                case "0": settings.End = "\0"; break;
                case "d":
                    if (!int.TryParse(option.Value, NumberStyles.None, CultureInfo.InvariantCulture, out settings.MaxDepth))
                    {
                        await io.ErrorAsync($"invalid maximum depth {Quoting.Locale(option.Value!)}").ConfigureAwait(false);
                        return 1;
                    }
                    break;
            }
        }
        if (summarize)
        {
            if (arguments.Has("d") && settings.MaxDepth != 0)
            {
                await io.ErrorAsync($"warning: summarizing conflicts with --max-depth={settings.MaxDepth}").ConfigureAwait(false);
                return await io.UsageErrorAsync(null).ConfigureAwait(false);
            }
            if (settings.All)
            {
                await io.ErrorAsync("cannot both summarize and show all entries").ConfigureAwait(false);
                return await io.UsageErrorAsync(null).ConfigureAwait(false);
            }
            settings.MaxDepth = 0;
        }
        var operands = arguments.Operands.Count == 0 ? ["."] : arguments.Operands;
        var status = 0;
        long total = 0;
        foreach (var operand in operands)
        {
            var entry = await io.Files.StatAsync(io.Resolve(operand), io.CancellationToken).ConfigureAwait(false);
            if (entry is null)
            {
                await io.ErrorAsync($"cannot access {Quoting.ShellAlways(operand)}: No such file or directory").ConfigureAwait(false);
                status = 1;
                continue;
            }
            var (size, ok) = await MeasureAsync(io, entry, operand, 0, settings).ConfigureAwait(false);
            if (!ok) status = 1;
            total += size;
        }
        if (arguments.Has("c")) await io.Out.WriteAsync(Format(total, settings) + "\ttotal" + settings.End).ConfigureAwait(false);
        return status;
    }

    /// <summary>Prints the subtree below <paramref name="entry"/> as du does (children first) and returns its size in bytes.</summary>
    private static async ValueTask<(long Size, bool Ok)> MeasureAsync(CommandIO io, EntryInfo entry, string name, int depth, Settings settings)
    {
        var own = settings.Apparent ? FileFacts.Size(entry) : FileFacts.Blocks512(entry) * 512;
        if (!entry.IsDirectory)
        {
            if (depth == 0 || (settings.All && depth <= settings.MaxDepth)) await io.Out.WriteAsync(Format(own, settings) + "\t" + name + settings.End).ConfigureAwait(false);
            return (own, true);
        }
        var ok = true;
        var size = own;
        List<EntryInfo> children;
        try
        {
            children = await ResourceOperations.ListSortedAsync(io.Files, entry.Path, io.CancellationToken).ConfigureAwait(false);
        }
        catch (ResourceException e)
        {
            await io.ErrorAsync($"cannot read directory {Quoting.ShellAlways(name)}: {e.Reason}").ConfigureAwait(false);
            children = [];
            ok = false;
        }
        var prefix = name.EndsWith('/') ? name : name + "/";
        foreach (var child in children)
        {
            var (childSize, childOk) = await MeasureAsync(io, child, prefix + child.Name, depth + 1, settings).ConfigureAwait(false);
            ok &= childOk;
            if (!(settings.SeparateDirectories && child.IsDirectory)) size += childSize;
        }
        if (depth <= settings.MaxDepth) await io.Out.WriteAsync(Format(size, settings) + "\t" + name + settings.End).ConfigureAwait(false);
        return (size, ok);
    }

    private static string Format(long bytes, Settings settings) =>
        settings.Human ? HumanSize.Format(bytes, settings.Si) : ((bytes + settings.Unit - 1) / settings.Unit).ToString(CultureInfo.InvariantCulture);
}
