using System.Text;
using Mirage.Commands.Common;
using Mirage.Commands.Text.Shared;

namespace Mirage.Commands.Text.Simple;

/// <summary>glibc iconv for the encodings agents meet: UTF-8, Latin-1, ASCII, UTF-16 and UTF-32 (with byte orders).</summary>
public sealed class IconvCommand : GnuCommand
{
    private static readonly ArgParser OptionParser = new("f:t:clo:s", "from-code=f", "to-code=t", "list=l", "output=o", "silent=s", "help", "version");

    private static readonly string[] Known = ["UTF-8", "ISO-8859-1", "LATIN1", "ASCII", "US-ASCII", "ANSI_X3.4-1968", "UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32", "UTF-32LE", "UTF-32BE", "UCS-2", "UCS-4"];

    public IconvCommand()
        : base("iconv")
    {
    }

    protected override ArgParser Parser => OptionParser;

    protected override string Package => "GNU libc";

    protected override string PackageVersion => "2.36";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        if (arguments.Has("l"))
        {
            foreach (var name in Known) await io.Out.WriteAsync(name + "//\n").ConfigureAwait(false);
            return 0;
        }
        var fromSpec = (arguments.Last("f") ?? "ASCII").ToUpperInvariant();
        var toSpec = (arguments.Last("t") ?? "ASCII").ToUpperInvariant();
        var translit = toSpec.Contains("//TRANSLIT", StringComparison.Ordinal);
        var discard = arguments.Has("c") || toSpec.Contains("//IGNORE", StringComparison.Ordinal);
        var from = Normalize(fromSpec);
        var to = Normalize(toSpec);
        if (from is null || to is null)
        {
            await io.ErrorAsync("failed to start conversion processing: No such file or directory").ConfigureAwait(false);
            return 1;
        }
        var status = 0;
        foreach (var file in arguments.Operands.Count == 0 ? ["-"] : arguments.Operands)
        {
            var stream = await TextInput.OpenAsync(io, file, (name, reason) => $"cannot open input file `{name}': {reason}").ConfigureAwait(false);
            if (stream is null)
            {
                status = 1;
                continue;
            }
            byte[] data;
            await using (stream.ConfigureAwait(false))
            {
                data = await TextInput.ReadAllAsync(stream, io.CancellationToken).ConfigureAwait(false);
            }
            var output = new List<byte>();
            var (chars, offsets, badAt, incomplete) = Decode(data, from);
            if (to.StartsWith("UTF-16", StringComparison.Ordinal) && to == "UTF-16") output.AddRange([0xff, 0xfe]);
            if (to == "UTF-32") output.AddRange([0xff, 0xfe, 0, 0]);
            for (var i = 0; i < chars.Count; i++)
            {
                var rune = chars[i];
                if (!Encode(rune, to, output))
                {
                    if (translit)
                    {
                        foreach (var c in Transliterate(rune)) Encode(c, to, output);
                        continue;
                    }
                    if (discard) continue;
                    await io.Out.WriteAsync(output.ToArray()).ConfigureAwait(false);
                    await io.Out.FlushAsync().ConfigureAwait(false);
                    await io.ErrorAsync($"illegal input sequence at position {offsets[i]}").ConfigureAwait(false);
                    return 1;
                }
            }
            await io.Out.WriteAsync(output.ToArray()).ConfigureAwait(false);
            if (badAt is { } position && !discard)
            {
                await io.Out.FlushAsync().ConfigureAwait(false);
                await io.ErrorAsync(incomplete ? "incomplete character or shift sequence at end of buffer" : $"illegal input sequence at position {position}").ConfigureAwait(false);
                return 1;
            }
        }
        return status;
    }

    private static string? Normalize(string spec)
    {
        var name = spec.Split("//")[0];
        return name switch
        {
            "UTF-8" or "UTF8" => "UTF-8",
            "ISO-8859-1" or "ISO8859-1" or "ISO_8859-1" or "LATIN1" or "L1" or "LATIN-1" => "LATIN1",
            "ASCII" or "US-ASCII" or "ANSI_X3.4-1968" or "646" or "US" => "ASCII",
            "UTF-16" or "UTF16" => "UTF-16",
            "UTF-16LE" or "UTF16LE" or "UCS-2LE" => "UTF-16LE",
            "UTF-16BE" or "UTF16BE" or "UCS-2" or "UCS-2BE" => "UTF-16BE",
            "UTF-32" or "UTF32" => "UTF-32",
            "UTF-32LE" or "UTF32LE" => "UTF-32LE",
            "UTF-32BE" or "UTF32BE" or "UCS-4" or "UCS-4BE" => "UTF-32BE",
            _ => null,
        };
    }

    /// <summary>Decodes strictly; stops at the first illegal sequence and reports its byte position.</summary>
    private static (List<int> Runes, List<int> Offsets, int? BadAt, bool Incomplete) Decode(byte[] data, string encoding)
    {
        var runes = new List<int>();
        var offsets = new List<int>();
        var i = 0;
        switch (encoding)
        {
            case "LATIN1":
                foreach (var b in data) { runes.Add(b); offsets.Add(i++); }
                return (runes, offsets, null, false);
            case "ASCII":
                for (; i < data.Length; i++)
                {
                    if (data[i] > 0x7f) return (runes, offsets, i, false);
                    runes.Add(data[i]);
                    offsets.Add(i);
                }
                return (runes, offsets, null, false);
            case "UTF-8":
                while (i < data.Length)
                {
                    var status = Rune.DecodeFromUtf8(data.AsSpan(i), out var rune, out var consumed);
                    if (status != System.Buffers.OperationStatus.Done)
                        return (runes, offsets, i, status == System.Buffers.OperationStatus.NeedMoreData);
                    runes.Add(rune.Value);
                    offsets.Add(i);
                    i += consumed;
                }
                return (runes, offsets, null, false);
            default:
                {
                    var width = encoding.StartsWith("UTF-16", StringComparison.Ordinal) ? 2 : 4;
                    var little = encoding.EndsWith("LE", StringComparison.Ordinal);
                    if (encoding is "UTF-16" or "UTF-32")
                    {
                        little = false;
                        if (data.Length >= width && data[0] == 0xff && data[1] == 0xfe) { little = true; i = width; }
                        else if (data.Length >= width && ((width == 2 && data[0] == 0xfe && data[1] == 0xff) || (width == 4 && data[2] == 0xfe && data[3] == 0xff))) i = width;
                    }
                    var units = new List<int>();
                    while (i + width <= data.Length)
                    {
                        int value = width == 2
                            ? little ? data[i] | data[i + 1] << 8 : data[i] << 8 | data[i + 1]
                            : little ? data[i] | data[i + 1] << 8 | data[i + 2] << 16 | data[i + 3] << 24 : data[i] << 24 | data[i + 1] << 16 | data[i + 2] << 8 | data[i + 3];
                        if (width == 2 && value is >= 0xd800 and <= 0xdbff && i + 4 <= data.Length)
                        {
                            int low = little ? data[i + 2] | data[i + 3] << 8 : data[i + 2] << 8 | data[i + 3];
                            if (low is >= 0xdc00 and <= 0xdfff)
                            {
                                runes.Add(0x10000 + ((value - 0xd800) << 10) + (low - 0xdc00));
                                offsets.Add(i);
                                i += 4;
                                continue;
                            }
                        }
                        if (value is >= 0xd800 and <= 0xdfff or < 0 or > 0x10ffff) return (runes, offsets, i, false);
                        runes.Add(value);
                        offsets.Add(i);
                        i += width;
                    }
                    _ = units;
                    return (runes, offsets, i < data.Length ? i : null, i < data.Length);
                }
        }
    }

    private static bool Encode(int rune, string encoding, List<byte> output)
    {
        switch (encoding)
        {
            case "LATIN1":
                if (rune > 0xff) return false;
                output.Add((byte)rune);
                return true;
            case "ASCII":
                if (rune > 0x7f) return false;
                output.Add((byte)rune);
                return true;
            case "UTF-8":
                {
                    Span<byte> buffer = stackalloc byte[4];
                    var length = new Rune(rune).EncodeToUtf8(buffer);
                    foreach (var b in buffer[..length]) output.Add(b);
                    return true;
                }
            default:
                {
                    var little = encoding.EndsWith("LE", StringComparison.Ordinal) || encoding is "UTF-16" or "UTF-32";
                    if (encoding.StartsWith("UTF-16", StringComparison.Ordinal))
                    {
                        var text = char.ConvertFromUtf32(rune);
                        foreach (var unit in text)
                        {
                            if (little) { output.Add((byte)unit); output.Add((byte)(unit >> 8)); }
                            else { output.Add((byte)(unit >> 8)); output.Add((byte)unit); }
                        }
                        return true;
                    }
                    var bytes = new[] { (byte)rune, (byte)(rune >> 8), (byte)(rune >> 16), (byte)(rune >> 24) };
                    if (!little) Array.Reverse(bytes);
                    output.AddRange(bytes);
                    return true;
                }
        }
    }

    /// <summary>Under the C locale glibc has no transliteration table: every unconvertible char becomes '?'.</summary>
    private static IEnumerable<int> Transliterate(int rune)
    {
        _ = rune;
        return ['?'];
    }
}
