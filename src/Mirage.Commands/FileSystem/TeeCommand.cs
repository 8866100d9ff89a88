using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>tee: copies stdin to stdout and to each file as it arrives (-a appends).</summary>
public sealed class TeeCommand() : GnuCommand("tee")
{
    private static readonly ArgParser Options = new("aip", "append=a", "ignore-interrupts=i", "output-error::", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "Mike Parker, Richard M. Stallman, and David MacKenzie";

    protected override string Help => "Usage: tee [OPTION]... [FILE]...\nCopy standard input to each FILE, and also to standard output.\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var append = arguments.Has("a");
        var status = 0;
        var outputs = new List<(string Name, Stream Stream)>();
        foreach (var operand in arguments.Operands)
        {
            if (operand == "-")
            {
                outputs.Add((operand, new NonClosingStream(Stream.Null)));
                continue;
            }
            var path = io.Resolve(operand);
            var info = await io.FollowAsync(path).ConfigureAwait(false);
            var parent = await io.FollowAsync(path.Parent).ConfigureAwait(false);
            var problem = info is { IsDirectory: true } ? "Is a directory"
                : parent is null ? "No such file or directory"
                : !parent.IsDirectory ? "Not a directory"
                : null;
            if (problem is not null)
            {
                await io.ErrorAsync($"{Quoting.ShellIfNeeded(operand)}: {problem}").ConfigureAwait(false);
                status = 1;
                continue;
            }
            if (info is null) await FileModes.CreateEmptyAsync(io, path).ConfigureAwait(false);
            outputs.Add((operand, ResourceOperations.OpenWrite(io.Files, info?.Path ?? path, new WriteOptions(Append: append), io.CancellationToken)));
        }
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await io.Context.Stdin.ReadAsync(buffer, io.CancellationToken).ConfigureAwait(false)) > 0)
            {
                await io.Out.WriteAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
                await io.Out.FlushAsync().ConfigureAwait(false);
                foreach (var (_, stream) in outputs) await stream.WriteAsync(buffer.AsMemory(0, read), io.CancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var (name, stream) in outputs)
            {
                try
                {
                    await stream.DisposeAsync().ConfigureAwait(false);
                }
                catch (ResourceException e)
                {
                    await io.ErrorAsync($"{Quoting.ShellIfNeeded(name)}: {e.Reason}").ConfigureAwait(false);
                    status = 1;
                }
            }
        }
        return status;
    }
}
