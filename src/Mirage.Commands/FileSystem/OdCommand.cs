using System.Globalization;
using System.Text;
using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>od: octal, hex, decimal and character dumps (-A, -t, -c, -x, -b, -d, -o, -N, -j, -v, -w), GNU's column alignment, "*" for repeats.</summary>
public sealed class OdCommand() : GnuCommand("od")
{
    private static readonly ArgParser Options = new("A:j:N:t:vw::abcdfiloxsDeFhHILOSX", "address-radix=A", "skip-bytes=j", "read-bytes=N",
        "format=t", "output-duplicates=v", "width=w", "traditional", "endian:", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "Jim Meyering";

    protected override string Help => "Usage: od [OPTION]... [FILE]...\nWrite an unambiguous representation, octal bytes by default, of FILE to standard output.\n";

    /// <summary>One output type: its letter (a, c, d, o, u, x) and bytes per value.</summary>
    private sealed record Spec(char Kind, int Size)
    {
        public int NaturalWidth => Kind switch
        {
            'a' or 'c' => 4,
            'o' => 1 + Size switch { 1 => 3, 2 => 6, 4 => 11, _ => 22 },
            'x' => 1 + Size * 2,
            'd' => 1 + Size switch { 1 => 4, 2 => 6, 4 => 11, _ => 20 },
            _ => 1 + Size switch { 1 => 3, 2 => 5, 4 => 10, _ => 20 },
        };
    }

    private static readonly string[] Names =
    [
        "nul", "soh", "stx", "etx", "eot", "enq", "ack", "bel", "bs", "ht", "nl", "vt", "ff", "cr", "so", "si",
        "dle", "dc1", "dc2", "dc3", "dc4", "nak", "syn", "etb", "can", "em", "sub", "esc", "fs", "gs", "rs", "us", "sp",
    ];

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var specs = new List<Spec>();
        var radix = 'o';
        long skip = 0;
        long? limit = null;
        var width = 16;
        foreach (var option in arguments.Options)
        {
            switch (option.Key)
            {
                case "A":
                    if (option.Value is not ("d" or "o" or "x" or "n"))
                    {
                        await io.ErrorAsync($"invalid output address radix '{option.Value}'; it must be one character from [doxn]").ConfigureAwait(false);
                        return 1;
                    }
                    radix = option.Value[0];
                    break;
                case "j": skip = ParseSize(option.Value!); break;
                case "N": limit = ParseSize(option.Value!); break;
                case "w": width = option.Value is null ? 32 : int.Parse(option.Value, CultureInfo.InvariantCulture); break;
                case "t":
                    if (!TryParseTypes(option.Value!, specs))
                    {
                        await io.ErrorAsync($"invalid type string {Quoting.Locale(option.Value!)}").ConfigureAwait(false);
                        return 1;
                    }
                    break;
                case "a": specs.Add(new Spec('a', 1)); break;
                case "b": specs.Add(new Spec('o', 1)); break;
                case "c": specs.Add(new Spec('c', 1)); break;
                case "d": specs.Add(new Spec('u', 2)); break;
                case "o": specs.Add(new Spec('o', 2)); break;
                case "x" or "h": specs.Add(new Spec('x', 2)); break;
                case "s": specs.Add(new Spec('d', 2)); break;
                case "i": specs.Add(new Spec('d', 4)); break;
                case "l": specs.Add(new Spec('d', 8)); break;
                case "X" or "H": specs.Add(new Spec('x', 4)); break;
                case "O": specs.Add(new Spec('o', 4)); break;
                case "D": specs.Add(new Spec('u', 4)); break;
            }
        }
        if (specs.Count == 0) specs.Add(new Spec('o', 2));

        var operands = arguments.Operands.Count == 0 ? ["-"] : arguments.Operands;
        // The inputs form one stream; -j and -N apply to it as a whole. It is read one output line at a time.
        var input = new ConcatenatedInput(io, operands);
        await using var inputScope = input.ConfigureAwait(false);
        var block = new byte[width];
        var skipped = 0L;
        while (skipped < skip)
        {
            var read = await input.ReadAsync(block.AsMemory(0, (int)Math.Min(block.Length, skip - skipped))).ConfigureAwait(false);
            if (read == 0) break;
            skipped += read;
        }
        var offset = skipped;
        var remaining = limit ?? long.MaxValue;
        var perByte = specs.Max(s => (double)s.NaturalWidth / s.Size);
        var output = new StringBuilder();
        byte[]? previous = null;
        var starred = false;
        var verbose = arguments.Has("v");
        while (remaining > 0)
        {
            var count = await input.ReadAsync(block.AsMemory(0, (int)Math.Min(block.Length, remaining))).ConfigureAwait(false);
            if (count == 0) break;
            output.Clear();
            if (!verbose && previous is not null && count == width && block.AsSpan().SequenceEqual(previous))
            {
                if (!starred) output.Append("*\n");
                starred = true;
            }
            else
            {
                starred = false;
                previous = block[..count];
                for (var s = 0; s < specs.Count; s++)
                {
                    var spec = specs[s];
                    output.Append(s == 0 ? Address(offset, radix) : new string(' ', AddressWidth(radix)));
                    var fieldWidth = (int)Math.Ceiling(perByte * spec.Size - 1e-9);
                    for (var i = 0; i < count; i += spec.Size)
                    {
                        var chunk = new byte[spec.Size];
                        Array.Copy(block, i, chunk, 0, Math.Min(spec.Size, count - i));
                        output.Append(Field(spec, chunk).PadLeft(fieldWidth));
                    }
                    output.Append('\n');
                }
            }
            await io.Out.WriteAsync(Encoding.Latin1.GetBytes(output.ToString())).ConfigureAwait(false);
            offset += count;
            remaining -= count;
        }
        var status = input.Status;
        var end = offset;
        output.Clear();
        if (radix != 'n' && !(status != 0 && input.Total == 0)) output.Append(Address(end, radix)).Append('\n');
        await io.Out.WriteAsync(Encoding.Latin1.GetBytes(output.ToString())).ConfigureAwait(false);
        return status;
    }

