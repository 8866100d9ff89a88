using System.Globalization;
using Mirage.Commands.Common;
using Mirage.Commands.Text.Shared;
using Mirage.Vfs;

namespace Mirage.Commands.Text.Cut;

/// <summary>GNU cut: bytes (-b), characters (-c, bytes in the C locale) or delimited fields (-f) by a list of ranges.</summary>
public sealed class CutCommand : GnuCommand
{
    private static readonly ArgParser OptionParser = new(
        "b:c:d:f:nsz",
        "bytes=b", "characters=c", "delimiter=d", "fields=f", "only-delimited=s", "complement", "output-delimiter:",
        "zero-terminated=z", "help", "version");

    public CutCommand()
        : base("cut")
    {
    }

    protected override ArgParser Parser => OptionParser;

    protected override string Authors => "David M. Ihnat, David MacKenzie, and Jim Meyering";

    private readonly record struct Range(long Low, long High);

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        string? list = null;
        var mode = '\0';
        byte? delimiterOption = null;
        var onlyDelimited = false;
        var complement = false;
        string? outputDelimiter = null;
        var lineEnd = (byte)'\n';
        foreach (var option in arguments.Options)
        {
            switch (option.Key)
            {
                case "b" or "c" or "f":
                    if (mode != '\0' && mode != (option.Key == "f" ? 'f' : 'b'))
                    {
                        await io.ErrorAsync("only one type of list may be specified").ConfigureAwait(false);
                        return await io.UsageErrorAsync(null).ConfigureAwait(false);
                    }
                    mode = option.Key == "f" ? 'f' : 'b';
                    list = option.Value;
                    break;
                case "d":
                    {
                        var value = Latin1.FromArgument(option.Value!);
                        if (value.Length > 1)
                        {
                            await io.ErrorAsync("the delimiter must be a single character").ConfigureAwait(false);
                            return await io.UsageErrorAsync(null).ConfigureAwait(false);
                        }
                        delimiterOption = value.Length == 0 ? (byte)0 : (byte)value[0];
                        break;
                    }
                case "s": onlyDelimited = true; break;
                case "complement": complement = true; break;
                case "output-delimiter": outputDelimiter = Latin1.FromArgument(option.Value!); break;
                case "z": lineEnd = 0; break;
            }
        }
        if (mode == '\0')
        {
            await io.ErrorAsync("you must specify a list of bytes, characters, or fields").ConfigureAwait(false);
            return await io.UsageErrorAsync(null).ConfigureAwait(false);
        }
        if (mode != 'f' && delimiterOption is not null)
        {
            await io.ErrorAsync("an input delimiter may be specified only when operating on fields").ConfigureAwait(false);
            return await io.UsageErrorAsync(null).ConfigureAwait(false);
        }
        if (mode != 'f' && onlyDelimited)
        {
            await io.ErrorAsync("suppressing non-delimited lines makes sense\n\tonly when operating on fields").ConfigureAwait(false);
            return await io.UsageErrorAsync(null).ConfigureAwait(false);
        }
        var (ranges, error) = ParseList(list!, mode == 'f');
        if (ranges is null)
        {
            await io.ErrorAsync(error!).ConfigureAwait(false);
            return await io.UsageErrorAsync(null).ConfigureAwait(false);
        }
        if (complement) ranges = Complement(ranges);
        var delimiter = delimiterOption ?? (byte)'\t';
        var joiner = outputDelimiter is null ? (mode == 'f' ? [delimiter] : null) : Latin1.GetBytes(outputDelimiter);

