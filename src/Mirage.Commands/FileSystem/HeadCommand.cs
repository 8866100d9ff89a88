using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>head: the first lines or bytes of each input; reads only what it prints (ranged reads when the size is known).</summary>
public sealed class HeadCommand() : GnuCommand("head")
{
    private static readonly ArgParser Options = new("c:n:qvz", "bytes=c", "lines=n", "quiet=q", "silent=q", "verbose=v", "zero-terminated=z", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "David MacKenzie and Jim Meyering";

    protected override string Help => "Usage: head [OPTION]... [FILE]...\nPrint the first 10 lines of each FILE to standard output.\n";

    /// <summary>"head -5", "head -5c", "head -2v": the obsolete first-argument count.</summary>
    protected override IReadOnlyList<string> RewriteArguments(IReadOnlyList<string> arguments, out string? error)
    {
        error = null;
        if (arguments.Count == 0 || arguments[0].Length < 2 || arguments[0][0] != '-' || !char.IsAsciiDigit(arguments[0][1])) return arguments;
        var text = arguments[0];
        var end = 1;
        while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
        var count = text[1..end];
        var unit = "-n";
        var extra = new List<string>();
        foreach (var c in text[end..])
        {
            switch (c)
            {
                case 'c': unit = "-c"; break;
                case 'b' or 'k' or 'm': unit = "-c"; count += c == 'b' ? "b" : c == 'k' ? "K" : "M"; break;
                case 'l': unit = "-n"; break;
                case 'q' or 'v' or 'z': extra.Add("-" + c); break;
                default:
                    error = $"invalid trailing option -- {c}\nTry 'head --help' for more information.";
                    return arguments;
            }
        }
        return [unit, count, .. extra, .. arguments.Skip(1)];
    }

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var count = 10L;
        var bytes = false;
        var allBut = false;
        var headers = (bool?)null;
        var delimiter = (byte)'\n';
        foreach (var option in arguments.Options)
        {
            switch (option.Key)
            {
                case "c" or "n":
                    bytes = option.Key == "c";
                    var text = option.Value!;
                    allBut = text.StartsWith('-');
                    var digits = text.TrimStart('-', '+');
                    if (digits.Length != text.Length - 1 && digits.Length != text.Length) digits = "x";
                    var outcome = Counts.TryParse(digits, out count);
                    if (outcome != Counts.Outcome.Ok)
                    {
                        var what = bytes ? "bytes" : "lines";
                        var tail = outcome == Counts.Outcome.TooLarge ? ": Value too large for defined data type" : "";
                        await io.ErrorAsync($"invalid number of {what}: {Quoting.Locale(text)}{tail}").ConfigureAwait(false);
                        return 1;
                    }
                    break;
                case "q": headers = false; break;
                case "v": headers = true; break;
                case "z": delimiter = 0; break;
            }
        }
        var operands = arguments.Operands.Count == 0 ? ["-"] : arguments.Operands;
        var showHeaders = headers ?? operands.Count > 1;
        var status = 0;
        var first = true;
        foreach (var operand in operands)
        {
            Stream input;
            long? size = null;
            try
            {
                if (operand != "-")
                {
                    var info = await io.StatAsync(operand).ConfigureAwait(false) ?? throw ResourceException.NotFound(io.Resolve(operand));
                    if (!info.IsDirectory) size = info.Size;
                }
                // Only the bytes head may print are asked for.
                var range = bytes && !allBut && size is not null ? new ByteRange(0, count) : ByteRange.All;
                input = operand == "-" ? await io.OpenInputAsync(operand).ConfigureAwait(false) : await OpenAsync(io, operand, range).ConfigureAwait(false);
            }
            catch (ResourceException e)
            {
                await io.ErrorAsync($"cannot open {Quoting.ShellAlways(operand)} for reading: {e.Reason}").ConfigureAwait(false);
                status = 1;
                continue;
            }
            await using (input.ConfigureAwait(false))
            {
                if (showHeaders)
                {
                    await io.Out.WriteAsync((first ? "" : "\n") + "==> " + (operand == "-" ? "standard input" : operand) + " <==\n").ConfigureAwait(false);
                }
                first = false;
                if (input is DirectoryMarker)
                {
                    await io.ErrorAsync($"error reading {Quoting.ShellAlways(operand)}: Is a directory").ConfigureAwait(false);
                    status = 1;
                    continue;
                }
                if (bytes && !allBut) await io.Out.CopyFromAsync(input, count).ConfigureAwait(false);
                else if (bytes) await AllButLastBytesAsync(io, input, count, size).ConfigureAwait(false);
                else if (!allBut) await FirstLinesAsync(io, input, count, delimiter).ConfigureAwait(false);
                else await AllButLastLinesAsync(io, input, count, delimiter).ConfigureAwait(false);
            }
        }
        return status;
    }

    /// <summary>Opens a file, or an empty marker stream for a directory so its header still prints before the error.</summary>
    internal static async ValueTask<Stream> OpenAsync(CommandIO io, string operand, ByteRange range)
    {
        var path = io.Resolve(operand);
        var info = await io.FollowAsync(path).ConfigureAwait(false) ?? throw ResourceException.NotFound(path);
        if (info.IsDirectory) return new DirectoryMarker();
        return await io.Files.OpenReadAsync(path, range, io.CancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask FirstLinesAsync(CommandIO io, Stream input, long count, byte delimiter)
    {
        if (count <= 0) return;
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await input.ReadAsync(buffer, io.CancellationToken).ConfigureAwait(false)) > 0)
        {
            var span = buffer.AsMemory(0, read);
            var offset = 0;
            while (offset < read)
            {
                var found = span.Span[offset..].IndexOf(delimiter);
                if (found < 0) break;
                offset += found + 1;
                if (--count == 0)
                {
                    await io.Out.WriteAsync(span[..offset]).ConfigureAwait(false);
                    return;
                }
            }
            await io.Out.WriteAsync(span).ConfigureAwait(false);
        }
    }

    private static async ValueTask AllButLastBytesAsync(CommandIO io, Stream input, long count, long? size)
    {
        if (size is { } known)
        {
            await io.Out.CopyFromAsync(input, Math.Max(0, known - count)).ConfigureAwait(false);
            return;
        }
        // Unknown length: hold back the last count bytes in a sliding window.
        var window = new Queue<byte>();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await input.ReadAsync(buffer, io.CancellationToken).ConfigureAwait(false)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                window.Enqueue(buffer[i]);
                if (window.Count > count) await io.Out.WriteAsync(window.Dequeue()).ConfigureAwait(false);
            }
        }
    }

    private static async ValueTask AllButLastLinesAsync(CommandIO io, Stream input, long count, byte delimiter)
    {
        var reader = new LineReader(input, io.CancellationToken, delimiter);
        var window = new Queue<byte[]>();
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            window.Enqueue(line.ToArray());
            if (window.Count > count) await io.Out.WriteAsync(window.Dequeue()).ConfigureAwait(false);
        }
    }

    /// <summary>Stands for a directory operand: nothing to read, an error to report after the header.</summary>
    internal sealed class DirectoryMarker : MemoryStream;
}
