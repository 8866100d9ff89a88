using System.Globalization;
using System.Text;

namespace Mirage.Commands.Common;

/// <summary>C printf conversions of one floating-point value (%f %e %g %a-less), with flags, width and precision, as seq -f needs.</summary>
public static class CFormat
{
    /// <summary>Formats <paramref name="value"/> with one conversion spec such as "%05.2f" (text before/after is copied).</summary>
    public static string FormatDouble(string format, double value)
    {
        var output = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%')
            {
                output.Append(format[i]);
                continue;
            }
            if (i + 1 < format.Length && format[i + 1] == '%')
            {
                output.Append('%');
                i++;
                continue;
            }
            var j = i + 1;
            var flags = "";
            while (j < format.Length && "-+ #0'".Contains(format[j], StringComparison.Ordinal)) flags += format[j++];
            var width = 0;
            while (j < format.Length && char.IsAsciiDigit(format[j])) width = width * 10 + (format[j++] - '0');
            int? precision = null;
            if (j < format.Length && format[j] == '.')
            {
                j++;
                var p = 0;
                while (j < format.Length && char.IsAsciiDigit(format[j])) p = p * 10 + (format[j++] - '0');
                precision = p;
            }
            while (j < format.Length && format[j] is 'L' or 'l' or 'h') j++;
            if (j >= format.Length) break;
            output.Append(One(format[j], flags, width, precision, value));
            i = j;
        }
        return output.ToString();
    }

    /// <summary>The conversion letter of the single directive in a seq format, or null when there is none or several.</summary>
    public static string? Validate(string format, out char conversion)
    {
        conversion = '\0';
        var count = 0;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%') continue;
            if (i + 1 < format.Length && format[i + 1] == '%')
            {
                i++;
                continue;
            }
            var j = i + 1;
            while (j < format.Length && "-+ #0'".Contains(format[j], StringComparison.Ordinal)) j++;
            while (j < format.Length && (char.IsAsciiDigit(format[j]) || format[j] == '.')) j++;
            while (j < format.Length && format[j] is 'L' or 'l' or 'h') j++;
            if (j >= format.Length) return $"format {Quoting.ShellAlways(format)} ends in %";
            if ("eEfFgGaA".IndexOf(format[j], StringComparison.Ordinal) < 0) return $"format {Quoting.ShellAlways(format)} has unknown %{format[j]} directive";
            conversion = format[j];
            count++;
            i = j;
        }
        if (count == 0) return $"format {Quoting.ShellAlways(format)} has no % directive";
        if (count > 1) return $"format {Quoting.ShellAlways(format)} has too many % directives";
        return null;
    }

    private static string One(char conversion, string flags, int width, int? precision, double value)
    {
        var inv = CultureInfo.InvariantCulture;
        var upper = char.IsUpper(conversion);
        string body;
        var negative = value < 0 || (value == 0 && double.IsNegative(value));
        var magnitude = Math.Abs(value);
        if (double.IsInfinity(value)) body = upper ? "INF" : "inf";
        else if (double.IsNaN(value)) body = upper ? "NAN" : "nan";
        else
        {
            switch (char.ToLowerInvariant(conversion))
            {
                case 'f':
                    body = magnitude.ToString("F" + (precision ?? 6), inv);
                    if (flags.Contains('#') && precision == 0) body += ".";
                    break;
                case 'e':
                    body = Exponent(magnitude, precision ?? 6, upper);
                    break;
                default:
                    {
                        var p = precision ?? 6;
                        if (p == 0) p = 1;
                        var exponent = magnitude == 0 ? 0 : (int)Math.Floor(Math.Log10(magnitude));
                        // Rounding may carry into the next power of ten.
                        if (magnitude != 0)
                        {
                            var rounded = double.Parse(magnitude.ToString("E" + (p - 1), inv), inv);
                            exponent = rounded == 0 ? 0 : (int)Math.Floor(Math.Log10(rounded));
                        }
                        if (exponent < -4 || exponent >= p)
                        {
                            body = Exponent(magnitude, p - 1, upper);
                            if (!flags.Contains('#'))
                            {
                                var e = body.IndexOf(upper ? 'E' : 'e');
                                body = TrimZeros(body[..e]) + body[e..];
                            }
                        }
                        else
                        {
                            body = magnitude.ToString("F" + Math.Max(0, p - 1 - exponent), inv);
                            if (!flags.Contains('#')) body = TrimZeros(body);
                        }
                        break;
                    }
            }
        }
        var sign = negative ? "-" : flags.Contains('+') ? "+" : flags.Contains(' ') ? " " : "";
        var total = sign.Length + body.Length;
        if (total >= width) return sign + body;
        if (flags.Contains('-')) return (sign + body).PadRight(width);
        if (flags.Contains('0') && !double.IsInfinity(value) && !double.IsNaN(value)) return sign + body.PadLeft(width - sign.Length, '0');
        return (sign + body).PadLeft(width);
    }

    private static string TrimZeros(string number) => number.Contains('.') ? number.TrimEnd('0').TrimEnd('.') : number;

    private static string Exponent(double magnitude, int precision, bool upper)
    {
        var text = magnitude.ToString((upper ? "E" : "e") + precision, CultureInfo.InvariantCulture);
        // .NET writes three exponent digits ("e+005"); C writes at least two.
        var e = text.IndexOf(upper ? 'E' : 'e');
        var mantissa = text[..e];
        var exponentSign = text[e + 1];
        var digits = text[(e + 2)..].TrimStart('0');
        if (digits.Length < 2) digits = digits.PadLeft(2, '0');
        return mantissa + (upper ? "E" : "e") + exponentSign + digits;
    }
}
