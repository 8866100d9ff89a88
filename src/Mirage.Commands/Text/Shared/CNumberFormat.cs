using System.Globalization;
using System.Numerics;
using System.Text;

namespace Mirage.Commands.Text.Shared;

/// <summary>One printf conversion's flags, width and precision.</summary>
public readonly record struct FormatSpec(bool LeftAlign, bool ZeroPad, bool Plus, bool Space, bool Alternate, int? Width, int? Precision, char Conversion);

/// <summary>C printf formatting of integers, floating point numbers and strings, as glibc prints them.</summary>
public static class CNumberFormat
{
    public static string FormatInteger(BigInteger value, FormatSpec spec)
    {
        var conversion = spec.Conversion;
        var negative = value.Sign < 0;
        if (conversion is 'u' or 'x' or 'X' or 'o' && negative) value += BigInteger.One << 64;
        var magnitude = BigInteger.Abs(value);
        var digits = conversion switch
        {
            'x' => magnitude.ToString("x", CultureInfo.InvariantCulture).TrimStart('0'),
            'X' => magnitude.ToString("X", CultureInfo.InvariantCulture).TrimStart('0'),
            'o' => ToOctal(magnitude),
            _ => magnitude.ToString(CultureInfo.InvariantCulture),
        };
        if (digits.Length == 0) digits = "0";
        if (spec.Precision is { } precision)
        {
            if (precision == 0 && magnitude.IsZero) digits = "";
            else if (digits.Length < precision) digits = new string('0', precision - digits.Length) + digits;
        }
        var prefix = "";
        if (conversion is 'd' or 'i')
        {
            if (negative) prefix = "-";
            else if (spec.Plus) prefix = "+";
            else if (spec.Space) prefix = " ";
        }
        else if (spec.Alternate)
        {
            if (conversion == 'o' && !digits.StartsWith('0')) digits = "0" + digits;
            else if (conversion == 'x' && !magnitude.IsZero) prefix = "0x";
            else if (conversion == 'X' && !magnitude.IsZero) prefix = "0X";
        }
        return Pad(prefix, digits, spec, allowZero: spec.Precision is null);
    }

    private static string ToOctal(BigInteger value)
    {
        if (value.IsZero) return "0";
        var builder = new StringBuilder();
        while (!value.IsZero)
        {
            builder.Insert(0, (char)('0' + (int)(value % 8)));
            value /= 8;
        }
        return builder.ToString();
    }

    public static string FormatFloat(double value, FormatSpec spec)
    {
        var conversion = spec.Conversion;
        var upper = char.IsUpper(conversion);
        var negative = double.IsNegative(value);
        var magnitude = Math.Abs(value);
        string body;
        if (double.IsNaN(value)) body = upper ? "NAN" : "nan";
        else if (double.IsInfinity(value)) body = upper ? "INF" : "inf";
        else
        {
            var precision = spec.Precision ?? 6;
            body = char.ToLowerInvariant(conversion) switch
            {
                'f' => Fixed(magnitude, precision, spec.Alternate),
                'e' => Exponent(magnitude, precision, spec.Alternate, upper),
                _ => General(magnitude, precision, spec.Alternate, upper),
            };
        }
        var prefix = negative ? "-" : spec.Plus ? "+" : spec.Space ? " " : "";
        return Pad(prefix, body, spec, allowZero: double.IsFinite(value));
    }

    public static string Fixed(double magnitude, int precision, bool alternate)
    {
        var text = magnitude.ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (alternate && precision == 0) text += ".";
        return text;
    }

    public static string Exponent(double magnitude, int precision, bool alternate, bool upper)
    {
        var text = magnitude.ToString((upper ? "E" : "e") + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        // .NET writes three exponent digits ("e+005"); C writes at least two.
        var e = text.IndexOfAny(['e', 'E']);
        var mantissa = text[..e];
        var sign = text[e + 1];
        var exponent = text[(e + 2)..].TrimStart('0');
        if (exponent.Length < 2) exponent = exponent.PadLeft(2, '0');
        if (alternate && precision == 0) mantissa += ".";
        return mantissa + (upper ? "E" : "e") + sign + exponent;
    }

    public static string General(double magnitude, int precision, bool alternate, bool upper)
    {
        if (precision == 0) precision = 1;
        if (magnitude == 0)
        {
            var zero = alternate ? "0." + new string('0', precision - 1) : "0";
            return zero.TrimEnd('.');
        }
        // The exponent as %e would print it after rounding to the precision.
        var probe = Exponent(magnitude, precision - 1, false, false);
        var exponent = int.Parse(probe[(probe.IndexOf('e') + 1)..], CultureInfo.InvariantCulture);
        string text;
        if (exponent < -4 || exponent >= precision)
        {
            text = Exponent(magnitude, precision - 1, alternate, upper);
            if (!alternate)
            {
                var e = text.IndexOfAny(['e', 'E']);
                text = TrimZeros(text[..e]) + text[e..];
            }
        }
        else
        {
            text = Fixed(magnitude, precision - 1 - exponent, alternate);
            if (!alternate) text = TrimZeros(text);
        }
        return text;
    }

    private static string TrimZeros(string number) => number.Contains('.') ? number.TrimEnd('0').TrimEnd('.') : number;

    public static string Pad(string prefix, string body, FormatSpec spec, bool allowZero)
    {
        var length = prefix.Length + body.Length;
        if (spec.Width is not { } width || width <= length) return prefix + body;
        if (spec.LeftAlign) return prefix + body + new string(' ', width - length);
        if (spec.ZeroPad && allowZero) return prefix + new string('0', width - length) + body;
        return new string(' ', width - length) + prefix + body;
    }
}
