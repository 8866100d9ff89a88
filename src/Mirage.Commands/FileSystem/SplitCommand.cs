using System.Globalization;
using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>split: cuts an input into files of N lines (-l), N bytes (-b) or N equal chunks (-n), named PREFIX + aa, ab, ... (or 00, 01 with -d).</summary>
public sealed class SplitCommand() : GnuCommand("split")
{
    private static readonly ArgParser Options = new("a:b:dl:n:x", "suffix-length=a", "bytes=b", "numeric-suffixes::", "lines=l", "number=n",
        "hex-suffixes::", "additional-suffix:", "verbose", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "Torbjorn Granlund and Richard M. Stallman";

    protected override string Help => "Usage: split [OPTION]... [FILE [PREFIX]]\nOutput pieces of FILE to PREFIXaa, PREFIXab, ...\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        if (arguments.Operands.Count > 2) return await io.UsageErrorAsync($"extra operand {Quoting.ShellAlways(arguments.Operands[2])}").ConfigureAwait(false);
        var input = arguments.Operands.Count > 0 ? arguments.Operands[0] : "-";
        var prefix = arguments.Operands.Count > 1 ? arguments.Operands[1] : "x";
        var suffixLength = arguments.Last("a") is { } a ? int.Parse(a, CultureInfo.InvariantCulture) : 2;
        var numeric = arguments.Has("d") || arguments.Has("numeric-suffixes");
        var hex = arguments.Has("x") || arguments.Has("hex-suffixes");
        var extra = arguments.Last("additional-suffix") ?? "";
        var verbose = arguments.Has("verbose");
        long lines = 1000, bytes = 0, chunks = 0;
        var mode = 'l';
        foreach (var option in arguments.Options)
        {
            switch (option.Key)
            {
                case "l":
                    mode = 'l';
                    if (Counts.TryParse(option.Value!, out lines) != Counts.Outcome.Ok || lines == 0)
                    {
                        await io.ErrorAsync($"invalid number of lines: {Quoting.Locale(option.Value!)}{(lines == 0 && option.Value!.All(char.IsAsciiDigit) ? ": Numerical result out of range" : "")}").ConfigureAwait(false);
                        return 1;
                    }
                    break;
                case "b":
                    mode = 'b';
                    if (Counts.TryParse(option.Value!, out bytes) != Counts.Outcome.Ok || bytes == 0)
                    {
                        await io.ErrorAsync($"invalid number of bytes: {Quoting.Locale(option.Value!)}{(bytes == 0 && option.Value!.All(char.IsAsciiDigit) ? ": Numerical result out of range" : "")}").ConfigureAwait(false);
                        return 1;
                    }
                    break;
                case "n":
                    mode = 'n';
                    if (!long.TryParse(option.Value, NumberStyles.None, CultureInfo.InvariantCulture, out chunks) || chunks == 0)
                    {
                        await io.ErrorAsync($"invalid number of chunks: {Quoting.Locale(option.Value!)}").ConfigureAwait(false);
                        return 1;
                    }
                    break;
            }
        }

        Stream source;
        long? size = null;
        try
        {
            if (input != "-") size = (await io.StatAsync(input).ConfigureAwait(false))?.Size;
            source = await io.OpenInputAsync(input).ConfigureAwait(false);
        }
        catch (ResourceException e)
        {
            await io.ErrorAsync($"cannot open {Quoting.ShellAlways(input)} for reading: {e.Reason}").ConfigureAwait(false);
            return 1;
        }
        var index = 0;
        Stream? current = null;
        async ValueTask<Stream> NextAsync()
        {
            if (current is not null) await current.DisposeAsync().ConfigureAwait(false);
            var name = prefix + Suffix(index++, suffixLength, numeric, hex) + extra;
            if (verbose) await io.Out.WriteAsync($"creating file {Quoting.ShellAlways(name)}\n").ConfigureAwait(false);
            current = ResourceOperations.OpenWrite(io.Files, io.Resolve(name), default, io.CancellationToken);
            return current;
        }
        await using (source.ConfigureAwait(false))
        {
            if (mode == 'n')
            {
                var total = size ?? 0;
                var data = source;
                if (size is null)
                {
                    var buffered = new MemoryStream();
                    await source.CopyToAsync(buffered, io.CancellationToken).ConfigureAwait(false);
                    total = buffered.Length;
                    buffered.Position = 0;
                    data = buffered;
                }
                for (long k = 0; k < chunks; k++)
                {
                    var start = k * (total / chunks);
                    var end = k == chunks - 1 ? total : (k + 1) * (total / chunks);
                    var target = await NextAsync().ConfigureAwait(false);
                    await CopyExactlyAsync(data, target, end - start, io.CancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                var buffer = new byte[64 * 1024];
                long left = 0;
                int read;
                while ((read = await source.ReadAsync(buffer, io.CancellationToken).ConfigureAwait(false)) > 0)
                {
                    var offset = 0;
                    while (offset < read)
                    {
                        if (left == 0)
                        {
                            await NextAsync().ConfigureAwait(false);
                            left = mode == 'b' ? bytes : lines;
                        }
                        int take;
                        if (mode == 'b') take = (int)Math.Min(left, read - offset);
                        else
                        {
                            take = 0;
                            while (offset + take < read && left > 0)
                            {
                                if (buffer[offset + take++] == '\n') left--;
                            }
                        }
                        await current!.WriteAsync(buffer.AsMemory(offset, take), io.CancellationToken).ConfigureAwait(false);
                        if (mode == 'b') left -= take;
                        offset += take;
                    }
                }
            }
        }
        if (current is not null) await current.DisposeAsync().ConfigureAwait(false);
        return 0;
    }

    private static async ValueTask CopyExactlyAsync(Stream source, Stream target, long count, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (count > 0)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            count -= read;
        }
    }

    private static string Suffix(int index, int length, bool numeric, bool hex)
    {
        var radix = numeric ? 10 : hex ? 16 : 26;
        var chars = new char[length];
        for (var i = length - 1; i >= 0; i--)
        {
            var digit = index % radix;
            index /= radix;
            chars[i] = numeric || hex ? "0123456789abcdef"[digit] : (char)('a' + digit);
        }
        return new string(chars);
    }
}
