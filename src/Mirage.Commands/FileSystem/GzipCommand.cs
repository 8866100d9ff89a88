using System.IO.Compression;
using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>gzip, gunzip, zcat: streaming compression between files of the tree (or stdin/stdout), replacing the input as gzip does.</summary>
public sealed class GzipCommand(string name) : GnuCommand(name)
{
    private static readonly ArgParser Options = new("cdfhklnNqrStv123456789", "stdout=c", "to-stdout=c", "decompress=d", "uncompress=d", "force=f", "keep=k", "list=l",
        "no-name=n", "name=N", "quiet=q", "recursive=r", "suffix=S", "test=t", "verbose=v", "fast=1", "best=9", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Package => "gzip";

    protected override string PackageVersion => "1.12";

    protected override string Help => $"Usage: {Name} [OPTION]... [FILE]...\n";

    private sealed class Settings
    {
        public bool ToStdout;
        public bool Decompress;
        public bool Force;
        public bool Keep;
        public bool Test;
        public bool Verbose;
        public bool Quiet;
        public CompressionLevel Level = CompressionLevel.Optimal;
        public string Suffix = ".gz";
    }

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var settings = new Settings
        {
            Decompress = Name is "gunzip" or "zcat",
            ToStdout = Name == "zcat",
        };
        foreach (var option in arguments.Options)
        {
            switch (option.Key)
            {
                case "c": settings.ToStdout = true; break;
                case "d": settings.Decompress = true; break;
                case "f": settings.Force = true; break;
                case "k": settings.Keep = true; break;
                case "t": settings.Test = true; settings.Decompress = true; break;
                case "v": settings.Verbose = true; break;
                case "q": settings.Quiet = true; break;
                case "S": settings.Suffix = option.Value!; break;
                case "1" or "2" or "3": settings.Level = CompressionLevel.Fastest; break;
                case "9": settings.Level = CompressionLevel.SmallestSize; break;
            }
        }
        if (arguments.Has("l")) return await ListAsync(io, arguments.Operands).ConfigureAwait(false);
        var operands = arguments.Operands.Count == 0 ? ["-"] : arguments.Operands;
        var status = 0;
        foreach (var operand in operands)
        {
            var result = operand == "-" ? await StdinAsync(io, settings).ConfigureAwait(false) : await FileAsync(io, operand, settings).ConfigureAwait(false);
            status = Math.Max(status, result);
        }
        return status;
    }

    /// <summary>Messages carry gzip's name whichever way it was called (gunzip and zcat are gzip underneath).</summary>
    private static ValueTask ErrorAsync(CommandIO io, string message) => io.WriteStderrAsync("gzip: " + message + "\n");

