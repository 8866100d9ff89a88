using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>realpath and readlink: canonical absolute names with symbolic links resolved (-e, -m, -s, --relative-to), or a link's target.</summary>
public sealed class RealpathCommand(string name) : GnuCommand(name)
{
    private static readonly ArgParser RealpathOptions = new("eLmPqsz", "canonicalize-existing=e", "logical=L", "canonicalize-missing=m", "physical=P",
        "quiet=q", "strip=s", "no-symlinks=s", "zero=z", "relative-to:", "relative-base:", "help", "version");

    private static readonly ArgParser ReadlinkOptions = new("efmnqsvz", "canonicalize=f", "canonicalize-existing=e", "canonicalize-missing=m",
        "no-newline=n", "quiet=q", "silent=s", "verbose=v", "zero=z", "help", "version");

    private enum Mode { AllButLast, Existing, Missing, Link }

    protected override ArgParser Parser => Name == "readlink" ? ReadlinkOptions : RealpathOptions;

    protected override string Authors => Name == "readlink" ? "Dmitry V. Levin" : "Padraig Brady";

    protected override string Help => Name == "readlink" ? "Usage: readlink [OPTION]... FILE...\nPrint value of a symbolic link or canonical file name\n" : "Usage: realpath [OPTION]... FILE...\nPrint the resolved absolute file name.\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var mode = Name == "readlink" ? Mode.Link : Mode.AllButLast;
        foreach (var option in arguments.Options)
        {
            mode = option.Key switch
            {
                "e" => Mode.Existing,
                "m" => Mode.Missing,
                "f" => Mode.AllButLast,
                _ => mode,
            };
        }
        if (arguments.Operands.Count == 0) return await io.UsageErrorAsync("missing operand").ConfigureAwait(false);
        var quiet = Name == "readlink" ? !arguments.Has("v") : arguments.Has("q");
        var noSymlinks = Name == "realpath" && arguments.Has("s");
        var end = arguments.Has("z") ? "\0" : Name == "readlink" && arguments.Has("n") && arguments.Operands.Count == 1 ? "" : "\n";
        var relativeTo = arguments.Last("relative-to");
        var status = 0;
        foreach (var operand in arguments.Operands)
        {
            string? result;
            if (mode == Mode.Link)
            {
                var info = await io.Files.StatAsync(io.Resolve(operand), io.CancellationToken).ConfigureAwait(false);
                result = info?.Kind == EntryKind.Symlink ? info.LinkTarget : null;
                if (result is null)
                {
                    if (!quiet) await io.ErrorAsync($"{Quoting.ShellIfNeeded(operand)}: {(info is null ? "No such file or directory" : "Invalid argument")}").ConfigureAwait(false);
                    status = 1;
                    continue;
                }
            }
            else
            {
                var (path, error) = await CanonicalizeAsync(io, operand, mode, noSymlinks).ConfigureAwait(false);
                if (error is not null)
                {
                    if (!(quiet && Name == "readlink")) await io.ErrorAsync($"{Quoting.ShellIfNeeded(operand)}: {error}").ConfigureAwait(false);
                    status = 1;
                    continue;
                }
                result = path!.Value.Value;
                if (relativeTo is not null) result = Relative(path.Value, io.Resolve(relativeTo));
            }
            await io.Out.WriteAsync(result + end).ConfigureAwait(false);
        }
        return status;
    }

    private static async ValueTask<(VPath? Path, string? Error)> CanonicalizeAsync(CommandIO io, string operand, Mode mode, bool noSymlinks)
    {
        if (operand.Length == 0) return (null, "No such file or directory");
        var segments = operand.StartsWith('/') ? new List<string>() : [.. io.Context.WorkingDirectory.Segments];
        var pending = new Stack<string>(operand.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var hops = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".") continue;
            if (part == "..")
            {
                if (segments.Count > 0) segments.RemoveAt(segments.Count - 1);
                continue;
            }
            segments.Add(part);
            var current = VPath.Parse("/" + string.Join('/', segments));
            var info = await io.Files.StatAsync(current, io.CancellationToken).ConfigureAwait(false);
            var isLast = pending.Count == 0;
            if (info is null)
            {
                if (mode == Mode.Missing || (mode == Mode.AllButLast && isLast)) continue;
                return (null, "No such file or directory");
            }
            if (info.Kind == EntryKind.Symlink && !noSymlinks && info.LinkTarget is not null)
            {
                if (++hops > 40) return (null, "Too many levels of symbolic links");
                segments.RemoveAt(segments.Count - 1);
                if (info.LinkTarget.StartsWith('/')) segments.Clear();
                foreach (var piece in info.LinkTarget.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse()) pending.Push(piece);
                continue;
            }
            if (!isLast && !info.IsDirectory && mode != Mode.Missing) return (null, "Not a directory");
        }
        return (VPath.Parse("/" + string.Join('/', segments)), null);
    }

    private static string Relative(VPath path, VPath baseDirectory)
    {
        var from = baseDirectory.Segments;
        var to = path.Segments;
        var common = 0;
        while (common < from.Length && common < to.Length && from[common] == to[common]) common++;
        var parts = Enumerable.Repeat("..", from.Length - common).Concat(to.Skip(common)).ToList();
        return parts.Count == 0 ? "." : string.Join('/', parts);
    }
}
