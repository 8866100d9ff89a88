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
        byte[] data;
        await using (input.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await input.CopyToAsync(buffer, io.CancellationToken).ConfigureAwait(false);
            data = buffer.ToArray();
        }
        if (arguments.Has("r"))
        {
            await io.Out.WriteAsync(Revert(Encoding.Latin1.GetString(data), plain)).ConfigureAwait(false);
            return 0;
        }
        var start = (int)Math.Min(seek, data.Length);
        var end = length is { } n ? (int)Math.Min(data.Length, start + n) : data.Length;
        var format = upper ? "X2" : "x2";
        var output = new StringBuilder();
        if (plain)
        {
            for (var offset = start; offset < end; offset += columns)
            {
                for (var i = offset; i < Math.Min(end, offset + columns); i++) output.Append(data[i].ToString(format, CultureInfo.InvariantCulture));
                output.Append('\n');
            }
        }
        else
        {
            if (group <= 0) group = columns;
            var hexWidth = columns * 2 + (columns + group - 1) / group - 1;
            for (var offset = start; offset < end; offset += columns)
            {
                output.Append(offset.ToString("x8", CultureInfo.InvariantCulture)).Append(": ");
                var hex = new StringBuilder();
                var count = Math.Min(columns, end - offset);
                for (var i = 0; i < count; i++)
                {
                    if (i > 0 && i % group == 0) hex.Append(' ');
                    hex.Append(data[offset + i].ToString(format, CultureInfo.InvariantCulture));
                }
                output.Append(hex.ToString().PadRight(hexWidth)).Append("  ");
                for (var i = 0; i < count; i++)
                {
                    var b = data[offset + i];
                    output.Append(b is >= 32 and < 127 ? (char)b : '.');
                }
                output.Append('\n');
            }
        }
        await io.Out.WriteAsync(Encoding.Latin1.GetBytes(output.ToString())).ConfigureAwait(false);
        return 0;
    }

    private static byte[] Revert(string text, bool plain)
    {
        var bytes = new List<byte>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine;
            if (!plain)
            {
                var colon = line.IndexOf(':');
                if (colon < 0) continue;
                line = line[(colon + 1)..];
                var ascii = line.IndexOf("  ", StringComparison.Ordinal);
                if (ascii >= 0) line = line[..ascii];
            }
            var digits = new string(line.Where(char.IsAsciiHexDigit).ToArray());
            for (var i = 0; i + 1 < digits.Length; i += 2) bytes.Add(byte.Parse(digits.AsSpan(i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        }
        return [.. bytes];
    }
}
