using System.Globalization;
using System.Numerics;
using System.Text;

namespace Mirage.Shell.Expansion;

/// <summary>The result of a printf run: the text, the messages for stderr (without the "printf: " prefix) and the status.</summary>
public sealed record PrintfResult(string Output, IReadOnlyList<string> Errors, int Status);

/// <summary>bash's builtin printf: conversions, flags, widths, precision, <c>*</c>, escapes and format reuse.</summary>
public static class Printf
{
    /// <param name="utf8Locale">Whether LC_ALL/LC_CTYPE/LANG name a UTF-8 locale; in the C locale bash prints
    /// <c>\u</c> escapes of non-ASCII characters back as <c>\u00E9</c>.</param>
    public static PrintfResult Format(string format, IReadOnlyList<string> arguments, bool utf8Locale = false)
    {
        var output = new StringBuilder();
        var errors = new List<string>();
        var status = 0;
        var next = 0;
        while (true)
        {
            var consumedBefore = next;
            var stop = FormatOnce(format, arguments, ref next, output, errors, ref status, utf8Locale);
            if (stop || next >= arguments.Count || next == consumedBefore)
            {
                break;
            }
        }

        return new PrintfResult(output.ToString(), errors, status);
    }

    /// <summary>One pass over the format; true when output must stop (<c>\c</c> or a bad conversion).</summary>
    private static bool FormatOnce(string format, IReadOnlyList<string> arguments, ref int next, StringBuilder output, List<string> errors, ref int status, bool utf8Locale)
    {
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '\\')
            {
                i = AppendEscape(format, i, output, inArgument: false, out var stop, utf8Locale);
                if (stop)
                {
                    return true;
                }

                continue;
            }

            if (c != '%')
            {
                output.Append(c);
                continue;
            }

            if (i + 1 < format.Length && format[i + 1] == '%')
            {
                output.Append('%');
                i++;
                continue;
            }

            // %[flags][width][.precision]conversion
            var start = i;
            i++;
            var flags = new StringBuilder();
            while (i < format.Length && format[i] is '-' or '+' or ' ' or '#' or '0' or '\'')
            {
                flags.Append(format[i]);
                i++;
            }

            int? width = null;
            if (i < format.Length && format[i] == '*')
            {
                width = (int)Math.Clamp(IntegerArgument(arguments, ref next, errors, ref status), int.MinValue, int.MaxValue);
                i++;
            }
            else
            {
                var digits = i;
                while (i < format.Length && char.IsAsciiDigit(format[i]))
                {
                    i++;
                }

                if (i > digits)
                {
                    width = int.Parse(format.AsSpan(digits, i - digits), CultureInfo.InvariantCulture);
                }
            }

            int? precision = null;
            if (i < format.Length && format[i] == '.')
            {
                i++;
                if (i < format.Length && format[i] == '*')
                {
                    precision = (int)Math.Clamp(IntegerArgument(arguments, ref next, errors, ref status), int.MinValue, int.MaxValue);
                    i++;
                }
                else
                {
                    var digits = i;
                    while (i < format.Length && char.IsAsciiDigit(format[i]))
                    {
                        i++;
                    }

                    precision = i > digits ? int.Parse(format.AsSpan(digits, i - digits), CultureInfo.InvariantCulture) : 0;
                }
            }

            // Length modifiers are accepted and ignored.
            while (i < format.Length && format[i] is 'h' or 'l' or 'L' or 'j' or 'z' or 't')
            {
                i++;
            }

            if (i >= format.Length)
            {
                errors.Add($"`{format[start..]}': missing format character");
                status = 1;
                return true;
            }

            var flagText = flags.ToString();
            if (width < 0)
            {
                flagText += "-";
                width = -width;
            }

