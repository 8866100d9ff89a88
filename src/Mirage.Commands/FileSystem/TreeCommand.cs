using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>tree (2.1): the directory drawing in ASCII as under LC_ALL=C, with -L, -a, -d, -I, -f, --noreport.</summary>
public sealed class TreeCommand() : GnuCommand("tree")
{
    private static readonly ArgParser Options = new("adfI:L:F", "noreport", "dirsfirst", "charset:", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Package => "tree";

    protected override string PackageVersion => "v2.1.0";

    protected override string Help => "usage: tree [-adfF] [-L level] [-I pattern] [--noreport] [--dirsfirst] [<directory list>]\n";

    private sealed record Settings(bool All, bool DirectoriesOnly, bool FullPath, bool Classify, int MaxLevel, List<System.Text.RegularExpressions.Regex> Ignore, bool DirectoriesFirst);

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var level = int.MaxValue;
        if (arguments.Last("L") is { } text && (!int.TryParse(text, out level) || level < 1))
        {
            await io.WriteStderrAsync("tree: Invalid level, must be greater than 0.\n").ConfigureAwait(false);
            return 1;
        }
        var ignore = arguments.Values("I").SelectMany(p => p.Split('|')).Select(p => Glob.ToRegex(p, false)).ToList();
        var settings = new Settings(arguments.Has("a"), arguments.Has("d"), arguments.Has("f"), arguments.Has("F"), level, ignore, arguments.Has("dirsfirst"));
        var roots = arguments.Operands.Count == 0 ? ["."] : arguments.Operands;
        long directories = 0, files = 0;
        var status = 0;
        foreach (var root in roots)
        {
            var entry = await io.FollowAsync(io.Resolve(root)).ConfigureAwait(false);
            if (entry is not { IsDirectory: true })
            {
                await io.Out.WriteAsync($"{root}  [error opening dir]\n").ConfigureAwait(false);
                status = 2;
                continue;
            }
            await io.Out.WriteAsync(root + "\n").ConfigureAwait(false);
            var counts = await DrawAsync(io, entry.Path, root, "", 1, settings).ConfigureAwait(false);
            directories += counts.Directories;
            files += counts.Files;
        }
        if (!arguments.Has("noreport"))
        {
            var report = $"\n{directories} director{(directories == 1 ? "y" : "ies")}";
            if (!settings.DirectoriesOnly) report += $", {files} file{(files == 1 ? "" : "s")}";
            await io.Out.WriteAsync(report + "\n").ConfigureAwait(false);
        }
        return status;
    }

    private static async ValueTask<(long Directories, long Files)> DrawAsync(CommandIO io, VPath directory, string shown, string indent, int depth, Settings settings)
    {
        if (depth > settings.MaxLevel) return (0, 0);
        var children = (await ResourceOperations.ListSortedAsync(io.Files, directory, io.CancellationToken).ConfigureAwait(false))
            .Where(c => settings.All || !c.Name.StartsWith('.'))
            .Where(c => !settings.DirectoriesOnly || c.IsDirectory)
            .Where(c => !settings.Ignore.Any(r => r.IsMatch(c.Name)))
            .ToList();
        if (settings.DirectoriesFirst) children = [.. children.Where(c => c.IsDirectory), .. children.Where(c => !c.IsDirectory)];
        long directories = 0, files = 0;
        for (var i = 0; i < children.Count; i++)
        {
            var child = children[i];
            var last = i == children.Count - 1;
            var path = shown.EndsWith('/') ? shown + child.Name : shown + "/" + child.Name;
            var name = settings.FullPath ? path : child.Name;
            if (child.Kind == EntryKind.Symlink) name += " -> " + child.LinkTarget;
            else if (settings.Classify && child.IsDirectory) name += "/";
            await io.Out.WriteAsync(indent + (last ? "`-- " : "|-- ") + name + "\n").ConfigureAwait(false);
            if (child.IsDirectory)
            {
                directories++;
                var counts = await DrawAsync(io, child.Path, path, indent + (last ? "    " : "|   "), depth + 1, settings).ConfigureAwait(false);
                directories += counts.Directories;
                files += counts.Files;
            }
            else files++;
        }
        return (directories, files);
    }
}
