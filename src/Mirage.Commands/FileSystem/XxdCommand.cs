using System.Globalization;
using System.Text;
using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>xxd: hex dumps (-c, -g, -l, -s, -u, -p) and the reverse (-r) of plain or normal dumps.</summary>
public sealed class XxdCommand() : GnuCommand("xxd")
{
    private static readonly ArgParser Options = new("c:g:l:s:uprie", "cols=c", "groupsize=g", "len=l", "seek=s", "postscript=p", "plain=p", "revert=r", "include=i", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Package => "xxd";

    protected override string Help => "Usage:\n       xxd [options] [infile [outfile]]\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var plain = arguments.Has("p");
        var columns = arguments.Last("c") is { } c ? int.Parse(c, CultureInfo.InvariantCulture) : plain ? 30 : 16;
        var group = arguments.Last("g") is { } g ? int.Parse(g, CultureInfo.InvariantCulture) : 2;
        long? length = arguments.Last("l") is { } l ? long.Parse(l, CultureInfo.InvariantCulture) : null;
        var seek = arguments.Last("s") is { } s ? long.Parse(s, CultureInfo.InvariantCulture) : 0;
        var upper = arguments.Has("u");
        var operand = arguments.Operands.Count > 0 ? arguments.Operands[0] : "-";
        Stream input;
        try
        {
            input = await io.OpenInputAsync(operand).ConfigureAwait(false);
        }
        catch (ResourceException e)
        {
            await io.WriteStderrAsync($"xxd: {operand}: {e.Reason}\n").ConfigureAwait(false);
            return 2;
        }
        await using (input.ConfigureAwait(false))
        {
            if (arguments.Has("r"))
            {
                var reader = new LineReader(input, io.CancellationToken);
                while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
                    await io.Out.WriteAsync(Revert(Encoding.Latin1.GetString(line.Span), plain)).ConfigureAwait(false);
                return 0;
            }
            await DumpAsync(io, input, new DumpLayout(plain, columns, group <= 0 ? columns : group, upper ? "X2" : "x2"), seek, length).ConfigureAwait(false);
        }
        return 0;
    }

    private sealed record DumpLayout(bool Plain, int Columns, int Group, string Format);

    /// <summary>One line of output per <c>Columns</c> bytes, read as they come: memory stays at one line.</summary>
    private static async ValueTask DumpAsync(CommandIO io, Stream input, DumpLayout layout, long seek, long? length)
    {
        var line = new byte[layout.Columns];
        var skipped = 0L;
        while (skipped < seek)
        {
            var read = await input.ReadAsync(line.AsMemory(0, (int)Math.Min(line.Length, seek - skipped)), io.CancellationToken).ConfigureAwait(false);
            if (read == 0) return;
            skipped += read;
        }
        var offset = seek;
        var remaining = length ?? long.MaxValue;
        var hexWidth = layout.Columns * 2 + (layout.Columns + layout.Group - 1) / layout.Group - 1;
        var output = new StringBuilder();
        while (remaining > 0)
        {
            var count = await input.ReadAtLeastAsync(line.AsMemory(0, (int)Math.Min(line.Length, remaining)), (int)Math.Min(line.Length, remaining), throwOnEndOfStream: false, io.CancellationToken).ConfigureAwait(false);
            if (count == 0) break;
            output.Clear();
            if (layout.Plain)
            {
                for (var i = 0; i < count; i++) output.Append(line[i].ToString(layout.Format, CultureInfo.InvariantCulture));
            }
            else
            {
                output.Append(offset.ToString("x8", CultureInfo.InvariantCulture)).Append(": ");
                var hexStart = output.Length;
                for (var i = 0; i < count; i++)
                {
                    if (i > 0 && i % layout.Group == 0) output.Append(' ');
                    output.Append(line[i].ToString(layout.Format, CultureInfo.InvariantCulture));
                }
                output.Append(' ', Math.Max(0, hexWidth - (output.Length - hexStart))).Append("  ");
                for (var i = 0; i < count; i++) output.Append(line[i] is >= 32 and < 127 ? (char)line[i] : '.');
            }
            await io.Out.WriteAsync(Encoding.Latin1.GetBytes(output.Append('\n').ToString())).ConfigureAwait(false);
            offset += count;
            remaining -= count;
            if (count < line.Length) break;
        }
    }

    /// <summary>The bytes one line of a dump stands for.</summary>
    private static byte[] Revert(string line, bool plain)
    {
        if (!plain)
        {
            var colon = line.IndexOf(':');
            if (colon < 0) return [];
            line = line[(colon + 1)..];
            var ascii = line.IndexOf("  ", StringComparison.Ordinal);
            if (ascii >= 0) line = line[..ascii];
        }
        var digits = new string(line.Where(char.IsAsciiHexDigit).ToArray());
        var bytes = new byte[digits.Length / 2];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = byte.Parse(digits.AsSpan(2 * i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return bytes;
    }
}