            var conversion = format[i];
            switch (conversion)
            {
                case 's':
                {
                    var text = NextArgument(arguments, ref next) ?? "";
                    if (precision is { } p && p < text.Length)
                    {
                        text = text[..p];
                    }

                    output.Append(Pad(text, width, flagText, numeric: false));
                    break;
                }

                case 'b':
                {
                    var raw = NextArgument(arguments, ref next) ?? "";
                    var expanded = new StringBuilder();
                    var stop = false;
                    for (var k = 0; k < raw.Length; k++)
                    {
                        if (raw[k] == '\\')
                        {
                            k = AppendEscape(raw, k, expanded, inArgument: true, out stop, utf8Locale);
                            if (stop)
                            {
                                break;
                            }
                        }
                        else
                        {
                            expanded.Append(raw[k]);
                        }
                    }

                    var text = expanded.ToString();
                    if (precision is { } p && p < text.Length)
                    {
                        text = text[..p];
                    }

                    output.Append(Pad(text, width, flagText, numeric: false));
                    if (stop)
                    {
                        return true;
                    }

                    break;
                }

                case 'q':
                    output.Append(Pad(ShellQuoting.Backslash(NextArgument(arguments, ref next) ?? ""), width, flagText, numeric: false));
                    break;
                case 'c':
                {
                    var text = NextArgument(arguments, ref next) ?? "";
                    output.Append(Pad(text.Length > 0 ? text[..(char.IsHighSurrogate(text[0]) && text.Length > 1 ? 2 : 1)] : "", width, flagText, numeric: false));
                    break;
                }

                case 'd' or 'i':
                {
                    var value = IntegerArgument(arguments, ref next, errors, ref status);
                    output.Append(FormatInteger(value < 0 ? -(BigInteger)value : value, value < 0, 10, false, width, precision, flagText, signed: true));
                    break;
                }

                case 'u' or 'o' or 'x' or 'X':
                {
                    var value = IntegerArgument(arguments, ref next, errors, ref status);
                    var magnitude = (BigInteger)unchecked((ulong)value);
                    var numberBase = conversion switch { 'o' => 8, 'u' => 10, _ => 16 };
                    output.Append(FormatInteger(magnitude, false, numberBase, conversion == 'X', width, precision, flagText, signed: false, alternate: flagText.Contains('#') ? conversion : '\0'));
                    break;
                }

                case 'f' or 'F' or 'e' or 'E' or 'g' or 'G' or 'a' or 'A':
                {
                    var value = FloatArgument(arguments, ref next, errors, ref status);
                    output.Append(FormatFloat(value, conversion, width, precision, flagText));
                    break;
                }

                case '(':
                {
                    // %(fmt)T: only the common strftime fields.
                    var close = format.IndexOf(")T", i, StringComparison.Ordinal);
                    if (close < 0)
                    {
                        errors.Add("`(': invalid format character");
                        status = 1;
                        return true;
                    }

                    var timeFormat = format[(i + 1)..close];
                    var argument = NextArgument(arguments, ref next);
                    var seconds = argument is null or "" or "-1" ? DateTimeOffset.UtcNow.ToUnixTimeSeconds() : long.TryParse(argument, out var s) ? s : 0;
                    output.Append(Pad(StrFTime(timeFormat, DateTimeOffset.FromUnixTimeSeconds(seconds)), width, flagText, numeric: false));
                    i = close + 1;
                    break;
                }

                default:
                    errors.Add($"`{conversion}': invalid format character");
                    status = 1;
                    return true;
            }
        }

        return false;
    }

    private static string? NextArgument(IReadOnlyList<string> arguments, ref int next) =>
        next < arguments.Count ? arguments[next++] : null;

    private static long IntegerArgument(IReadOnlyList<string> arguments, ref int next, List<string> errors, ref int status)
    {
        var text = NextArgument(arguments, ref next);
        if (text is null)
        {
            return 0;
        }

        if (text.Length > 0 && text[0] is '\'' or '"')
        {
            return text.Length > 1 ? char.ConvertToUtf32(text, 1) : 0;
        }

        if (!TryParseInteger(text, out var value, out var consumed, out var overflow))
        {
            errors.Add($"{text}: invalid number");
            status = 1;
            return value;
        }

        if (overflow)
        {
            errors.Add($"warning: {text}: Numerical result out of range");
        }

        _ = consumed;
        return value;
    }

    /// <summary>strtoimax with base 0: sign, 0x hex, leading-0 octal; false when trailing junk remains.</summary>
    public static bool TryParseInteger(string text, out long value, out int consumed, out bool overflow)
    {
        value = 0;
        overflow = false;
        var i = 0;
        while (i < text.Length && text[i] is ' ' or '\t' or '\n')
        {
            i++;
        }

        var negative = false;
        if (i < text.Length && text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }

        var numberBase = 10;
        if (i + 1 < text.Length && text[i] == '0' && text[i + 1] is 'x' or 'X' && i + 2 < text.Length && char.IsAsciiHexDigit(text[i + 2]))
        {
            numberBase = 16;
            i += 2;
        }
        else if (i < text.Length && text[i] == '0')
        {
            numberBase = 8;
        }

        var digitsStart = i;
        BigInteger magnitude = 0;
        while (i < text.Length)
        {
            var digit = HexValue(text[i]);
            if (digit < 0 || digit >= numberBase)
            {
                break;
            }

            magnitude = (magnitude * numberBase) + digit;
            i++;
        }

        consumed = i;
        var signed = negative ? -magnitude : magnitude;
        if (signed > long.MaxValue)
        {
            overflow = true;
            value = long.MaxValue;
        }
        else if (signed < long.MinValue)
        {
            overflow = true;
            value = long.MinValue;
        }
        else
        {
            value = (long)signed;
        }

        return i > digitsStart && i == text.Length;
    }

    private static int HexValue(char c) =>
        char.IsAsciiDigit(c) ? c - '0' : c is >= 'a' and <= 'f' ? c - 'a' + 10 : c is >= 'A' and <= 'F' ? c - 'A' + 10 : -1;

    private static double FloatArgument(IReadOnlyList<string> arguments, ref int next, List<string> errors, ref int status)
    {
        var text = NextArgument(arguments, ref next);
        if (text is null)
        {
            return 0;
        }

        if (text.Length > 0 && text[0] is '\'' or '"')
        {
            return text.Length > 1 ? char.ConvertToUtf32(text, 1) : 0;
        }

        var trimmed = text.Trim();
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        var lower = trimmed.ToLowerInvariant();
        if (lower is "inf" or "+inf" or "infinity")
        {
            return double.PositiveInfinity;
        }

        if (lower is "-inf" or "-infinity")
        {
            return double.NegativeInfinity;
        }

        if (lower.TrimStart('+', '-') == "nan")
        {
            return double.NaN;
        }

        if (TryParseInteger(trimmed, out var integer, out _, out _))
        {
            return integer;
        }

        // The longest valid prefix, as strtod leaves it.
        var best = 0.0;
        for (var length = trimmed.Length - 1; length > 0; length--)
        {
            if (double.TryParse(trimmed.AsSpan(0, length), NumberStyles.Float, CultureInfo.InvariantCulture, out var prefix))
            {
                best = prefix;
                break;
            }
        }

        errors.Add($"{text}: invalid number");
        status = 1;
        return best;
    }

    private static string FormatInteger(BigInteger magnitude, bool negative, int numberBase, bool upper, int? width, int? precision, string flags, bool signed, char alternate = '\0')
    {
        var digits = numberBase switch
        {
            10 => magnitude.ToString(CultureInfo.InvariantCulture),
            16 => ToBase(magnitude, 16, upper),
            _ => ToBase(magnitude, 8, false),
        };
        if (precision is { } p)
        {
            if (p == 0 && magnitude.IsZero)
            {
                digits = "";
            }

            digits = digits.PadLeft(p, '0');
        }

        var prefix = "";
        if (negative)
        {
            prefix = "-";
        }
        else if (signed && flags.Contains('+'))
        {
            prefix = "+";
        }
        else if (signed && flags.Contains(' '))
        {
            prefix = " ";
        }

        if (alternate is 'x' or 'X' && !magnitude.IsZero)
        {
            prefix = alternate == 'x' ? "0x" : "0X";
        }
        else if (alternate == 'o' && !digits.StartsWith('0'))
        {
            digits = "0" + digits;
        }

        var zeroPad = flags.Contains('0') && !flags.Contains('-') && precision is null;
        return PadNumber(prefix, digits, width, flags, zeroPad);
    }

    private static string ToBase(BigInteger value, int numberBase, bool upper)
    {
        if (value.IsZero)
        {
            return "0";
        }

        var builder = new StringBuilder();
        var alphabet = upper ? "0123456789ABCDEF" : "0123456789abcdef";
        while (!value.IsZero)
        {
            builder.Insert(0, alphabet[(int)(value % numberBase)]);
            value /= numberBase;
        }

        return builder.ToString();
    }

    private static string PadNumber(string prefix, string digits, int? width, string flags, bool zeroPad)
    {
        var length = prefix.Length + digits.Length;
        if (width is not { } w || w <= length)
        {
            return prefix + digits;
        }

        if (flags.Contains('-'))
        {
            return prefix + digits + new string(' ', w - length);
        }

        return zeroPad ? prefix + new string('0', w - length) + digits : new string(' ', w - length) + prefix + digits;
    }

    private static string FormatFloat(double value, char conversion, int? width, int? precision, string flags)
    {
        var upper = char.IsUpper(conversion);
        var negative = value < 0 || (value == 0 && double.IsNegative(value));
        var magnitude = Math.Abs(value);
        string body;
        if (double.IsNaN(value))
        {
            body = upper ? "NAN" : "nan";
            negative = false;
        }
        else if (double.IsInfinity(value))
        {
            body = upper ? "INF" : "inf";
        }
        else
        {
            var p = precision ?? 6;
            var alternate = flags.Contains('#');
            body = char.ToLowerInvariant(conversion) switch
            {
                'f' => FixedText(magnitude, p, alternate),
                'e' => ExponentText(magnitude, p, alternate, upper),
                'a' => HexFloatText(magnitude, upper),
                _ => GeneralText(magnitude, p == 0 ? 1 : p, alternate, upper),
            };
        }

        var prefix = negative ? "-" : flags.Contains('+') ? "+" : flags.Contains(' ') ? " " : "";
        var zeroPad = flags.Contains('0') && !flags.Contains('-') && double.IsFinite(value);
        return PadNumber(prefix, body, width, flags, zeroPad);
    }

    private static string FixedText(double magnitude, int precision, bool alternate)
    {
        var text = magnitude.ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return alternate && precision == 0 ? text + "." : text;
    }

    private static string ExponentText(double magnitude, int precision, bool alternate, bool upper)
    {
        var text = magnitude.ToString((upper ? "E" : "e") + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var marker = text.IndexOfAny(['e', 'E']);
        var mantissa = text[..marker];
        var exponent = int.Parse(text.AsSpan(marker + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (alternate && precision == 0)
        {
            mantissa += ".";
        }

        return mantissa + (upper ? "E" : "e") + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }

    private static string GeneralText(double magnitude, int precision, bool alternate, bool upper)
    {
        var exponent = 0;
        if (magnitude != 0)
        {
            var probe = magnitude.ToString("E" + (precision - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            exponent = int.Parse(probe.AsSpan(probe.IndexOf('E') + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        string text;
        if (exponent < -4 || exponent >= precision)
        {
            text = ExponentText(magnitude, precision - 1, alternate, upper);
            if (!alternate)
            {
                var marker = text.IndexOfAny(['e', 'E']);
                text = TrimZeros(text[..marker]) + text[marker..];
            }
        }
        else
        {
            text = FixedText(magnitude, precision - 1 - exponent, alternate);
            if (!alternate)
            {
                text = TrimZeros(text);
            }
        }

        return text;
    }

    private static string TrimZeros(string text) =>
        text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0').TrimEnd('.') : text;

    private static string HexFloatText(double magnitude, bool upper)
    {
        if (magnitude == 0)
        {
            return upper ? "0X0P+0" : "0x0p+0";
        }

        var bits = BitConverter.DoubleToInt64Bits(magnitude);
        var exponent = (int)((bits >> 52) & 0x7FF) - 1023;
        var mantissa = bits & 0xFFFFFFFFFFFFF;
        var digits = mantissa.ToString("x13", CultureInfo.InvariantCulture).TrimEnd('0');
        var text = "0x1" + (digits.Length > 0 ? "." + digits : "") + "p" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
        return upper ? text.ToUpperInvariant() : text;
    }

    private static string Pad(string text, int? width, string flags, bool numeric)
    {
        _ = numeric;
        if (width is not { } w)
        {
            return text;
        }

        var length = Encoding.UTF8.GetByteCount(text);
        if (length >= w)
        {
            return text;
        }

        return flags.Contains('-') ? text + new string(' ', w - length) : new string(' ', w - length) + text;
    }

    /// <summary>
    /// Decodes the escape at <paramref name="index"/> (a backslash) into <paramref name="output"/> and
    /// returns the index of its last character. In a %b argument octal is <c>\0NNN</c> and <c>\c</c> stops all output.
    /// </summary>
    public static int AppendEscape(string text, int index, StringBuilder output, bool inArgument, out bool stop, bool utf8Locale = false)
    {
        stop = false;
        if (index + 1 >= text.Length)
        {
            output.Append('\\');
            return index;
        }

        var c = text[index + 1];
        switch (c)
        {
            case 'n': output.Append('\n'); return index + 1;
            case 't': output.Append('\t'); return index + 1;
            case 'r': output.Append('\r'); return index + 1;
            case 'a': output.Append('\a'); return index + 1;
            case 'b': output.Append('\b'); return index + 1;
            case 'f': output.Append('\f'); return index + 1;
            case 'v': output.Append('\v'); return index + 1;
            case 'e' or 'E': output.Append('\x1b'); return index + 1;
            case '\\': output.Append('\\'); return index + 1;
            case '"' when !inArgument: output.Append('"'); return index + 1;
            case '\'' when !inArgument: output.Append('\''); return index + 1;
            case '?' when !inArgument: output.Append('?'); return index + 1;
            case 'c' when inArgument:
                stop = true;
                return index + 1;
            case 'x':
            {
                var end = index + 2;
                var value = 0;
                while (end < text.Length && end < index + 4 && HexValue(text[end]) >= 0)
                {
                    value = (value * 16) + HexValue(text[end]);
                    end++;
                }

                if (end == index + 2)
                {
                    output.Append("\\x");
                    return index + 1;
                }

                output.Append(Mirage.Shell.Syntax.ShellEncoding.RawByte(value));
                return end - 1;
            }

            case 'u' or 'U':
            {
                var max = c == 'u' ? 4 : 8;
                var end = index + 2;
                var value = 0;
                while (end < text.Length && end < index + 2 + max && HexValue(text[end]) >= 0)
                {
                    value = (value * 16) + HexValue(text[end]);
                    end++;
                }

                if (end == index + 2)
                {
                    output.Append('\\').Append(c);
                    return index + 1;
                }

                if (value >= 0x80 && !utf8Locale)
                {
                    // Not representable in the C locale: bash writes the escape back, in upper case and full width.
                    output.Append(value <= 0xFFFF ? "\\u" + value.ToString("X4", CultureInfo.InvariantCulture) : "\\U" + value.ToString("X8", CultureInfo.InvariantCulture));
                    return end - 1;
                }

                output.Append(value is >= 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF) ? char.ConvertFromUtf32(value) : "?");
                return end - 1;
            }

            case >= '0' and <= '7':
            {
                var start = index + 1;
                var max = 3;
                if (inArgument && c == '0')
                {
                    start++;
                    max = 3;
                }

                var end = start;
                var value = 0;
                while (end < text.Length && end < start + max && text[end] is >= '0' and <= '7')
                {
                    value = (value * 8) + (text[end] - '0');
                    end++;
                }

                output.Append(Mirage.Shell.Syntax.ShellEncoding.RawByte(value & 0xFF));
                return end - 1;
            }

            default:
                output.Append('\\').Append(c);
                return index + 1;
        }
    }

    private static string StrFTime(string format, DateTimeOffset time)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 >= format.Length)
            {
                builder.Append(format[i]);
                continue;
            }

            i++;
            builder.Append(format[i] switch
            {
                'Y' => time.ToString("yyyy", CultureInfo.InvariantCulture),
                'm' => time.ToString("MM", CultureInfo.InvariantCulture),
                'd' => time.ToString("dd", CultureInfo.InvariantCulture),
                'H' => time.ToString("HH", CultureInfo.InvariantCulture),
                'M' => time.ToString("mm", CultureInfo.InvariantCulture),
                'S' => time.ToString("ss", CultureInfo.InvariantCulture),
                's' => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                'F' => time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                'T' => time.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                '%' => "%",
                var other => "%" + other,
            });
        }

        return builder.ToString();
    }
}

/// <summary>bash's quoting styles: <c>printf %q</c>, <c>${x@Q}</c>, <c>declare -p</c>.</summary>
public static class ShellQuoting
{
    /// <summary><c>printf %q</c>: backslashes before specials, <c>$'...'</c> when control characters appear.</summary>
    public static string Backslash(string text)
    {
        if (text.Length == 0)
        {
            return "''";
        }

        if (NeedsAnsiC(text))
        {
            return AnsiC(text);
        }

        var builder = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case ' ' or '\t' or '\n' or '\'' or '"' or '\\' or '|' or '&' or ';' or '(' or ')' or '<' or '>'
                    or '!' or '{' or '}' or '*' or '[' or '?' or ']' or '^' or '$' or '`' or ',':
                    builder.Append('\\').Append(c);
                    break;
                case '~' when i == 0 || text[i - 1] is '=' or ':':
                case '#' when i == 0:
                    builder.Append('\\').Append(c);
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary><c>${x@Q}</c>: single quotes, <c>'\''</c> for embedded ones, <c>$'...'</c> for control characters.</summary>
    public static string Single(string text)
    {
        if (NeedsAnsiC(text))
        {
            return AnsiC(text);
        }

        return "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>How <c>declare -p</c> writes a value: double quotes with <c>\ " $ `</c> escaped.</summary>
    public static string Double(string text)
    {
        if (NeedsAnsiC(text))
        {
            return AnsiC(text);
        }

        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            if (c is '\\' or '"' or '$' or '`')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.Append('"').ToString();
    }

    private static bool NeedsAnsiC(string text)
    {
        foreach (var c in text)
        {
            if (c < ' ' || c == '\x7f')
            {
                return true;
            }
        }

        return false;
    }

    private static string AnsiC(string text)
    {
        var builder = new StringBuilder("$'");
        foreach (var c in text)
        {
            switch (c)
            {
                case '\n': builder.Append("\\n"); break;
                case '\t': builder.Append("\\t"); break;
                case '\r': builder.Append("\\r"); break;
                case '\a': builder.Append("\\a"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\v': builder.Append("\\v"); break;
                case '\x1b': builder.Append("\\E"); break;
                case '\\': builder.Append("\\\\"); break;
                case '\'': builder.Append("\\'"); break;
                case < ' ' or '\x7f':
                    builder.Append('\\').Append(System.Convert.ToString(c, 8).PadLeft(3, '0'));
                    break;
                default: builder.Append(c); break;
            }
        }

        return builder.Append('\'').ToString();
    }
}
