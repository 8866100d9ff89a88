using System.Globalization;
using System.Numerics;
using System.Text;

namespace Mirage.Commands.Text.Bc;

/// <summary>An exact decimal: <see cref="Value"/> / 10^<see cref="Scale"/>, with bc's scale rules.</summary>
internal readonly record struct BcNumber(BigInteger Value, int Scale)
{
    public static readonly BcNumber Zero = new(BigInteger.Zero, 0);
    public static readonly BcNumber One = new(BigInteger.One, 0);

    public bool IsZero => Value.IsZero;

    public int Sign => Value.Sign;

    public static BcNumber Parse(string text)
    {
        var dot = text.IndexOf('.');
        var digits = dot < 0 ? text : text[..dot] + text[(dot + 1)..];
        var scale = dot < 0 ? 0 : text.Length - dot - 1;
        if (digits.Length == 0) digits = "0";
        return new BcNumber(BigInteger.Parse(digits, CultureInfo.InvariantCulture), scale);
    }

    public static BcNumber FromInteger(BigInteger value) => new(value, 0);

    private static BigInteger Pow10(int n) => BigInteger.Pow(10, n);

    public BcNumber Rescale(int scale)
    {
        if (scale == Scale) return this;
        if (scale > Scale) return new BcNumber(Value * Pow10(scale - Scale), scale);
        return new BcNumber(BigInteger.Divide(Value, Pow10(Scale - scale)), scale);
    }

    public static BcNumber operator +(BcNumber a, BcNumber b)
    {
        var scale = Math.Max(a.Scale, b.Scale);
        return new BcNumber(a.Rescale(scale).Value + b.Rescale(scale).Value, scale);
    }

    public static BcNumber operator -(BcNumber a, BcNumber b) => a + new BcNumber(-b.Value, b.Scale);

    public static BcNumber operator -(BcNumber a) => new(-a.Value, a.Scale);

    public static BcNumber Multiply(BcNumber a, BcNumber b, int scale)
    {
        var full = new BcNumber(a.Value * b.Value, a.Scale + b.Scale);
        return full.Rescale(Math.Min(a.Scale + b.Scale, Math.Max(scale, Math.Max(a.Scale, b.Scale))));
    }

    public static BcNumber Divide(BcNumber a, BcNumber b, int scale)
    {
        if (b.IsZero) throw new DivideByZeroException();
        // a/b truncated to 'scale' digits: (a.V * 10^(scale + b.S)) / (b.V * 10^a.S).
        var numerator = a.Value * Pow10(scale + b.Scale);
        var denominator = b.Value * Pow10(a.Scale);
        return new BcNumber(BigInteger.Divide(numerator, denominator), scale);
    }

    public static BcNumber Modulo(BcNumber a, BcNumber b, int scale)
    {
        if (b.IsZero) throw new DivideByZeroException();
        var quotient = Divide(a, b, scale);
        var product = Multiply(quotient, b, Math.Max(scale + b.Scale, a.Scale));
        var result = a - product;
        return result.Rescale(Math.Max(scale + b.Scale, a.Scale));
    }

    public static BcNumber Power(BcNumber a, BigInteger exponent, int scale)
    {
        if (exponent.IsZero) return One;
        if (exponent.Sign < 0)
        {
            var positive = Power(a, -exponent, scale);
            return Divide(One, positive, scale);
        }
        var resultScale = (int)BigInteger.Min(a.Scale * exponent, Math.Max(scale, a.Scale));
        var full = new BcNumber(BigInteger.Pow(a.Value, (int)exponent), a.Scale * (int)exponent);
        return full.Rescale(resultScale);
    }

    public static BcNumber Sqrt(BcNumber a, int scale)
    {
        if (a.Sign < 0) throw new ArithmeticException("Square root of a negative number");
        var resultScale = Math.Max(scale, a.Scale);
        // isqrt(a * 10^(2*resultScale)) with the value expressed at resultScale.
        var scaled = a.Rescale(2 * resultScale).Value;
        if (scaled.IsZero) return new BcNumber(0, resultScale);
        var x = (BigInteger)Math.Sqrt((double)scaled);
        if (x.IsZero) x = BigInteger.One;
        while (true)
        {
            var next = (x + scaled / x) >> 1;
            if (BigInteger.Abs(next - x) <= BigInteger.One)
            {
                x = next;
                while (x * x > scaled) x--;
                while ((x + 1) * (x + 1) <= scaled) x++;
                return new BcNumber(x, resultScale);
            }
            x = next;
        }
    }

    public int CompareTo(BcNumber other)
    {
        var scale = Math.Max(Scale, other.Scale);
        return Rescale(scale).Value.CompareTo(other.Rescale(scale).Value);
    }

    /// <summary>bc's output: no leading zero before the point, and lines of at most 70 chars ending in a backslash.</summary>
    public string Format(int lineLength = 70)
    {
        var negative = Value.Sign < 0;
        var digits = BigInteger.Abs(Value).ToString(CultureInfo.InvariantCulture);
        string text;
        if (Scale == 0)
        {
            text = digits;
        }
        else
        {
            if (digits.Length <= Scale) digits = digits.PadLeft(Scale, '0');
            var whole = digits[..^Scale];
            text = (whole == "0" ? "" : whole) + "." + digits[^Scale..];
            if (Value.IsZero) text = "0";
        }
        if (Value.IsZero && Scale > 0) text = "0";
        if (negative) text = "-" + text;
        if (lineLength <= 2 || text.Length < lineLength) return text;
        var builder = new StringBuilder();
        // Each output line holds lineLength - 2 chars and a backslash.
        var width = lineLength - 2;
        for (var i = 0; i < text.Length; i += width)
        {
            builder.Append(text, i, Math.Min(width, text.Length - i));
            if (i + width < text.Length) builder.Append("\\\n");
        }
        return builder.ToString();
    }
}
