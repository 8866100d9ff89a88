using System.Globalization;

namespace Mirage.Commands.Common;

/// <summary>C's strtod over the longest valid prefix: blanks, sign, decimal or 0x hex with exponents, inf, nan.</summary>
public static class CNumber
{
    private static readonly System.Buffers.SearchValues<char> NanPayload = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

    /// <summary>Parses a prefix of <paramref name="text"/>; <paramref name="end"/> is where parsing stopped (0 when nothing was read).</summary>
    public static bool TryParsePrefix(string text, out double value, out int end)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = 0;
        end = 0;
        var i = 0;
        while (i < text.Length && text[i] is ' ' or '\t' or '\n' or '\v' or '\f' or '\r') i++;
        var negative = false;
        if (i < text.Length && text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }
        var rest = text.AsSpan(i);
        if (rest.StartsWith("infinity", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("inf", StringComparison.OrdinalIgnoreCase))
        {
            end = i + (rest.StartsWith("infinity", StringComparison.OrdinalIgnoreCase) ? 8 : 3);
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        if (rest.StartsWith("nan", StringComparison.OrdinalIgnoreCase))
        {
            end = i + 3;
            var close = end < text.Length && text[end] == '(' ? text.IndexOf(')', end) : -1;
            if (close > 0 && text.AsSpan(end + 1, close - end - 1).ContainsAnyExcept(NanPayload) is false) end = close + 1;
            value = double.NaN;
            return true;
        }
        if (rest.Length > 2 && rest[0] == '0' && rest[1] is 'x' or 'X' && (char.IsAsciiHexDigit(rest[2]) || (rest[2] == '.' && rest.Length > 3 && char.IsAsciiHexDigit(rest[3]))))
            return ParseHex(text, i + 2, negative, out value, out end);
        var start = i;
        var digits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i])) { i++; digits++; }
        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i])) { i++; digits++; }
        }
        if (digits == 0) return false;
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < text.Length && text[j] is '+' or '-') j++;
            if (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                while (j < text.Length && char.IsAsciiDigit(text[j])) j++;
                i = j;
            }
        }
        value = double.Parse(text.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture);
        if (negative) value = -value;
        end = i;
        return true;
    }

    private static bool ParseHex(string text, int i, bool negative, out double value, out int end)
    {
        double mantissa = 0;
        var exponent = 0;
        var afterPoint = false;
        for (; i < text.Length; i++)
        {
            if (text[i] == '.' && !afterPoint)
            {
                afterPoint = true;
                continue;
            }
            if (!char.IsAsciiHexDigit(text[i])) break;
            mantissa = mantissa * 16 + Convert.ToInt32(text[i].ToString(), 16);
            if (afterPoint) exponent -= 4;
        }
        if (i < text.Length && text[i] is 'p' or 'P')
        {
            var j = i + 1;
            var sign = 1;
            if (j < text.Length && text[j] is '+' or '-')
            {
                sign = text[j] == '-' ? -1 : 1;
                j++;
            }
            if (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                var power = 0;
                while (j < text.Length && char.IsAsciiDigit(text[j])) power = Math.Min(power * 10 + (text[j++] - '0'), 100000);
                exponent += sign * power;
                i = j;
            }
        }
        value = mantissa * Math.Pow(2, exponent);
        if (negative) value = -value;
        end = i;
        return true;
    }

    /// <summary>
    /// A time interval as sleep and timeout take it: a non-negative strtod number and at most one suffix
    /// (s, m, h, d). Returns seconds, or null when the text is not one.
    /// </summary>
    public static double? ParseDuration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryParsePrefix(text, out var value, out var end) || !(value >= 0)) return null;
        if (end == text.Length) return value;
        if (end != text.Length - 1) return null;
        double? multiplier = text[end] switch { 's' => 1, 'm' => 60, 'h' => 3600, 'd' => 86400, _ => null };
        return value * multiplier;
    }
}