    private static long ParseSize(string text)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) return Convert.ToInt64(text[2..], 16);
        return Counts.TryParse(text, out var value) == Counts.Outcome.Ok ? value : 0;
    }

    private static bool TryParseTypes(string text, List<Spec> specs)
    {
        var i = 0;
        while (i < text.Length)
        {
            var kind = text[i++];
            if (kind is 'a' or 'c')
            {
                specs.Add(new Spec(kind, 1));
                continue;
            }
            if (kind is not ('d' or 'o' or 'u' or 'x')) return false;
            var size = 4;
            if (i < text.Length)
            {
                switch (text[i])
                {
                    case 'C': size = 1; i++; break;
                    case 'S': size = 2; i++; break;
                    case 'I': size = 4; i++; break;
                    case 'L': size = 8; i++; break;
                    default:
                        var digits = "";
                        while (i < text.Length && char.IsAsciiDigit(text[i])) digits += text[i++];
                        if (digits.Length > 0) size = int.Parse(digits, CultureInfo.InvariantCulture);
                        break;
                }
            }
            if (size is not (1 or 2 or 4 or 8)) return false;
            specs.Add(new Spec(kind, size));
        }
        return true;
    }

    private static int AddressWidth(char radix) => radix switch { 'x' => 6, 'n' => 0, _ => 7 };

    private static string Address(long offset, char radix) => radix switch
    {
        'd' => offset.ToString("D7", CultureInfo.InvariantCulture),
        'x' => offset.ToString("x6", CultureInfo.InvariantCulture),
        'n' => "",
        _ => Convert.ToString(offset, 8).PadLeft(7, '0'),
    };

    private static string Field(Spec spec, byte[] chunk)
    {
        ulong value = 0;
        for (var i = chunk.Length - 1; i >= 0; i--) value = (value << 8) | chunk[i];
        switch (spec.Kind)
        {
            case 'c':
                {
                    var b = chunk[0];
                    return b switch
                    {
                        0 => "\\0",
                        7 => "\\a",
                        8 => "\\b",
                        9 => "\\t",
                        10 => "\\n",
                        11 => "\\v",
                        12 => "\\f",
                        13 => "\\r",
                        >= 32 and < 127 => ((char)b).ToString(),
                        _ => Convert.ToString(b, 8).PadLeft(3, '0'),
                    };
                }
            case 'a':
                {
                    var b = chunk[0] & 0x7f;
                    return b < Names.Length ? Names[b] : b == 127 ? "del" : ((char)b).ToString();
                }
            case 'o': return Convert.ToString((long)value, 8).PadLeft(spec.NaturalWidth - 1, '0');
            case 'x': return value.ToString("x" + spec.Size * 2, CultureInfo.InvariantCulture);
            case 'u': return value.ToString(CultureInfo.InvariantCulture);
            default:
                {
                    var bits = spec.Size * 8;
                    var signed = bits == 64 ? (long)value : (long)(value << (64 - bits)) >> (64 - bits);
                    return signed.ToString(CultureInfo.InvariantCulture);
                }
        }
    }

    /// <summary>The operands read back to back as one stream; a file that cannot be opened is reported and skipped.</summary>
    private sealed class ConcatenatedInput(CommandIO io, IReadOnlyList<string> operands) : IAsyncDisposable
    {
        private int _next;
        private Stream? _current;

        public int Status { get; private set; }

        public long Total { get; private set; }

        /// <summary>Fills <paramref name="buffer"/> as far as the inputs go; 0 at the end of the last one.</summary>
        public async ValueTask<int> ReadAsync(Memory<byte> buffer)
        {
            var filled = 0;
            while (filled < buffer.Length)
            {
                if (_current is null && !await OpenNextAsync().ConfigureAwait(false)) break;
                var read = await _current!.ReadAsync(buffer[filled..], io.CancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    await _current.DisposeAsync().ConfigureAwait(false);
                    _current = null;
                    continue;
                }
                filled += read;
            }
            Total += filled;
            return filled;
        }

        private async ValueTask<bool> OpenNextAsync()
        {
            while (_next < operands.Count)
            {
                var operand = operands[_next++];
                try
                {
                    _current = await io.OpenInputAsync(operand).ConfigureAwait(false);
                    return true;
                }
                catch (ResourceException e)
                {
                    await io.FileErrorAsync(operand, e).ConfigureAwait(false);
                    Status = 1;
                }
            }
            return false;
        }

        public async ValueTask DisposeAsync()
        {
            if (_current is not null) await _current.DisposeAsync().ConfigureAwait(false);
        }
    }
}
