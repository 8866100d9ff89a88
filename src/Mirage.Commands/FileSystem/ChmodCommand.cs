using System.Buffers;
using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>
/// chmod: octal and symbolic modes, --reference, -R (links met inside a tree are left alone, as GNU does),
/// -v and -c reports, -f to keep quiet. A mode written like an option ("-w", "-x") is a mode, and then a result
/// the umask kept from matching the request is reported, as GNU chmod does.
/// </summary>
public sealed class ChmodCommand() : GnuCommand("chmod")
{
    // Modes given as options travel under a name no one can type (arguments cannot hold NUL).
    private const string ModeOption = "\0mode";
    private static readonly SearchValues<char> ModeLetters = SearchValues.Create("rwxXstugoa,+-=01234567");

    private static readonly ArgParser Options = new("cfvR",
        "changes=c", "silent=f", "quiet=f", "verbose=v", "recursive=R", "reference:", "preserve-root", "no-preserve-root",
        ModeOption + ":", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "David MacKenzie and Jim Meyering";

    protected override string Help => "Usage: chmod [OPTION]... MODE[,MODE]... FILE...\n  or:  chmod [OPTION]... OCTAL-MODE FILE...\n  or:  chmod [OPTION]... --reference=RFILE FILE...\nChange the mode of each FILE to MODE.\n";

    private enum Report
    {
        Quiet,
        Changes,
        All,
    }

    private sealed record Settings(CompiledMode Mode, Report Report, bool Silent, bool Recursive, bool DiagnoseSurprises);

    protected override IReadOnlyList<string> RewriteArguments(IReadOnlyList<string> arguments, out string? error)
    {
        error = null;
        var rewritten = new List<string>(arguments.Count);
        var options = true;
        foreach (var argument in arguments)
        {
            if (argument == "--") options = false;
            // "-w", "-rwx", "-644": getopt takes them for options, and GNU chmod reads the whole argument as a mode.
            var isMode = options && argument.Length > 1 && argument[0] == '-' && argument[1] != '-'
                && argument.AsSpan(1).IndexOfAnyExcept(ModeLetters) < 0;
            rewritten.Add(isMode ? $"--{ModeOption}={argument}" : argument);
        }
        return rewritten;
    }

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var operands = arguments.Operands.ToList();
        var optionModes = arguments.Values(ModeOption).ToList();
        var reference = arguments.Last("reference");
        string? modeText = optionModes.Count > 0 ? string.Join(',', optionModes) : null;
        var modeFromOperand = false;
        if (reference is not null)
        {
            if (modeText is not null) return await io.UsageErrorAsync("cannot combine mode and --reference options").ConfigureAwait(false);
        }
        else if (modeText is null && operands.Count > 0)
        {
            modeText = operands[0];
            operands.RemoveAt(0);
            modeFromOperand = true;
        }
        if (operands.Count == 0)
        {
            var message = modeFromOperand ? $"missing operand after {Quoting.ShellAlways(modeText!)}" : "missing operand";
            return await io.UsageErrorAsync(message).ConfigureAwait(false);
        }

        CompiledMode mode;
        if (reference is not null)
        {
            var source = await io.StatAsync(reference).ConfigureAwait(false);
            if (source is null)
            {
                await io.ErrorAsync($"failed to get attributes of {Quoting.ShellAlways(reference)}: No such file or directory").ConfigureAwait(false);
                return 1;
            }
            var bits = FileFacts.Permissions(source);
            mode = new CompiledMode([new ModeChange('=', ModeFlag.Ordinary, ModeParser.AllBits, bits, ModeParser.AllBits)]);
        }
        else if (!ModeParser.TryCompile(modeText!, out mode))
        {
            return await io.UsageErrorAsync($"invalid mode: {Quoting.ShellAlways(modeText!)}").ConfigureAwait(false);
        }

        var report = arguments.LastOf("v", "c")?.Key switch { "v" => Report.All, "c" => Report.Changes, _ => Report.Quiet };
        var settings = new Settings(mode, report, arguments.Has("f"), arguments.Has("R"), optionModes.Count > 0);
        var ok = true;
        foreach (var operand in operands)
        {
            var path = io.Resolve(operand);
            var entry = await io.FollowAsync(path).ConfigureAwait(false);
            if (entry is null)
            {
                if (!settings.Silent)
                {
                    var dangling = await io.Files.StatAsync(path, io.CancellationToken).ConfigureAwait(false) is { Kind: EntryKind.Symlink };
                    await io.ErrorAsync(dangling
                        ? $"cannot operate on dangling symlink {Quoting.ShellAlways(operand)}"
                        : $"cannot access {Quoting.ShellAlways(operand)}: No such file or directory").ConfigureAwait(false);
                }
                ok = false;
                continue;
            }
            ok &= await ChangeAsync(io, operand, entry, settings).ConfigureAwait(false);
        }
        return ok ? 0 : 1;
    }

