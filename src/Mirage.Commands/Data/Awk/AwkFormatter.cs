using System.Globalization;
using System.Numerics;
using System.Text;

namespace Mirage.Commands.Data.Awk;

/// <summary>A fatal error while running: gawk prints "awk: cmd. line:N: fatal: ..." and exits 2.</summary>
internal sealed class AwkFatalException(string message) : Exception(message);

/// <summary>printf/sprintf as gawk does them: C conversions over awk values.</summary>
internal static class AwkFormatter
{
    public static string Format(string format, IReadOnlyList<AwkValue> arguments, string convertFormat)
    {
        var output = new StringBuilder();
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%')
            {
                output.Append(c);
                continue;
            }
            var specStart = i;
            var j = i + 1;
            var minus = false;
            var plus = false;
            var space = false;
            var alternate = false;
            var zero = false;
            while (j < format.Length && format[j] is '-' or '+' or ' ' or '#' or '0' or '\'')
            {
                switch (format[j])
                {
                    case '-': minus = true; break;
                    case '+': plus = true; break;
                    case ' ': space = true; break;
                    case '#': alternate = true; break;
                    case '0': zero = true; break;
                }
                j++;
            }
            var width = 0;
            if (j < format.Length && format[j] == '*')
            {
                width = (int)Take(arguments, ref next, format, j).ToNumber();
                if (width < 0)
                {
                    minus = true;
                    width = -width;
                }
                j++;
            }
            else
            {
                while (j < format.Length && char.IsAsciiDigit(format[j])) width = width * 10 + (format[j++] - '0');
            }
            int? precision = null;
            if (j < format.Length && format[j] == '.')
            {
                j++;
                if (j < format.Length && format[j] == '*')
                {
                    var p = (int)Take(arguments, ref next, format, j).ToNumber();
                    precision = p < 0 ? null : p;
                    j++;
                }
                else
                {
                    var p = 0;
                    while (j < format.Length && char.IsAsciiDigit(format[j])) p = p * 10 + (format[j++] - '0');
                    precision = p;
                }
            }
            while (j < format.Length && format[j] is 'h' or 'l' or 'L' or 'q' or 'j' or 'z' or 't') j++;
            if (j >= format.Length)
            {
                output.Append(format, specStart, format.Length - specStart);
                break;
            }
            var conversion = format[j];
            i = j;
            string body;
            switch (conversion)
            {
                case '%':
                    output.Append('%');
                    continue;
                case 'c':
                    {
                        var value = Take(arguments, ref next, format, j);
                        if (value.Kind == AwkKind.Number)
                        {
                            var code = (long)value.ToNumber();
                            body = ((char)(code & 0xff)).ToString();
                        }
                        else
                        {
                            var text = value.ToText(convertFormat);
                            body = text.Length > 0 ? text[..1] : "\0";
                        }
                        output.Append(Pad(body, width, minus, false));
                        continue;
                    }
                case 's':
                    {
                        var text = Take(arguments, ref next, format, j).ToText(convertFormat);
                        if (precision is { } p && p < text.Length) text = text[..p];
                        output.Append(Pad(text, width, minus, false));
                        continue;
                    }
                case 'd' or 'i':
                    {
                        var number = Take(arguments, ref next, format, j).ToNumber();
                        if (double.IsNaN(number) || double.IsInfinity(number))
                        {
                            output.Append(Pad(Special(number, plus, space), width, minus, false));
                            continue;
                        }
                        var integer = new BigInteger(Math.Truncate(number));
                        var digits = BigInteger.Abs(integer).ToString(CultureInfo.InvariantCulture);
                        var sign = integer.Sign < 0 ? "-" : plus ? "+" : space ? " " : "";
                        output.Append(Integer(sign, digits, "", width, precision, minus, zero));
                        continue;
                    }
                case 'o' or 'x' or 'X' or 'u':
                    {
                        var number = Take(arguments, ref next, format, j).ToNumber();
                        if (double.IsNaN(number) || double.IsInfinity(number))
                        {
                            output.Append(Pad(Special(number, plus, space), width, minus, false));
                            continue;
                        }
                        var truncated = Math.Truncate(number);
                        BigInteger integer;
                        if (truncated < 0)
                        {
                            if (truncated < long.MinValue)
                            {
                                // Too negative for a C integer: gawk falls back to %g.
                                output.Append(Pad(FormatG(number, 6, false, false), width, minus, false));
                                continue;
                            }
                            integer = new BigInteger(unchecked((ulong)(long)truncated));
                        }
                        else
                        {
                            integer = new BigInteger(truncated);
                        }
                        var digits = conversion switch
                        {
                            'o' => ToBase(integer, 8),
                            'u' => integer.ToString(CultureInfo.InvariantCulture),
                            _ => ToBase(integer, 16),
                        };
                        if (conversion == 'X') digits = digits.ToUpperInvariant();
                        var prefix = "";
                        if (alternate && conversion == 'o' && !digits.StartsWith('0')) digits = "0" + digits;
                        if (alternate && conversion is 'x' or 'X' && !integer.IsZero) prefix = conversion == 'x' ? "0x" : "0X";
                        output.Append(Integer("", digits, prefix, width, precision, minus, zero));
                        continue;
                    }
                case 'e' or 'E' or 'f' or 'F' or 'g' or 'G' or 'a' or 'A':
                    {
                        var number = Take(arguments, ref next, format, j).ToNumber();
                        var upper = char.IsUpper(conversion);
                        var negative = number < 0 || (number == 0 && double.IsNegative(number));
                        var magnitude = Math.Abs(number);
                        if (double.IsNaN(number) || double.IsInfinity(number))
                        {
                            var special = Special(number, plus, space);
                            output.Append(Pad(upper ? special.ToUpperInvariant() : special, width, minus, false));
                            continue;
                        }
                        body = char.ToLowerInvariant(conversion) switch
                        {
                            'f' => FormatF(magnitude, precision ?? 6, alternate),
                            'e' => FormatE(magnitude, precision ?? 6, upper, alternate),
                            _ => FormatG(magnitude, precision ?? 6, upper, alternate),
                        };
                        var sign = negative ? "-" : plus ? "+" : space ? " " : "";
                        if (zero && !minus && sign.Length + body.Length < width)
                            body = body.PadLeft(width - sign.Length, '0');
                        output.Append(Pad(sign + body, width, minus, false));
                        continue;
                    }
                default:
                    // Unknown conversions are copied as they stand.
                    output.Append(format, specStart, j - specStart + 1);
                    continue;
            }
        }
        return output.ToString();
    }

    private static AwkValue Take(IReadOnlyList<AwkValue> arguments, ref int next, string format, int position)
    {
        if (next >= arguments.Count)
            throw new AwkFatalException("not enough arguments to satisfy format string\n\t`" + format + "'\n\t" + new string(' ', position) + "^ ran out for this one");
        return arguments[next++];
    }

    private static string Special(double number, bool plus, bool space)
    {
        var word = double.IsNaN(number) ? "nan" : "inf";
        var negative = double.IsNaN(number) ? double.IsNegative(number) : number < 0;
        return (negative ? "-" : plus ? "+" : space ? " " : (double.IsNaN(number) ? "+" : "+")) + word;
    }

    private static string ToBase(BigInteger value, int radix)
    {
        if (value.IsZero) return "0";
        var digits = new StringBuilder();
        while (!value.IsZero)
        {
            var digit = (int)(value % radix);
            digits.Insert(0, "0123456789abcdef"[digit]);
            value /= radix;
        }
        return digits.ToString();
    }

    private static string Integer(string sign, string digits, string prefix, int width, int? precision, bool minus, bool zero)
    {
        if (precision is { } p)
        {
            if (p == 0 && digits == "0") digits = "";
            if (digits.Length < p) digits = digits.PadLeft(p, '0');
        }
        var text = sign + prefix + digits;
        if (text.Length >= width) return text;
        if (minus) return text.PadRight(width);
        if (zero && precision is null) return sign + prefix + digits.PadLeft(width - sign.Length - prefix.Length, '0');
        return text.PadLeft(width);
    }

    private static string Pad(string text, int width, bool left, bool zero)
    {
        if (text.Length >= width) return text;
        return left ? text.PadRight(width) : text.PadLeft(width, zero ? '0' : ' ');
    }

    public static string FormatF(double magnitude, int precision, bool alternate)
    {
        var text = magnitude.ToString("F" + precision, CultureInfo.InvariantCulture);
        if (alternate && precision == 0) text += ".";
        return text;
    }

    public static string FormatE(double magnitude, int precision, bool upper, bool alternate)
    {
        var text = magnitude.ToString((upper ? "E" : "e") + precision, CultureInfo.InvariantCulture);
        var e = text.IndexOf(upper ? 'E' : 'e');
        var mantissa = text[..e];
        if (alternate && precision == 0) mantissa += ".";
        var exponentSign = text[e + 1];
        var digits = text[(e + 2)..].TrimStart('0');
        if (digits.Length < 2) digits = digits.PadLeft(2, '0');
        return mantissa + (upper ? "E" : "e") + exponentSign + digits;
    }

    /// <summary>%g: the shorter of %e and %f for the precision, trailing zeros removed unless '#'.</summary>
    public static string FormatG(double number, int precision, bool upper, bool alternate)
    {
        var negative = number < 0;
        var magnitude = Math.Abs(number);
        if (precision == 0) precision = 1;
        var exponent = 0;
        if (magnitude != 0)
        {
            var probe = magnitude.ToString("E" + (precision - 1), CultureInfo.InvariantCulture);
            exponent = int.Parse(probe.AsSpan(probe.IndexOf('E') + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        string body;
        if (exponent < -4 || exponent >= precision)
        {
            body = FormatE(magnitude, precision - 1, upper, alternate);
            if (!alternate)
            {
                var e = body.IndexOf(upper ? 'E' : 'e');
                body = TrimZeros(body[..e]) + body[e..];
            }
        }
        else
        {
            body = magnitude.ToString("F" + Math.Max(0, precision - 1 - exponent), CultureInfo.InvariantCulture);
            if (!alternate) body = TrimZeros(body);
            else if (!body.Contains('.')) body += ".";
        }
        return negative ? "-" + body : body;
    }

    private static string TrimZeros(string number) => number.Contains('.') ? number.TrimEnd('0').TrimEnd('.') : number;
}