        var status = 0;
        var files = arguments.Operands.Count == 0 ? ["-"] : arguments.Operands;
        foreach (var file in files)
        {
            Stream stream;
            try
            {
                stream = await io.OpenInputAsync(file).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ResourceException or IOException)
            {
                await io.FileErrorAsync(file, e).ConfigureAwait(false);
                status = 1;
                continue;
            }
            await using (stream.ConfigureAwait(false))
            {
                var reader = new LineReader(stream, io.CancellationToken, lineEnd);
                while (await reader.ReadLineAsync().ConfigureAwait(false) is { } memory)
                {
                    var length = memory.Length;
                    if (length > 0 && memory.Span[length - 1] == lineEnd) length--;
                    var line = memory[..length];
                    if (mode == 'f') await CutFieldsAsync(io.Out, line, ranges, delimiter, joiner!, onlyDelimited, lineEnd).ConfigureAwait(false);
                    else await CutBytesAsync(io.Out, line, ranges, joiner, lineEnd).ConfigureAwait(false);
                }
            }
        }
        return status;
    }

    private static bool Selected(List<Range> ranges, long position)
    {
        foreach (var range in ranges)
            if (position >= range.Low && position <= range.High) return true;
        return false;
    }

    private static async ValueTask CutBytesAsync(OutputWriter output, ReadOnlyMemory<byte> line, List<Range> ranges, byte[]? joiner, byte lineEnd)
    {
        var previousSelected = false;
        var anyPrinted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var selected = Selected(ranges, i + 1);
            if (selected)
            {
                if (!previousSelected && anyPrinted && joiner is not null) await output.WriteAsync(joiner).ConfigureAwait(false);
                await output.WriteAsync(line.Span[i]).ConfigureAwait(false);
                anyPrinted = true;
            }
            previousSelected = selected;
        }
        await output.WriteAsync(lineEnd).ConfigureAwait(false);
    }

    private static async ValueTask CutFieldsAsync(OutputWriter output, ReadOnlyMemory<byte> line, List<Range> ranges, byte delimiter, byte[] joiner, bool onlyDelimited, byte lineEnd)
    {
        if (line.Span.IndexOf(delimiter) < 0)
        {
            if (onlyDelimited) return;
            await output.WriteAsync(line).ConfigureAwait(false);
            await output.WriteAsync(lineEnd).ConfigureAwait(false);
            return;
        }
        var field = 1L;
        var start = 0;
        var anyPrinted = false;
        while (true)
        {
            var next = line.Span[start..].IndexOf(delimiter);
            var end = next < 0 ? line.Length : start + next;
            if (Selected(ranges, field))
            {
                if (anyPrinted) await output.WriteAsync(joiner).ConfigureAwait(false);
                await output.WriteAsync(line[start..end]).ConfigureAwait(false);
                anyPrinted = true;
            }
            if (next < 0) break;
            start = end + 1;
            field++;
        }
        await output.WriteAsync(lineEnd).ConfigureAwait(false);
    }

    private static List<Range> Complement(List<Range> ranges)
    {
        var result = new List<Range>();
        long next = 1;
        foreach (var range in ranges.OrderBy(r => r.Low))
        {
            if (range.Low > next) result.Add(new Range(next, range.Low - 1));
            next = Math.Max(next, range.High == long.MaxValue ? long.MaxValue : range.High + 1);
        }
        if (next != long.MaxValue) result.Add(new Range(next, long.MaxValue));
        return result;
    }

    private static (List<Range>? Ranges, string? Error) ParseList(string list, bool fields)
    {
        var ranges = new List<Range>();
        foreach (var part in list.Split(',', ' '))
        {
            if (part.Length == 0)
            {
                if (list.Length > 0) continue;
                return (null, fields ? "fields are numbered from 1" : "byte/character positions are numbered from 1");
            }
            var dash = part.IndexOf('-');
            long low, high;
            if (dash < 0)
            {
                if (!TryNumber(part, out low)) return (null, Invalid(part, fields));
                if (low == 0) return (null, fields ? "fields are numbered from 1" : "byte/character positions are numbered from 1");
                high = low;
            }
            else
            {
                var left = part[..dash];
                var right = part[(dash + 1)..];
                if (left.Length == 0 && right.Length == 0) return (null, "invalid range with no endpoint: -");
                low = 1;
                high = long.MaxValue;
                if (left.Length > 0 && !TryNumber(left, out low)) return (null, Invalid(part, fields));
                if (right.Length > 0 && !TryNumber(right, out high)) return (null, Invalid(part, fields));
                if (left.Length > 0 && low == 0) return (null, fields ? "fields are numbered from 1" : "byte/character positions are numbered from 1");
                if (right.Length > 0 && high == 0 && left.Length == 0) return (null, fields ? "fields are numbered from 1" : "byte/character positions are numbered from 1");
                if (high < low) return (null, "invalid decreasing range");
            }
            ranges.Add(new Range(low, high));
        }
        if (ranges.Count == 0) return (null, "missing list of " + (fields ? "fields" : "byte/character positions"));
        return (ranges, null);
    }

    private static string Invalid(string part, bool fields) =>
        (fields ? "invalid field value " : "invalid byte/character position ") + Quoting.Locale(part);

    private static bool TryNumber(string text, out long value)
    {
        value = 0;
        if (text.Length == 0 || !text.All(char.IsAsciiDigit)) return false;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value)) value = long.MaxValue;
        return true;
    }
}
