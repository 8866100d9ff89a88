using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>tail: the last lines or bytes of each input; on files of known size it reads ranges from the end.</summary>
public sealed class TailCommand() : GnuCommand("tail")
{
    private const int ChunkSize = 64 * 1024;

    private static readonly ArgParser Options = new("c:n:qvzfF", "bytes=c", "lines=n", "quiet=q", "silent=q", "verbose=v", "zero-terminated=z", "follow::", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "Paul Rubin, David MacKenzie, Ian Lance Taylor,\nand Jim Meyering";

    protected override string Help => "Usage: tail [OPTION]... [FILE]...\nPrint the last 10 lines of each FILE to standard output.\n";

    /// <summary>"tail -5", "tail +3", "tail -3c": only with at most one file operand, as GNU allows.</summary>
    protected override IReadOnlyList<string> RewriteArguments(IReadOnlyList<string> arguments, out string? error)
    {
        error = null;
        if (arguments.Count == 0) return arguments;
        var text = arguments[0];
        if (text.Length < 1 || (text[0] != '-' && text[0] != '+')) return arguments;
        var valid = arguments.Count == 1 || (arguments.Count == 2 && !(arguments[1].StartsWith('-') && arguments[1].Length > 1)) || (arguments.Count is 2 or 3 && arguments[1] == "--");
        var end = 1;
        while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
        var digits = text[1..end];
        var rest = text[end..];
        if (text[0] == '-' && digits.Length == 0) return arguments;
        if (rest.Length > 2 || (rest.Length >= 1 && "bcl".IndexOf(rest[0], StringComparison.Ordinal) < 0 && rest != "f") || (rest.Length == 2 && rest[1] != 'f')) return arguments;
        if (text[0] == '+' && rest.Length == 0 && digits.Length == 0) return arguments;
        if (!valid)
        {
            if (text[0] == '-' && digits.Length > 0) error = $"option used in invalid context -- {text[1]}";
            return arguments;
        }
        if (digits.Length == 0) digits = "10";
        var unit = rest.StartsWith('c') || rest.StartsWith('b') ? "-c" : "-n";
        var count = (text[0] == '+' ? "+" : "") + digits + (rest.StartsWith('b') ? "b" : "");
        return [unit, count, .. arguments.Skip(1)];
    }

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var count = 10L;
        var bytes = false;
        var fromStart = false;
        bool? headers = null;
        var delimiter = (byte)'\n';
        foreach (var option in arguments.Options)
        {
            switch (option.Key)
            {
                case "c" or "n":
                    bytes = option.Key == "c";
                    var text = option.Value!;
                    fromStart = text.StartsWith('+');
                    var digits = text.Length > 0 && (text[0] == '+' || text[0] == '-') ? text[1..] : text;
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
            EntryInfo? info = null;
            if (operand != "-")
            {
                try
                {
                    info = await io.StatAsync(operand).ConfigureAwait(false) ?? throw ResourceException.NotFound(io.Resolve(operand));
                }
                catch (ResourceException e)
                {
                    await io.ErrorAsync($"cannot open {Quoting.ShellAlways(operand)} for reading: {e.Reason}").ConfigureAwait(false);
                    status = 1;
                    continue;
                }
            }
            if (showHeaders)
                await io.Out.WriteAsync((first ? "" : "\n") + "==> " + (operand == "-" ? "standard input" : operand) + " <==\n").ConfigureAwait(false);
            first = false;
            if (info is { IsDirectory: true })
            {
                await io.ErrorAsync($"error reading {Quoting.ShellAlways(operand)}: Is a directory").ConfigureAwait(false);
                status = 1;
                continue;
            }
            try
            {
                if (info?.Size is { } size) await TailFileAsync(io, info.Path, size, count, bytes, fromStart, delimiter).ConfigureAwait(false);
                else
                {
                    var input = operand == "-" ? await io.OpenInputAsync("-").ConfigureAwait(false) : await io.Files.OpenReadAsync(info!.Path, ByteRange.All, io.CancellationToken).ConfigureAwait(false);
                    await using (input.ConfigureAwait(false)) await TailStreamAsync(io, input, count, bytes, fromStart, delimiter).ConfigureAwait(false);
                }
            }
            catch (ResourceException e)
            {
                await io.ErrorAsync($"error reading {Quoting.ShellAlways(operand)}: {e.Reason}").ConfigureAwait(false);
                status = 1;
            }
        }
        return status;
    }

    private static async ValueTask TailFileAsync(CommandIO io, VPath path, long size, long count, bool bytes, bool fromStart, byte delimiter)
    {
        long start;
        if (bytes) start = fromStart ? Math.Max(0, count - 1) : Math.Max(0, size - count);
        else if (fromStart)
        {
            var input = await io.Files.OpenReadAsync(path, ByteRange.All, io.CancellationToken).ConfigureAwait(false);
            await using (input.ConfigureAwait(false)) await SkipLinesAsync(io, input, count, delimiter).ConfigureAwait(false);
            return;
        }
        else start = await FindLastLinesStartAsync(io, path, size, count, delimiter).ConfigureAwait(false);
        if (start >= size) return;
        var stream = await io.Files.OpenReadAsync(path, ByteRange.FromOffset(start), io.CancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false)) await io.Out.CopyFromAsync(stream).ConfigureAwait(false);
    }

