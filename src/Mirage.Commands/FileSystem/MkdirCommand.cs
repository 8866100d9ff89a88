using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>mkdir: one level, or every missing parent with -p; -v reports each directory made; -m sets the new directory's mode.</summary>
public sealed class MkdirCommand() : GnuCommand("mkdir")
{
    private static readonly ArgParser Options = new("m:pvZ", "mode=m", "parents=p", "verbose=v", "context::", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "David MacKenzie";

    protected override string Help => "Usage: mkdir [OPTION]... DIRECTORY...\nCreate the DIRECTORY(ies), if they do not already exist.\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        if (arguments.Operands.Count == 0) return await io.UsageErrorAsync("missing operand").ConfigureAwait(false);
        CompiledMode? mode = null;
        if (arguments.Last("m") is { } modeText && !ModeParser.TryCompile(modeText, out mode))
        {
            await io.ErrorAsync($"invalid mode {Quoting.ShellAlways(modeText)}").ConfigureAwait(false);
            return 1;
        }
        var parents = arguments.Has("p");
        var verbose = arguments.Has("v");
        var status = 0;
        foreach (var operand in arguments.Operands)
        {
            var path = io.Resolve(operand);
            try
            {
                if (parents)
                {
                    await MakeParentsAsync(io, operand, async (current, prefix) =>
                    {
                        if (current == path) await ApplyModeAsync(io, path, mode).ConfigureAwait(false);
                        else await FileModes.ApplyUmaskAsync(io, current, isDirectory: true).ConfigureAwait(false);
                        if (verbose) await io.Out.WriteAsync($"mkdir: created directory {Quoting.ShellAlways(prefix)}\n").ConfigureAwait(false);
                    }).ConfigureAwait(false);
                    continue;
                }
                var parent = await io.Files.StatAsync(path.Parent, io.CancellationToken).ConfigureAwait(false);
                if (parent is null) throw ResourceException.NotFound(path);
                if (!parent.IsDirectory) throw ResourceException.NotADirectory(path);
                await io.Files.CreateDirectoryAsync(path, io.CancellationToken).ConfigureAwait(false);
                await ApplyModeAsync(io, path, mode).ConfigureAwait(false);
                if (verbose) await io.Out.WriteAsync($"mkdir: created directory {Quoting.ShellAlways(operand)}\n").ConfigureAwait(false);
            }
            catch (ResourceException e)
            {
                await io.ErrorAsync($"cannot create directory {Quoting.ShellAlways(operand)}: {e.Reason}").ConfigureAwait(false);
                status = 1;
            }
        }
        return status;
    }

    /// <summary>
    /// mkdir -p: makes each missing directory along <paramref name="operand"/>, walking its prefixes as typed (so -v
    /// names "a" and then "a/../b" as GNU does), and calls <paramref name="made"/> with each one it made and its prefix.
    /// </summary>
    internal static async ValueTask MakeParentsAsync(CommandIO io, string operand, Func<VPath, string, ValueTask> made)
    {
        var prefix = operand.StartsWith('/') ? "/" : "";
        foreach (var part in operand.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            prefix = prefix.Length == 0 || prefix.EndsWith('/') ? prefix + part : prefix + "/" + part;
            if (part is "." or "..") continue;
            var current = io.Resolve(prefix);
            var info = await io.FollowAsync(current).ConfigureAwait(false);
            if (info is not null)
            {
                if (!info.IsDirectory) throw ResourceException.NotADirectory(current);
                continue;
            }
            try
            {
                await io.Files.CreateDirectoryAsync(current, io.CancellationToken).ConfigureAwait(false);
            }
            catch (ResourceException e) when (e.Error == ResourceError.AlreadyExists)
            {
                continue;
            }
            await made(current, prefix).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// As GNU mkdir: the mode applied to 0777 (the umask only where the mode names no one) is set exactly, except that
    /// a sticky directory is first made without group and other write, and keeps that where the mode did not name them.
    /// </summary>
    private static async ValueTask ApplyModeAsync(CommandIO io, VPath path, CompiledMode? mode)
    {
        if (mode is null)
        {
            await FileModes.ApplyUmaskAsync(io, path, isDirectory: true).ConfigureAwait(false);
            return;
        }
        const int sticky = 0x200;
        const int groupAndOtherWrite = 0x12;
        var wanted = mode.Apply(0x1FF, isDirectory: true, io.Context.Umask, out var touched);
        if ((wanted & sticky) != 0) wanted = (wanted & touched) | (wanted & ~groupAndOtherWrite & ~touched);
        var made = await io.Files.StatAsync(path, io.CancellationToken).ConfigureAwait(false);
        if (made?.Mode is { } current && (current & ModeParser.AllBits) == wanted) return;
        if (!io.Files.TryGetCapability<IChangeMode>(out var modes)) throw ResourceException.NotSupported(path);
        await modes.ChangeModeAsync(path, wanted, io.CancellationToken).ConfigureAwait(false);
    }
}
