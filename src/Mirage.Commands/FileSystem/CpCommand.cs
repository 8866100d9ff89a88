using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>cp: files and trees, within one mount (server-side where possible) or across mounts (streamed).</summary>
public sealed class CpCommand() : GnuCommand("cp")
{
    private static readonly ArgParser Options = new("adfinprRt:TuvPLH",
        "archive=a", "force=f", "interactive=i", "no-clobber=n", "preserve::", "no-preserve:", "recursive=r", "target-directory=t",
        "no-target-directory=T", "update::", "verbose=v", "no-dereference=P", "dereference=L", "parents", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "Torbjorn Granlund, David MacKenzie, and Jim Meyering";

    protected override string Help => "Usage: cp [OPTION]... [-T] SOURCE DEST\n  or:  cp [OPTION]... SOURCE... DIRECTORY\n  or:  cp [OPTION]... -t DIRECTORY SOURCE...\nCopy SOURCE to DEST, or multiple SOURCE(s) to DIRECTORY.\n";

    private sealed class Settings
    {
        public bool Recursive;
        public bool NoClobber;
        public bool Update;
        public bool Verbose;
        public bool PreserveTimes;
        public bool PreserveMode;
        public bool DefaultMode;
        public bool CopyLinks;
    }

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var settings = new Settings();
        foreach (var option in arguments.Options)
        {
            switch (option.Key)
            {
                case "a":
                    settings.Recursive = settings.PreserveTimes = settings.PreserveMode = settings.CopyLinks = true;
                    settings.DefaultMode = false;
                    break;
                case "d" or "P": settings.CopyLinks = true; break;
                case "L": settings.CopyLinks = false; break;
                case "r" or "R": settings.Recursive = true; break;
                case "n": settings.NoClobber = true; break;
                case "f" or "i": settings.NoClobber = false; break;
                case "u" or "update": settings.Update = option.Value is null or "older"; break;
                case "v": settings.Verbose = true; break;
                case "p": settings.PreserveTimes = settings.PreserveMode = true; settings.DefaultMode = false; break;
                case "preserve":
                    settings.PreserveTimes |= Names(option.Value, "timestamps");
                    settings.PreserveMode |= Names(option.Value, "mode");
                    settings.DefaultMode &= !settings.PreserveMode;
                    break;
                case "no-preserve":
                    settings.PreserveTimes &= !Names(option.Value, "timestamps");
                    settings.DefaultMode |= Names(option.Value, "mode");
                    settings.PreserveMode &= !settings.DefaultMode;
                    break;
            }
        }
        // Recursive copies keep links as links unless -L asks to follow them.
        if (settings.Recursive && !arguments.Has("L")) settings.CopyLinks = true;
        var pairs = await CopyTargets.PlanAsync(io, arguments, arguments.Has("T")).ConfigureAwait(false);
        if (pairs is null) return 1;
        var status = 0;
        foreach (var pair in pairs)
        {
            try
            {
                if (!await CopyAsync(io, pair, settings, topLevel: true).ConfigureAwait(false)) status = 1;
            }
            catch (ResourceException e)
            {
                await io.ErrorAsync($"cannot create regular file {Quoting.ShellAlways(pair.TargetName)}: {e.Reason}").ConfigureAwait(false);
                status = 1;
            }
        }
        return status;
    }