    /// <summary>Walks back from the end in chunks until <paramref name="count"/> line ends are behind the reading point.</summary>
    private static async ValueTask<long> FindLastLinesStartAsync(CommandIO io, VPath path, long size, long count, byte delimiter)
    {
        if (count == 0) return size;
        var buffer = new byte[ChunkSize];
        var end = size;
        var seen = 0L;
        var skipLast = true;
        while (end > 0)
        {
            var begin = Math.Max(0, end - ChunkSize);
            var length = (int)(end - begin);
            var stream = await io.Files.OpenReadAsync(path, new ByteRange(begin, length), io.CancellationToken).ConfigureAwait(false);
            var filled = 0;
            await using (stream.ConfigureAwait(false))
            {
                while (filled < length)
                {
                    var read = await stream.ReadAsync(buffer.AsMemory(filled, length - filled), io.CancellationToken).ConfigureAwait(false);
                    if (read == 0) break;
                    filled += read;
                }
            }
            for (var i = filled - 1; i >= 0; i--)
            {
                if (buffer[i] != delimiter) continue;
                // The file's final line end closes the last line; it does not start one.
                if (skipLast && begin + i == size - 1) continue;
                if (++seen == count) return begin + i + 1;
            }
            skipLast = false;
            end = begin;
        }
        return 0;
    }

    private static async ValueTask SkipLinesAsync(CommandIO io, Stream input, long count, byte delimiter)
    {
        var toSkip = Math.Max(0, count - 1);
        var buffer = new byte[ChunkSize];
        int read;
        while ((read = await input.ReadAsync(buffer, io.CancellationToken).ConfigureAwait(false)) > 0)
        {
            var offset = 0;
            while (toSkip > 0 && offset < read)
            {
                var found = Array.IndexOf(buffer, delimiter, offset, read - offset);
                if (found < 0)
                {
                    offset = read;
                    break;
                }
                offset = found + 1;
                toSkip--;
            }
            if (toSkip == 0 && offset < read) await io.Out.WriteAsync(buffer.AsMemory(offset, read - offset)).ConfigureAwait(false);
        }
    }

    private static async ValueTask TailStreamAsync(CommandIO io, Stream input, long count, bool bytes, bool fromStart, byte delimiter)
    {
        if (!bytes && fromStart)
        {
            await SkipLinesAsync(io, input, count, delimiter).ConfigureAwait(false);
            return;
        }
        if (bytes && fromStart)
        {
            var skip = Math.Max(0, count - 1);
            var buffer = new byte[ChunkSize];
            int read;
            while ((read = await input.ReadAsync(buffer, io.CancellationToken).ConfigureAwait(false)) > 0)
            {
                var from = (int)Math.Min(skip, read);
                skip -= from;
                if (from < read) await io.Out.WriteAsync(buffer.AsMemory(from, read - from)).ConfigureAwait(false);
            }
            return;
        }
        if (bytes)
        {
            var window = new Queue<byte>();
            var buffer = new byte[ChunkSize];
            int read;
            while ((read = await input.ReadAsync(buffer, io.CancellationToken).ConfigureAwait(false)) > 0)
            {
                for (var i = 0; i < read; i++)
                {
                    window.Enqueue(buffer[i]);
                    if (window.Count > count) window.Dequeue();
                }
            }
            await io.Out.WriteAsync(window.ToArray()).ConfigureAwait(false);
            return;
        }
        var reader = new LineReader(input, io.CancellationToken, delimiter);
        // The last lines seen, each in a buffer reused once it falls out of the window: no array per line read.
        var lines = new Queue<(byte[] Bytes, int Length)>();
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (count == 0) continue;
            var slot = lines.Count >= count && lines.Dequeue().Bytes is { } old && old.Length >= line.Length ? old : new byte[line.Length];
            line.Span.CopyTo(slot);
            lines.Enqueue((slot, line.Length));
        }
        foreach (var (kept, length) in lines) await io.Out.WriteAsync(kept.AsMemory(0, length)).ConfigureAwait(false);
    }
}
