using System.Globalization;
using System.Text;
using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>wc: lines, words, bytes, characters and longest line, streaming, with GNU's column widths (C locale).</summary>
public sealed class WcCommand() : GnuCommand("wc")
{
    private static readonly ArgParser Options = new("clLmw", "bytes=c", "chars=m", "lines=l", "words=w", "max-line-length=L", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "Paul Rubin and David MacKenzie";

    protected override string Help => "Usage: wc [OPTION]... [FILE]...\nPrint newline, word, and byte counts for each FILE, and a total line if\nmore than one FILE is specified.\n";

    private sealed class Totals
    {
        public long Lines;
        public long Words;
        public long Bytes;
        public long MaxLine;
    }

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        bool lines = arguments.Has("l"), words = arguments.Has("w"), bytes = arguments.Has("c"), chars = arguments.Has("m"), longest = arguments.Has("L");
        if (!(lines || words || bytes || chars || longest)) lines = words = bytes = true;
        var operands = arguments.Operands.Count == 0 ? [""] : arguments.Operands;
        var selected = (lines ? 1 : 0) + (words ? 1 : 0) + (bytes ? 1 : 0) + (chars ? 1 : 0) + (longest ? 1 : 0);

        // Widths come from the sizes of the regular files, as GNU stats them before counting.
        var infos = new EntryInfo?[operands.Count];
        var width = 1;
        if (!(operands.Count == 1 && selected == 1))
        {
            var minimum = 1;
            long regular = 0;
            for (var i = 0; i < operands.Count; i++)
            {
                if (operands[i] is "" or "-")
                {
                    minimum = 7;
                    continue;
                }
                try
                {
                    infos[i] = await io.StatAsync(operands[i]).ConfigureAwait(false);
                }
                catch (ResourceException)
                {
                }
                if (infos[i] is { IsFile: true } file) regular += file.Size ?? 0;
                else if (infos[i] is not null) minimum = 7;
            }
            width = Math.Max(minimum, regular.ToString(CultureInfo.InvariantCulture).Length);
        }

        var total = new Totals();
        var status = 0;
        foreach (var operand in operands)
        {
            var counts = new Totals();
            try
            {
                var input = await io.OpenInputAsync(operand.Length == 0 ? "-" : operand).ConfigureAwait(false);
                await using (input.ConfigureAwait(false)) await CountAsync(io, input, counts, words || longest).ConfigureAwait(false);
            }
            catch (ResourceException e)
            {
                await io.FileErrorAsync(operand, e).ConfigureAwait(false);
                status = 1;
                if (e.Error != ResourceError.IsADirectory) continue;
            }
            total.Lines += counts.Lines;
            total.Words += counts.Words;
            total.Bytes += counts.Bytes;
            total.MaxLine = Math.Max(total.MaxLine, counts.MaxLine);
            await WriteAsync(io, counts, operand, width, lines, words, chars, bytes, longest).ConfigureAwait(false);
        }
        if (operands.Count > 1) await WriteAsync(io, total, "total", width, lines, words, chars, bytes, longest).ConfigureAwait(false);
        return status;
    }

    private static ValueTask WriteAsync(CommandIO io, Totals counts, string name, int width, bool lines, bool words, bool chars, bool bytes, bool longest)
    {
        var line = new StringBuilder();
        void Add(long value)
        {
            if (line.Length > 0) line.Append(' ');
            line.Append(value.ToString(CultureInfo.InvariantCulture).PadLeft(width));
        }
        if (lines) Add(counts.Lines);
        if (words) Add(counts.Words);
        if (chars) Add(counts.Bytes);
        if (bytes) Add(counts.Bytes);
        if (longest) Add(counts.MaxLine);
        if (name.Length > 0) line.Append(' ').Append(name);
        line.Append('\n');
        return io.Out.WriteAsync(line.ToString());
    }

    private static async ValueTask CountAsync(CommandIO io, Stream input, Totals counts, bool scanWords)
    {
        var buffer = new byte[64 * 1024];
        var inWord = false;
        long position = 0;
        int read;
        while ((read = await input.ReadAsync(buffer, io.CancellationToken).ConfigureAwait(false)) > 0)
        {
            counts.Bytes += read;
            if (!scanWords)
            {
                counts.Lines += buffer.AsSpan(0, read).Count((byte)'\n');
                continue;
            }
            for (var i = 0; i < read; i++)
            {
                var b = buffer[i];
                if (b is >= 0x21 and < 0x7f)
                {
                    position++;
                    inWord = true;
                    continue;
                }
                switch (b)
                {
                    case (byte)'\n' or (byte)'\r' or (byte)'\f':
                        if (b == '\n') counts.Lines++;
                        counts.MaxLine = Math.Max(counts.MaxLine, position);
                        position = 0;
                        break;
                    case (byte)'\t':
                        position += 8 - (position % 8);
                        break;
                    case (byte)' ':
                        position++;
                        break;
                    case (byte)'\v':
                        break;
                    default:
                        continue; // Unprintable bytes neither make nor end a word in the C locale.
                }
                if (inWord) counts.Words++;
                inWord = false;
            }
        }
        if (inWord) counts.Words++;
        counts.MaxLine = Math.Max(counts.MaxLine, position);
    }
}