    /// <summary>Changes one entry and, with -R, everything below it (the directory first, as fts visits it).</summary>
    private static async ValueTask<bool> ChangeAsync(CommandIO io, string name, EntryInfo entry, Settings settings)
    {
        if (entry.Kind == EntryKind.Symlink)
        {
            if (settings.Report == Report.All)
                await io.Out.WriteAsync($"neither symbolic link {Quoting.ShellAlways(name)} nor referent has been changed\n").ConfigureAwait(false);
            return true;
        }
        var ok = await ChangeOneAsync(io, name, entry, settings).ConfigureAwait(false);
        if (!settings.Recursive || !entry.IsDirectory) return ok;
        List<EntryInfo> children;
        try
        {
            children = await ResourceOperations.ListSortedAsync(io.Files, entry.Path, io.CancellationToken).ConfigureAwait(false);
        }
        catch (ResourceException e)
        {
            if (!settings.Silent) await io.ErrorAsync($"cannot read directory {Quoting.ShellAlways(name)}: {e.Reason}").ConfigureAwait(false);
            return false;
        }
        foreach (var child in children)
            ok &= await ChangeAsync(io, CpCommand.Join(name, child.Name), child, settings).ConfigureAwait(false);
        return ok;
    }

    private static async ValueTask<bool> ChangeOneAsync(CommandIO io, string name, EntryInfo entry, Settings settings)
    {
        var old = FileFacts.Permissions(entry);
        var wanted = settings.Mode.Apply(old, entry.IsDirectory, io.Context.Umask);
        string? failure = null;
        try
        {
            if (!io.Files.TryGetCapability<IChangeMode>(out var modes)) throw ResourceException.NotSupported(entry.Path);
            await modes.ChangeModeAsync(entry.Path, wanted, io.CancellationToken).ConfigureAwait(false);
        }
        catch (ResourceException e)
        {
            failure = e.Reason;
        }
        if (failure is not null && !settings.Silent)
            await io.ErrorAsync($"changing permissions of {Quoting.ShellAlways(name)}: {failure}").ConfigureAwait(false);
        var shown = Quoting.ShellAlways(name);
        var before = $"{Octal4(old)} ({Letters(entry, old)})";
        var after = $"{Octal4(wanted)} ({Letters(entry, wanted)})";
        if (failure is not null)
        {
            if (settings.Report == Report.All) await io.Out.WriteAsync($"failed to change mode of {shown} from {before} to {after}\n").ConfigureAwait(false);
            return false;
        }
        if (old != wanted && settings.Report != Report.Quiet)
            await io.Out.WriteAsync($"mode of {shown} changed from {before} to {after}\n").ConfigureAwait(false);
        else if (old == wanted && settings.Report == Report.All)
            await io.Out.WriteAsync($"mode of {shown} retained as {after}\n").ConfigureAwait(false);
        if (settings.DiagnoseSurprises)
        {
            // The umask kept some bits the mode asked for ("chmod -w" with umask 022 leaves group and other write).
            var naive = settings.Mode.Apply(old, entry.IsDirectory, umask: 0);
            if ((wanted & ~naive) != 0)
            {
                await io.ErrorAsync($"{Quoting.ShellIfNeeded(name)}: new permissions are {Letters(entry, wanted)}, not {Letters(entry, naive)}").ConfigureAwait(false);
                return false;
            }
        }
        return true;
    }

    private static string Octal4(int mode) => FileFacts.Octal(mode).PadLeft(4, '0');

    /// <summary>"rwxr-xr-x": the permission letters without the type.</summary>
    private static string Letters(EntryInfo entry, int mode) => FileFacts.ModeString(entry with { Mode = mode })[1..];
}
