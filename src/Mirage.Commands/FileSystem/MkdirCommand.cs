using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>mkdir: one level, or every missing parent with -p; -v reports each directory made; -m is accepted (modes live with the backend).</summary>
public sealed class MkdirCommand() : GnuCommand("mkdir")
{
    private static readonly ArgParser Options = new("m:pvZ", "mode=m", "parents=p", "verbose=v", "context::", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "David MacKenzie";

    protected override string Help => "Usage: mkdir [OPTION]... DIRECTORY...\nCreate the DIRECTORY(ies), if they do not already exist.\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        if (arguments.Operands.Count == 0) return await io.UsageErrorAsync("missing operand").ConfigureAwait(false);
        if (arguments.Last("m") is { } mode && !ModeParser.IsValid(mode))
        {
            await io.ErrorAsync($"invalid mode {Quoting.ShellAlways(mode)}").ConfigureAwait(false);
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
                    // Walk down from the first missing ancestor so -v can name each one as typed.
                    var missing = new List<(VPath Path, string Name)>();
                    var current = path;
                    var name = operand.TrimEnd('/');
                    while (true)
                    {
                        var info = await io.Files.StatAsync(current, io.CancellationToken).ConfigureAwait(false);
                        if (info is not null)
                        {
                            if (!info.IsDirectory) throw ResourceException.NotADirectory(current);
                            break;
                        }
                        missing.Add((current, name));
                        if (current.IsRoot) break;
                        current = current.Parent;
                        var slash = name.LastIndexOf('/');
                        name = slash < 0 ? "." : name[..slash].TrimEnd('/');
                    }
                    missing.Reverse();
                    foreach (var (directory, shown) in missing)
                    {
                        try
                        {
                            await io.Files.CreateDirectoryAsync(directory, io.CancellationToken).ConfigureAwait(false);
                        }
                        catch (ResourceException e) when (e.Error == ResourceError.AlreadyExists)
                        {
                            continue;
                        }
                        if (verbose) await io.Out.WriteAsync($"mkdir: created directory {Quoting.ShellAlways(shown)}\n").ConfigureAwait(false);
                    }
                    continue;
                }
                var parent = await io.Files.StatAsync(path.Parent, io.CancellationToken).ConfigureAwait(false);
                if (parent is null) throw ResourceException.NotFound(path);
                if (!parent.IsDirectory) throw ResourceException.NotADirectory(path);
                await io.Files.CreateDirectoryAsync(path, io.CancellationToken).ConfigureAwait(false);
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
}