    private static async ValueTask<bool> CopyAsync(CommandIO io, CopyTargets.Pair pair, Settings settings, bool topLevel)
    {
        var source = settings.CopyLinks
            ? await io.Files.StatAsync(pair.Source, io.CancellationToken).ConfigureAwait(false)
            : await io.FollowAsync(pair.Source).ConfigureAwait(false);
        if (source is null)
        {
            await io.ErrorAsync($"cannot stat {Quoting.ShellAlways(pair.SourceName)}: No such file or directory").ConfigureAwait(false);
            return false;
        }
        var target = await io.FollowAsync(pair.Target).ConfigureAwait(false);
        if (source.IsDirectory)
        {
            if (!settings.Recursive)
            {
                await io.ErrorAsync($"-r not specified; omitting directory {Quoting.ShellAlways(pair.SourceName)}").ConfigureAwait(false);
                return false;
            }
            if (pair.Target.IsUnder(pair.Source))
            {
                await io.ErrorAsync($"cannot copy a directory, {Quoting.ShellAlways(pair.SourceName)}, into itself, {Quoting.ShellAlways(pair.TargetName)}").ConfigureAwait(false);
                return false;
            }
            if (target is { IsDirectory: false })
            {
                await io.ErrorAsync($"cannot overwrite non-directory {Quoting.ShellAlways(pair.TargetName)} with directory {Quoting.ShellAlways(pair.SourceName)}").ConfigureAwait(false);
                return false;
            }
            var made = target is null;
            if (made)
            {
                try
                {
                    await io.Files.CreateDirectoryAsync(pair.Target, io.CancellationToken).ConfigureAwait(false);
                }
                catch (ResourceException e)
                {
                    await io.ErrorAsync($"cannot create directory {Quoting.ShellAlways(pair.TargetName)}: {e.Reason}").ConfigureAwait(false);
                    return false;
                }
                if (settings.Verbose) await io.Out.WriteAsync($"{Quoting.ShellAlways(pair.SourceName)} -> {Quoting.ShellAlways(pair.TargetName)}\n").ConfigureAwait(false);
            }
            var ok = true;
            foreach (var child in await ResourceOperations.ListSortedAsync(io.Files, source.Path, io.CancellationToken).ConfigureAwait(false))
            {
                var childPair = new CopyTargets.Pair(Join(pair.SourceName, child.Name), pair.Source / child.Name, Join(pair.TargetName, child.Name), pair.Target / child.Name);
                ok &= await CopyAsync(io, childPair, settings, topLevel: false).ConfigureAwait(false);
            }
            if (made || settings.PreserveMode) await SetModeAsync(io, pair.Target, source, settings, target?.Mode).ConfigureAwait(false);
            if (settings.PreserveTimes) await SetTimeAsync(io, pair.Target, source).ConfigureAwait(false);
            return ok;
        }
        if (target is { IsDirectory: true })
        {
            await io.ErrorAsync($"cannot overwrite directory {Quoting.ShellAlways(pair.TargetName)} with non-directory").ConfigureAwait(false);
            return false;
        }
        if (target is not null && topLevel && target.Path == source.Path)
        {
            await io.ErrorAsync($"{Quoting.ShellAlways(pair.SourceName)} and {Quoting.ShellAlways(pair.TargetName)} are the same file").ConfigureAwait(false);
            return false;
        }
        if (target is not null && settings.NoClobber) return true;
        if (target is not null && settings.Update && FileFacts.Modified(target) >= FileFacts.Modified(source)) return true;
        try
        {
            if (source.Kind == EntryKind.Symlink && io.Files.TryGetCapability<ISymlinks>(out var links))
            {
                if (target is not null) await io.Files.RemoveAsync(pair.Target, recursive: false, io.CancellationToken).ConfigureAwait(false);
                await links.CreateSymlinkAsync(pair.Target, source.LinkTarget ?? string.Empty, io.CancellationToken).ConfigureAwait(false);
            }
            else
            {
                var copied = await ResourceOperations.CopyFileAsync(io.Files, source.Path, io.Files, pair.Target, io.CancellationToken).ConfigureAwait(false);
                if (target is null || settings.PreserveMode) await SetModeAsync(io, pair.Target, source, settings, copied.Mode).ConfigureAwait(false);
                if (settings.PreserveTimes) await SetTimeAsync(io, pair.Target, source).ConfigureAwait(false);
            }
        }
        catch (ResourceException e)
        {
            await io.ErrorAsync($"cannot create regular file {Quoting.ShellAlways(pair.TargetName)}: {e.Reason}").ConfigureAwait(false);
            return false;
        }
        if (settings.Verbose) await io.Out.WriteAsync($"{Quoting.ShellAlways(pair.SourceName)} -> {Quoting.ShellAlways(pair.TargetName)}\n").ConfigureAwait(false);
        return true;
    }

    /// <summary>"mode" in a --preserve list (all of them when the list is absent, "all" included).</summary>
    private static bool Names(string? list, string attribute) =>
        list is null || list.Split(',').Any(name => name == attribute || name == "all");

    /// <summary>
    /// A copy gets its source's mode under -p; a new one made without it gets the source's permission bits less
    /// the umask (setuid and friends dropped), or under --no-preserve=mode the mode of any new file, as GNU cp does.
    /// A destination without modes (object stores) keeps none.
    /// </summary>
    private static async ValueTask SetModeAsync(CommandIO io, VPath path, EntryInfo source, Settings settings, int? current)
    {
        var permissions = settings.DefaultMode ? (source.IsDirectory ? 0x1FF : 0x1B6) : FileFacts.Permissions(source);
        var wanted = settings.PreserveMode ? permissions : permissions & 0x1FF & ~io.Context.Umask;
        if (current is { } mode && (mode & ModeParser.AllBits) == wanted) return;
        if (!io.Files.TryGetCapability<IChangeMode>(out var modes)) return;
        try
        {
            await modes.ChangeModeAsync(path, wanted, io.CancellationToken).ConfigureAwait(false);
        }
        catch (ResourceException e) when (e.Error == ResourceError.NotSupported)
        {
            // The destination keeps no modes: the copy is still good.
        }
    }

    private static async ValueTask SetTimeAsync(CommandIO io, VPath path, EntryInfo source)
    {
        if (source.Modified is { } modified && io.Files.TryGetCapability<ITimestamps>(out var times))
            await times.SetModifiedAsync(path, modified, io.CancellationToken).ConfigureAwait(false);
    }

    internal static string Join(string directory, string name) => directory.EndsWith('/') ? directory + name : directory + "/" + name;
}
