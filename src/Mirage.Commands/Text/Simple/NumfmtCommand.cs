using System.Globalization;
using System.Text;
using Mirage.Commands.Common;
using Mirage.Commands.Text.Shared;

namespace Mirage.Commands.Text.Simple;

/// <summary>coreutils numfmt: numbers to and from SI / IEC suffixes, with --format, --padding, --suffix, --field and rounding.</summary>
public sealed class NumfmtCommand : GnuCommand
{
    private const string Suffixes = "KMGTPEZYRQ";

    private static readonly ArgParser OptionParser = new(
        "d:z",
        "delimiter=d", "field:", "format:", "from:", "from-unit:", "grouping", "header::", "invalid:", "padding:",
        "round:", "suffix:", "to:", "to-unit:", "zero-terminated=z", "debug", "help", "version");

    public NumfmtCommand()
        : base("numfmt")
    {
    }

    protected override ArgParser Parser => OptionParser;

    protected override string Authors => "Assaf Gordon";

    private sealed class NumfmtException(string message) : Exception(message);

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var from = arguments.Last("from") ?? "none";
        var to = arguments.Last("to") ?? "none";
        var round = arguments.Last("round") ?? "from-zero";
        var suffix = arguments.Last("suffix") ?? "";
        var field = int.TryParse(arguments.Last("field") ?? "1", NumberStyles.None, CultureInfo.InvariantCulture, out var f) ? f : 1;
        var padding = int.TryParse(arguments.Last("padding") ?? "0", NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var p) ? p : 0;
        var delimiter = arguments.Last("d");
        var format = arguments.Last("format");
        var headerLines = arguments.Has("header") ? int.TryParse(arguments.Last("header") ?? "1", out var h) ? h : 1 : 0;
        foreach (var (value, name) in new[] { (from, "--from"), (to, "--to") })
        {
            if (value is not ("none" or "si" or "iec" or "iec-i" or "auto") || (name == "--to" && value == "auto"))
            {
                await io.ErrorAsync($"invalid argument {Quoting.Locale(value)} for '{name}'").ConfigureAwait(false);
                return 1;
            }
        }
        string Convert(string token)
        {
            var value = Parse(token, from, suffix);
            var text = Render(value, to, round, format);
            text += suffix;
            if (padding > 0) text = text.PadLeft(padding);
            else if (padding < 0) text = text.PadRight(-padding);
            return text;
        }
        try
        {
            if (arguments.Operands.Count > 0)
            {
                foreach (var operand in arguments.Operands) await io.Out.WriteAsync(Convert(operand) + "\n").ConfigureAwait(false);
                return 0;
            }
            var reader = new LineReader(new NonClosingStream(io.Context.Stdin), io.CancellationToken);
            var lineNumber = 0;
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } memory)
            {
                lineNumber++;
                var line = Latin1.GetString(TextInput.Trim(memory).Content.Span);
                if (lineNumber <= headerLines)
                {
                    await io.Out.WriteAsync(Latin1.GetBytes(line + "\n")).ConfigureAwait(false);
                    continue;
                }
                await io.Out.WriteAsync(Latin1.GetBytes(ConvertField(line, field, delimiter, Convert) + "\n")).ConfigureAwait(false);
            }
            return 0;
        }
        catch (NumfmtException e)
        {
            await io.ErrorAsync(e.Message).ConfigureAwait(false);
            return 2;
        }
    }

    private static string ConvertField(string line, int field, string? delimiter, Func<string, string> convert)
    {
        if (delimiter is not null)
        {
            var parts = line.Split(delimiter[0]);
            if (field - 1 < parts.Length) parts[field - 1] = convert(parts[field - 1]);
            return string.Join(delimiter[0], parts);
        }
        // Fields are runs of non-blanks; the blanks before a field stay with it.
        var builder = new StringBuilder();
        var index = 0;
        var current = 0;
        while (index < line.Length)
        {
            var start = index;
            while (index < line.Length && line[index] is ' ' or '\t') index++;
            var wordStart = index;
            while (index < line.Length && line[index] is not (' ' or '\t')) index++;
            current++;
            builder.Append(line, start, wordStart - start);
            var word = line[wordStart..index];
            builder.Append(current == field && word.Length > 0 ? convert(word) : word);
        }
        return builder.ToString();
    }

    private static double Parse(string token, string from, string suffix)
    {
        var text = token.Trim(' ', '\t');
        if (suffix.Length > 0 && text.EndsWith(suffix, StringComparison.Ordinal)) text = text[..^suffix.Length];
        var end = 0;
        if (end < text.Length && text[end] is '-' or '+') end++;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.')) end++;
        if (!double.TryParse(text[..end], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            throw new NumfmtException("invalid number: " + Quoting.Locale(token));
        var rest = text[end..];
        if (rest.Length == 0) return value;
        var power = Suffixes.IndexOf(char.ToUpperInvariant(rest[0])) + 1;
        if (power == 0 || from == "none")
        {
            throw new NumfmtException(power == 0 || from != "none"
                ? "invalid suffix in input: " + Quoting.Locale(token)
                : "rejecting suffix in input: " + Quoting.Locale(token) + " (consider using --from)");
        }
        var binary = from is "iec" or "iec-i";
        var consumed = 1;
        if (rest.Length > 1 && rest[1] == 'i')
        {
            if (from is "auto" or "iec-i") binary = true;
            else throw new NumfmtException("invalid suffix in input " + Quoting.Locale(token) + ": " + Quoting.Locale(rest[1..]));
            consumed = 2;
        }
        else if (from == "iec-i")
        {
            throw new NumfmtException("missing 'i' suffix in input: " + Quoting.Locale(token) + " (e.g. Ki/Mi/Gi)");
        }
        if (rest.Length > consumed) throw new NumfmtException("invalid suffix in input " + Quoting.Locale(token) + ": " + Quoting.Locale(rest[consumed..]));
        return value * Math.Pow(binary ? 1024 : 1000, power);
    }

    private static double RoundValue(double value, string mode) => mode switch
    {
        "up" => Math.Ceiling(value),
        "down" => Math.Floor(value),
        "towards-zero" => Math.Truncate(value),
        "nearest" => Math.Round(value, MidpointRounding.AwayFromZero),
        _ => value < 0 ? Math.Floor(value) : Math.Ceiling(value),
    };

    private static string Render(double value, string to, string round, string? format)
    {
        var precision = 0;
        if (format is not null)
        {
            var dot = format.IndexOf('.');
            if (dot >= 0)
            {
                var digits = new string(format[(dot + 1)..].TakeWhile(char.IsAsciiDigit).ToArray());
                precision = digits.Length > 0 ? int.Parse(digits, CultureInfo.InvariantCulture) : 0;
            }
        }
        string body;
        if (to == "none")
        {
            if (Math.Abs(value) >= 1e27) throw new NumfmtException("value too large to be converted: " + Quoting.Locale(value.ToString(CultureInfo.InvariantCulture)));
            var scale = Math.Pow(10, precision);
            var rounded = RoundValue(value * scale, round) / scale;
            body = rounded.ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }
        else
        {
            var unit = to == "si" ? 1000.0 : 1024.0;
            var magnitude = Math.Abs(value);
            var power = 0;
            while (magnitude >= unit && power < Suffixes.Length)
            {
                magnitude /= unit;
                power++;
            }
            if (power > 8) throw new NumfmtException("value too large to be converted: " + Quoting.Locale(value.ToString("0", CultureInfo.InvariantCulture)));
            var digits = format is not null && format.Contains('.') ? precision : power > 0 && magnitude < 10 ? 1 : 0;
            var scale = Math.Pow(10, digits);
            var rounded = RoundValue(magnitude * scale * Math.Sign(value == 0 ? 1 : value), round) / scale;
            if (Math.Abs(rounded) >= unit && power < Suffixes.Length)
            {
                rounded /= unit;
                power++;
                digits = format is null ? 1 : digits;
                scale = Math.Pow(10, digits);
                rounded = RoundValue(rounded * scale, round) / scale;
            }
            else if (format is null && power > 0 && Math.Abs(rounded) >= 10 && digits == 1)
            {
                digits = 0;
                rounded = RoundValue(magnitude * Math.Sign(value), round);
            }
            body = Math.Abs(rounded).ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (rounded < 0) body = "-" + body;
            if (power > 0) body += Suffixes[power - 1] + (to == "iec-i" ? "i" : "");
        }
        if (format is null) return body;
        var percent = format.IndexOf('%');
        var conversion = format.IndexOfAny(['f', 'd', 'g'], percent);
        var prefix = format[..percent];
        var spec = format[(percent + 1)..conversion];
        var after = format[(conversion + 1)..];
        var left = spec.Contains('-');
        var zero = spec.TrimStart('-', '\'').StartsWith('0');
        var widthText = new string(spec.TrimStart('-', '\'', '0').TakeWhile(char.IsAsciiDigit).ToArray());
        var width = widthText.Length > 0 ? int.Parse(widthText, CultureInfo.InvariantCulture) : 0;
        if (body.Length < width)
        {
            if (left) body = body.PadRight(width);
            else if (zero) body = body.StartsWith('-') ? "-" + body[1..].PadLeft(width - 1, '0') : body.PadLeft(width, '0');
            else body = body.PadLeft(width);
        }
        return prefix + body + after;
    }
}