    private static async ValueTask<int> StdinAsync(CommandIO io, Settings settings)
    {
        await io.Out.FlushAsync().ConfigureAwait(false);
        try
        {
            await TransformAsync(io.Context.Stdin, settings.Test ? Stream.Null : io.Context.Stdout, settings, io.CancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (InvalidDataException)
        {
            await io.WriteStderrAsync("\ngzip: stdin: not in gzip format\n").ConfigureAwait(false);
            return 1;
        }
    }

    private static async ValueTask<int> FileAsync(CommandIO io, string operand, Settings settings)
    {
        var path = io.Resolve(operand);
        var info = await io.FollowAsync(path).ConfigureAwait(false);
        if (info is null && settings.Decompress && !operand.EndsWith(settings.Suffix, StringComparison.Ordinal))
        {
            // "gunzip a" means a.gz when a is absent.
            var withSuffix = await io.FollowAsync(io.Resolve(operand + settings.Suffix)).ConfigureAwait(false);
            if (withSuffix is not null)
            {
                operand += settings.Suffix;
                path = io.Resolve(operand);
                info = withSuffix;
            }
        }
        if (info is null)
        {
            await ErrorAsync(io, $"{operand}: No such file or directory").ConfigureAwait(false);
            return 1;
        }
        if (info.IsDirectory)
        {
            if (!settings.Quiet) await ErrorAsync(io, $"{operand} is a directory -- ignored").ConfigureAwait(false);
            return 2;
        }
        string target;
        if (settings.Decompress)
        {
            if (!operand.EndsWith(settings.Suffix, StringComparison.Ordinal) && !operand.EndsWith(".tgz", StringComparison.Ordinal))
            {
                if (!settings.ToStdout && !settings.Test)
                {
                    if (!settings.Quiet) await ErrorAsync(io, $"{operand}: unknown suffix -- ignored").ConfigureAwait(false);
                    return 2;
                }
                target = operand;
            }
            else target = operand.EndsWith(".tgz", StringComparison.Ordinal) ? operand[..^4] + ".tar" : operand[..^settings.Suffix.Length];
        }
        else
        {
            if (operand.EndsWith(settings.Suffix, StringComparison.Ordinal) && !settings.ToStdout && !settings.Force)
            {
                if (!settings.Quiet) await ErrorAsync(io, $"{operand} already has {settings.Suffix} suffix -- unchanged").ConfigureAwait(false);
                return 0;
            }
            target = operand + settings.Suffix;
        }
        var targetPath = io.Resolve(target);
        if (!settings.ToStdout && !settings.Test && !settings.Force && await io.Files.StatAsync(targetPath, io.CancellationToken).ConfigureAwait(false) is not null)
        {
            await ErrorAsync(io, $"{target} already exists;\tnot overwritten").ConfigureAwait(false);
            return 2;
        }
        try
        {
            var input = await io.Files.OpenReadAsync(info.Path, ByteRange.All, io.CancellationToken).ConfigureAwait(false);
            await using (input.ConfigureAwait(false))
            {
                if (settings.ToStdout || settings.Test)
                {
                    await io.Out.FlushAsync().ConfigureAwait(false);
                    await TransformAsync(input, settings.Test ? Stream.Null : io.Context.Stdout, settings, io.CancellationToken).ConfigureAwait(false);
                    return 0;
                }
                var output = ResourceOperations.OpenWrite(io.Files, targetPath, default, io.CancellationToken);
                await using (output.ConfigureAwait(false)) await TransformAsync(input, output, settings, io.CancellationToken).ConfigureAwait(false);
            }
        }
        catch (InvalidDataException)
        {
            await io.WriteStderrAsync($"\ngzip: {operand}: not in gzip format\n").ConfigureAwait(false);
            return 1;
        }
        catch (ResourceException e)
        {
            await ErrorAsync(io, $"{target}: {e.Reason}").ConfigureAwait(false);
            return 1;
        }
        if (info.Modified is { } modified && io.Files.TryGetCapability<ITimestamps>(out var times))
            await times.SetModifiedAsync(targetPath, modified, io.CancellationToken).ConfigureAwait(false);
        if (!settings.Keep) await io.Files.RemoveAsync(info.Path, recursive: false, io.CancellationToken).ConfigureAwait(false);
        if (settings.Verbose) await io.WriteStderrAsync($"{operand}:\t -- replaced with {target}\n").ConfigureAwait(false);
        return 0;
    }

    private static async ValueTask TransformAsync(Stream input, Stream output, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Decompress)
        {
            // Concatenated members decompress as one stream, as gzip does.
            var gzip = new GZipStream(input, CompressionMode.Decompress, leaveOpen: true);
            await using (gzip.ConfigureAwait(false)) await gzip.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var gzip = new GZipStream(output, settings.Level, leaveOpen: true);
            await using (gzip.ConfigureAwait(false)) await input.CopyToAsync(gzip, cancellationToken).ConfigureAwait(false);
        }
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask<int> ListAsync(CommandIO io, IReadOnlyList<string> operands)
    {
        await io.Out.WriteAsync("         compressed        uncompressed  ratio uncompressed_name\n").ConfigureAwait(false);
        var status = 0;
        foreach (var operand in operands)
        {
            var info = await io.StatAsync(operand).ConfigureAwait(false);
            if (info is null)
            {
                await ErrorAsync(io, $"{operand}: No such file or directory").ConfigureAwait(false);
                status = 1;
                continue;
            }
            var input = await io.Files.OpenReadAsync(info.Path, ByteRange.All, io.CancellationToken).ConfigureAwait(false);
            long uncompressed = 0;
            await using (input.ConfigureAwait(false))
            {
                var gzip = new GZipStream(input, CompressionMode.Decompress);
                await using (gzip.ConfigureAwait(false))
                {
                    var buffer = new byte[64 * 1024];
                    int read;
                    while ((read = await gzip.ReadAsync(buffer, io.CancellationToken).ConfigureAwait(false)) > 0) uncompressed += read;
                }
            }
            var compressed = info.Size ?? 0;
            var ratio = uncompressed == 0 ? 0 : (uncompressed - compressed) * 100.0 / uncompressed;
            var name = operand.EndsWith(".gz", StringComparison.Ordinal) ? operand[..^3] : operand;
            await io.Out.WriteAsync($"{compressed,19} {uncompressed,19} {ratio,5:0.0}% {name}\n").ConfigureAwait(false);
        }
        return status;
    }
}
