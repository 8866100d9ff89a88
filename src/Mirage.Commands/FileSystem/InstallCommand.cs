using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>
/// install: copies files and sets their mode (0755 unless -m), or with -d makes directories; -D makes a target's
/// missing parents, -t/-T choose the target as cp does, -p keeps times, -v tells each step.
/// </summary>
public sealed class InstallCommand() : GnuCommand("install")
{
    private const int DefaultMode = 0x1ED; // 0755

    private static readonly ArgParser Options = new("bcCdDg:m:o:pst:TvS:Z",
        "backup::", "compare=C", "directory=d", "group=g", "mode=m", "owner=o", "preserve-timestamps=p", "strip=s", "strip-program:",
        "suffix=S", "target-directory=t", "no-target-directory=T", "verbose=v", "preserve-context", "context::", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "David MacKenzie";

    protected override string Help => "Usage: install [OPTION]... [-T] SOURCE DEST\n  or:  install [OPTION]... SOURCE... DIRECTORY\n  or:  install [OPTION]... -t DIRECTORY SOURCE...\n  or:  install [OPTION]... -d DIRECTORY...\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        CompiledMode? mode = null;
        if (arguments.Last("m") is { } modeText && !ModeParser.TryCompile(modeText, out mode))
        {
            await io.ErrorAsync($"invalid mode {Quoting.ShellAlways(modeText)}").ConfigureAwait(false);
            return 1;
        }
        var verbose = arguments.Has("v");
        if (arguments.Has("d"))
        {
            if (arguments.Operands.Count == 0) return await io.UsageErrorAsync("missing file operand").ConfigureAwait(false);
            var directoryMode = mode?.Apply(0, isDirectory: true, umask: 0) ?? DefaultMode;
            var status = 0;
            foreach (var operand in arguments.Operands)
            {
                try
                {
                    await MakeDirectoriesAsync(io, operand, verbose).ConfigureAwait(false);
                    await SetModeAsync(io, io.Resolve(operand), directoryMode).ConfigureAwait(false);
                }
                catch (ResourceException e)
                {
                    await io.ErrorAsync($"cannot create directory {Quoting.ShellAlways(operand)}: {e.Reason}").ConfigureAwait(false);
                    status = 1;
                }
            }
            return status;
        }
        var fileMode = mode?.Apply(0, isDirectory: false, umask: 0) ?? DefaultMode;
        if (arguments.Last("t") is { } targetDirectory && await io.StatAsync(targetDirectory).ConfigureAwait(false) is null)
        {
            if (!arguments.Has("D"))
            {
                await io.ErrorAsync($"failed to access {Quoting.ShellAlways(targetDirectory)}: No such file or directory").ConfigureAwait(false);
                return 1;
            }
            await MakeDirectoriesAsync(io, targetDirectory, verbose).ConfigureAwait(false);
        }
        var pairs = await CopyTargets.PlanAsync(io, arguments, arguments.Has("T")).ConfigureAwait(false);
        if (pairs is null) return 1;
        var result = 0;
        foreach (var pair in pairs)
        {
            if (!await InstallFileAsync(io, pair, fileMode, arguments).ConfigureAwait(false)) result = 1;
        }
        return result;
    }

    private static async ValueTask<bool> InstallFileAsync(CommandIO io, CopyTargets.Pair pair, int mode, ParsedArguments arguments)
    {
        var verbose = arguments.Has("v");
        var source = await io.FollowAsync(pair.Source).ConfigureAwait(false);
        if (source is null)
        {
            await io.ErrorAsync($"cannot stat {Quoting.ShellAlways(pair.SourceName)}: No such file or directory").ConfigureAwait(false);
            return false;
        }
        if (source.IsDirectory)
        {
            await io.ErrorAsync($"omitting directory {Quoting.ShellAlways(pair.SourceName)}").ConfigureAwait(false);
            return false;
        }
        try
        {
            if (arguments.Has("D") && arguments.Last("t") is null)
            {
                var parentName = pair.TargetName.Contains('/') ? pair.TargetName[..pair.TargetName.LastIndexOf('/')] : "";
                if (parentName.Length > 0) await MakeDirectoriesAsync(io, parentName, verbose).ConfigureAwait(false);
            }
            var existing = await io.FollowAsync(pair.Target).ConfigureAwait(false);
            if (existing is { IsDirectory: true })
            {
                await io.ErrorAsync($"cannot overwrite directory {Quoting.ShellAlways(pair.TargetName)} with non-directory").ConfigureAwait(false);
                return false;
            }
            if (existing is not null && verbose) await io.Out.WriteLineAsync($"removed {Quoting.ShellAlways(pair.TargetName)}").ConfigureAwait(false);
            await ResourceOperations.CopyFileAsync(io.Files, source.Path, io.Files, pair.Target, io.CancellationToken).ConfigureAwait(false);
            await SetModeAsync(io, pair.Target, mode).ConfigureAwait(false);
            if (arguments.Has("p") && io.Files.TryGetCapability<ITimestamps>(out var times))
                await times.SetModifiedAsync(pair.Target, FileFacts.Modified(source), io.CancellationToken).ConfigureAwait(false);
            if (verbose) await io.Out.WriteLineAsync($"{Quoting.ShellAlways(pair.SourceName)} -> {Quoting.ShellAlways(pair.TargetName)}").ConfigureAwait(false);
            return true;
        }
        catch (ResourceException e)
        {
            await io.ErrorAsync($"cannot create regular file {Quoting.ShellAlways(pair.TargetName)}: {e.Reason}").ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>mkdir -p of <paramref name="operand"/>, each new directory with the umask's mode and, with -v, announced.</summary>
    private static ValueTask MakeDirectoriesAsync(CommandIO io, string operand, bool verbose) =>
        MkdirCommand.MakeParentsAsync(io, operand, async (current, prefix) =>
        {
            await FileModes.ApplyUmaskAsync(io, current, isDirectory: true).ConfigureAwait(false);
            if (verbose) await io.Out.WriteLineAsync($"install: creating directory {Quoting.ShellAlways(prefix)}").ConfigureAwait(false);
        });

    private static async ValueTask SetModeAsync(CommandIO io, VPath path, int mode)
    {
        var info = await io.FollowAsync(path).ConfigureAwait(false);
        if (info?.Mode is { } current && (current & ModeParser.AllBits) == mode) return;
        if (!io.Files.TryGetCapability<IChangeMode>(out var modes)) return;
        try
        {
            await modes.ChangeModeAsync(path, mode, io.CancellationToken).ConfigureAwait(false);
        }
        catch (ResourceException e) when (e.Error == ResourceError.NotSupported)
        {
            // A tree without permission bits keeps the copy as it is.
        }
    }
}
