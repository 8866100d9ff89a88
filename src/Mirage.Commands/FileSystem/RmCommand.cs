using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>
/// rm: files, and trees with -r. Refuses "/" and "." / ".." as GNU does; mount points are refused by the
/// tree itself ("Device or resource busy"). -i prompts on stderr and reads answers from stdin.
/// </summary>
public sealed class RmCommand() : GnuCommand("rm")
{
    private static readonly ArgParser Options = new("dfiIrRv", "dir=d", "force=f", "interactive::", "recursive=r", "verbose=v",
        "no-preserve-root", "preserve-root::", "one-file-system", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "Paul Rubin, David MacKenzie, Richard M. Stallman,\nand Jim Meyering";

    protected override string Help => "Usage: rm [OPTION]... [FILE]...\nRemove (unlink) the FILE(s).\n";

    private sealed class Settings
    {
        public bool Force;
        public bool Interactive;
        public bool Recursive;
        public bool EmptyDirectories;
        public bool Verbose;
        public LineReader? Answers;
    }

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var settings = new Settings();
        var preserveRoot = true;
        foreach (var option in arguments.Options)
        {
            switch (option.Key)
            {
                case "f": settings.Force = true; settings.Interactive = false; break;
                case "i": settings.Interactive = true; settings.Force = false; break;
                case "interactive": settings.Interactive = option.Value is null or "always" or "yes"; break;
                case "I": break;
                case "r" or "R": settings.Recursive = true; break;
                case "d": settings.EmptyDirectories = true; break;
                case "v": settings.Verbose = true; break;
                case "no-preserve-root": preserveRoot = false; break;
            }
        }
        if (arguments.Operands.Count == 0)
            return settings.Force ? 0 : await io.UsageErrorAsync("missing operand").ConfigureAwait(false);
        if (settings.Interactive) settings.Answers = new LineReader(io.Context.Stdin, io.CancellationToken);

        var status = 0;
        foreach (var operand in arguments.Operands)
        {
            var trimmed = operand.TrimEnd('/');
            var last = trimmed.Length == 0 ? "" : trimmed[(trimmed.LastIndexOf('/') + 1)..];
            if (last is "." or "..")
            {
                await io.ErrorAsync($"refusing to remove '.' or '..' directory: skipping {Quoting.ShellAlways(operand)}").ConfigureAwait(false);
                status = 1;
                continue;
            }
            var path = io.Resolve(operand);
            if (path.IsRoot && settings.Recursive && preserveRoot)
            {
                await io.ErrorAsync(operand == "/" ? "it is dangerous to operate recursively on '/'" : $"it is dangerous to operate recursively on {Quoting.ShellAlways(operand)} (same as '/')").ConfigureAwait(false);
                await io.ErrorAsync("use --no-preserve-root to override this failsafe").ConfigureAwait(false);
                status = 1;
                continue;
            }
            if (!await RemoveAsync(io, operand, path, settings).ConfigureAwait(false)) status = 1;
        }
        return status;
    }

    private static async ValueTask<bool> RemoveAsync(CommandIO io, string name, VPath path, Settings settings)
    {
        EntryInfo? info;
        try
        {
            info = await io.Files.StatAsync(path, io.CancellationToken).ConfigureAwait(false);
        }
        catch (ResourceException e)
        {
            await io.ErrorAsync($"cannot remove {Quoting.ShellAlways(name)}: {e.Reason}").ConfigureAwait(false);
            return false;
        }
        if (info is null)
        {
            if (settings.Force) return true;
            await io.ErrorAsync($"cannot remove {Quoting.ShellAlways(name)}: No such file or directory").ConfigureAwait(false);
            return false;
        }
        if (info.IsDirectory)
        {
            if (!settings.Recursive && !settings.EmptyDirectories)
            {
                await io.ErrorAsync($"cannot remove {Quoting.ShellAlways(name)}: Is a directory").ConfigureAwait(false);
                return false;
            }
            if (settings.Recursive)
            {
                if (settings.Interactive && !await AskAsync(io, settings, $"descend into directory {Quoting.ShellAlways(name)}? ").ConfigureAwait(false)) return true;
                if (!settings.Verbose && !settings.Interactive)
                {
                    return await TryAsync(io, name, () => io.Files.RemoveAsync(path, recursive: true, io.CancellationToken)).ConfigureAwait(false);
                }
                var ok = true;
                List<EntryInfo> children;
                try
                {
                    children = await ResourceOperations.ListSortedAsync(io.Files, path, io.CancellationToken).ConfigureAwait(false);
                }
                catch (ResourceException e)
                {
                    await io.ErrorAsync($"cannot remove {Quoting.ShellAlways(name)}: {e.Reason}").ConfigureAwait(false);
                    return false;
                }
                var prefix = name.EndsWith('/') ? name : name + "/";
                foreach (var child in children)
                    ok &= await RemoveAsync(io, prefix + child.Name, child.Path, settings).ConfigureAwait(false);
                if (!ok) return false;
            }
            if (settings.Interactive && !await AskAsync(io, settings, $"remove directory {Quoting.ShellAlways(name)}? ").ConfigureAwait(false)) return true;
            if (!await TryAsync(io, name, () => io.Files.RemoveAsync(path, recursive: false, io.CancellationToken)).ConfigureAwait(false)) return false;
            if (settings.Verbose) await io.Out.WriteAsync($"removed directory {Quoting.ShellAlways(name)}\n").ConfigureAwait(false);
            return true;
        }
        if (settings.Interactive)
        {
            var kind = info.Kind == EntryKind.Symlink ? "symbolic link" : info.Size == 0 ? "regular empty file" : "regular file";
            if (!await AskAsync(io, settings, $"remove {kind} {Quoting.ShellAlways(name)}? ").ConfigureAwait(false)) return true;
        }
        if (!await TryAsync(io, name, () => io.Files.RemoveAsync(path, recursive: false, io.CancellationToken)).ConfigureAwait(false)) return false;
        if (settings.Verbose) await io.Out.WriteAsync($"removed {Quoting.ShellAlways(name)}\n").ConfigureAwait(false);
        return true;
    }

    private static async ValueTask<bool> TryAsync(CommandIO io, string name, Func<ValueTask> remove)
    {
        try
        {
            await remove().ConfigureAwait(false);
            return true;
        }
        catch (ResourceException e)
        {
            await io.ErrorAsync($"cannot remove {Quoting.ShellAlways(name)}: {e.Reason}").ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>Prompts on stderr and reads one answer line from stdin; only "y..." or "Y..." agrees.</summary>
    private static async ValueTask<bool> AskAsync(CommandIO io, Settings settings, string question)
    {
        await io.Out.FlushAsync().ConfigureAwait(false);
        await io.WriteStderrAsync("rm: " + question).ConfigureAwait(false);
        var answer = await settings.Answers!.ReadLineAsync().ConfigureAwait(false);
        return answer is { Length: > 0 } line && (line.Span[0] == (byte)'y' || line.Span[0] == (byte)'Y');
    }
}
