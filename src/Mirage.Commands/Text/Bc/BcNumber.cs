using System.Globalization;
using System.Numerics;
using System.Text;

namespace Mirage.Commands.Text.Bc;

/// <summary>An exact decimal: <see cref="Value"/> / 10^<see cref="Scale"/>, with GNU bc's scale rules (results truncate, never round).</summary>
internal readonly record struct BcNumber(BigInteger Value, int Scale)
{
    public static readonly BcNumber Zero = new(BigInteger.Zero, 0);
    public static readonly BcNumber One = new(BigInteger.One, 0);
    private static readonly BcNumber Half = new(5, 1);

    public bool IsZero => Value.IsZero;

    public int Sign => Value.Sign;

    /// <summary>Digits before the point, at least one (bc's n_len).</summary>
    public int IntegerDigits
    {
        get
        {
            var whole = BigInteger.Abs(Value) / Pow10(Scale);
            return whole.IsZero ? 1 : whole.ToString(CultureInfo.InvariantCulture).Length;
        }
    }

    public static BcNumber FromInteger(BigInteger value) => new(value, 0);

    /// <summary>A constant as bc reads it in base <paramref name="inputBase"/>: one digit stands for itself, longer numbers clamp digits to base - 1.</summary>
    public static BcNumber Parse(string text, int inputBase)
    {
        var dot = text.IndexOf('.');
        var whole = dot < 0 ? text : text[..dot];
        var fraction = dot < 0 ? "" : text[(dot + 1)..];
        if (inputBase == 10 && !text.Any(c => c is >= 'A' and <= 'Z'))
        {
            var digits = whole + fraction;
            return new BcNumber(digits.Length == 0 ? BigInteger.Zero : BigInteger.Parse(digits, CultureInfo.InvariantCulture), fraction.Length);
        }
        static int DigitValue(char c) => char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
        var value = BigInteger.Zero;
        if (whole.Length == 1 && fraction.Length == 0 && dot < 0) return FromInteger(DigitValue(whole[0]));
        for (var i = 0; i < whole.Length; i++)
        {
            var digit = DigitValue(whole[i]);
            // bc keeps a lone leading digit as written when more digits follow only if it is below the base.
            value = value * inputBase + Math.Min(digit, inputBase - 1);
        }
        if (fraction.Length == 0) return FromInteger(value);
        var numerator = BigInteger.Zero;
        var divisor = BigInteger.One;
        foreach (var c in fraction)
        {
            numerator = numerator * inputBase + Math.Min(DigitValue(c), inputBase - 1);
            divisor *= inputBase;
        }
        var part = Divide(FromInteger(numerator), FromInteger(divisor), fraction.Length);
        return FromInteger(value) + part;
    }

    private static BigInteger Pow10(int n) => BigInteger.Pow(10, n);

    public BcNumber Rescale(int scale)
    {
        if (scale == Scale) return this;
        if (scale > Scale) return new BcNumber(Value * Pow10(scale - Scale), scale);
        return new BcNumber(BigInteger.Divide(Value, Pow10(Scale - scale)), scale);
    }

    /// <summary>bc_add with a minimum result scale.</summary>
    public static BcNumber Add(BcNumber a, BcNumber b, int minimumScale = 0)
    {
        var scale = Math.Max(minimumScale, Math.Max(a.Scale, b.Scale));
        return new BcNumber(a.Rescale(scale).Value + b.Rescale(scale).Value, scale);
    }

    public static BcNumber operator +(BcNumber a, BcNumber b) => Add(a, b);

    public static BcNumber operator -(BcNumber a, BcNumber b) => Add(a, -b);

    public static BcNumber operator -(BcNumber a) => new(-a.Value, a.Scale);

    public static BcNumber Multiply(BcNumber a, BcNumber b, int scale)
    {
        var full = new BcNumber(a.Value * b.Value, a.Scale + b.Scale);
        return full.Rescale(Math.Min(a.Scale + b.Scale, Math.Max(scale, Math.Max(a.Scale, b.Scale))));
    }

    public static BcNumber Divide(BcNumber a, BcNumber b, int scale)
    {
        if (b.IsZero) throw new BcRuntimeException("Divide by zero");
        // a/b truncated to 'scale' digits: (a.V * 10^(scale + b.S)) / (b.V * 10^a.S).
        var numerator = a.Value * Pow10(scale + b.Scale);
        var denominator = b.Value * Pow10(a.Scale);
        return new BcNumber(BigInteger.Divide(numerator, denominator), scale);
    }

    public static BcNumber Modulo(BcNumber a, BcNumber b, int scale)
    {
        if (b.IsZero) throw new BcRuntimeException("Divide by zero");
        var resultScale = Math.Max(a.Scale, b.Scale + scale);
        var quotient = Divide(a, b, scale);
        var product = Multiply(quotient, b, resultScale);
        return Add(a, -product, resultScale);
    }

    /// <summary>bc_raise: exact powers truncated to min(a.scale * n, max(scale, a.scale)); negative powers divide at 'scale'.</summary>
    public static BcNumber Power(BcNumber a, BigInteger exponent, int scale)
    {
        if (exponent.IsZero) return One;
        if (BigInteger.Abs(exponent) > int.MaxValue) throw new BcRuntimeException("exponent too large in raise");
        var n = (int)BigInteger.Abs(exponent);
        var exact = new BcNumber(BigInteger.Pow(a.Value, n), checked(a.Scale * n));
        if (exponent.Sign < 0) return Divide(One, exact, scale);
        return exact.Rescale((int)Math.Min((long)a.Scale * n, Math.Max(scale, a.Scale)));
    }

    /// <summary>bc_sqrt: Newton's method with GNU bc's guesses and precision steps, so the last digit agrees.</summary>
    public static BcNumber Sqrt(BcNumber a, int scale)
    {
        var compareZero = a.CompareTo(Zero);
        if (compareZero < 0) throw new BcRuntimeException("Square root of a negative number");
        if (compareZero == 0) return Zero;
        var compareOne = a.CompareTo(One);
        if (compareOne == 0) return One;
        var resultScale = Math.Max(scale, a.Scale);
        BcNumber guess;
        int precision;
        if (compareOne < 0)
        {
            guess = One;
            precision = a.Scale;
        }
        else
        {
            guess = FromInteger(BigInteger.Pow(10, a.IntegerDigits / 2));
            precision = 3;
        }
        while (true)
        {
            var previous = guess;
            guess = Divide(a, guess, precision);
            guess = Add(guess, previous);
            guess = Multiply(guess, Half, precision);
            var difference = Add(guess, -previous, precision + 1);
            if (!IsNearZero(difference, precision)) continue;
            if (precision < resultScale + 1) precision = Math.Min(precision * 3, resultScale + 1);
            else break;
        }
        return Divide(guess, One, resultScale);
    }

    // bc_is_near_zero: the value truncated to 'scale' digits is 0 or one unit in its last place.
    private static bool IsNearZero(BcNumber value, int scale)
    {
        var truncated = BigInteger.Abs(value.Rescale(Math.Min(scale, value.Scale)).Value);
        return truncated <= BigInteger.One;
    }

    public int CompareTo(BcNumber other)
    {
        var scale = Math.Max(Scale, other.Scale);
        return Rescale(scale).Value.CompareTo(other.Rescale(scale).Value);
    }

    /// <summary>length(): significant digits; a number below one counts its fraction digits.</summary>
    public int Length()
    {
        var whole = BigInteger.Abs(Value) / Pow10(Scale);
        if (whole.IsZero) return Scale > 0 ? Scale : 1;
        return whole.ToString(CultureInfo.InvariantCulture).Length + Scale;
    }

    /// <summary>The integer part as a long, or null when it does not fit (bc_num2long returns 0 then).</summary>
    public long? ToLong()
    {
        var whole = BigInteger.Divide(Value, Pow10(Scale));
        return whole >= long.MinValue && whole <= long.MaxValue ? (long)whole : null;
    }

    /// <summary>bc_out_num: the characters bc prints for this number in <paramref name="outputBase"/> (before line wrapping).</summary>
    public string Format(int outputBase)
    {
        if (IsZero) return "0";
        var builder = new StringBuilder();
        if (Sign < 0) builder.Append('-');
        var magnitude = new BcNumber(BigInteger.Abs(Value), Scale);
        if (outputBase == 10)
        {
            var digits = magnitude.Value.ToString(CultureInfo.InvariantCulture).PadLeft(Scale + 1, '0');
            var whole = digits[..^Scale];
            if (whole != "0") builder.Append(whole);
            if (Scale > 0) builder.Append('.').Append(digits, digits.Length - Scale, Scale);
            return builder.ToString();
        }
        var integer = BigInteger.Divide(magnitude.Value, Pow10(Scale));
        var fraction = magnitude - new BcNumber(integer, 0);
        var width = (outputBase - 1).ToString(CultureInfo.InvariantCulture).Length;
        var stack = new Stack<int>();
        while (!integer.IsZero)
        {
            stack.Push((int)(integer % outputBase));
            integer /= outputBase;
        }
        while (stack.Count > 0) AppendDigit(builder, stack.Pop(), outputBase, width, space: true);
        if (Scale > 0)
        {
            builder.Append('.');
            var place = BigInteger.One;
            var limit = Pow10(Scale);
            var space = false;
            var baseNumber = FromInteger(outputBase);
            // bc prints fraction digits while base^k has no more digits than the scale.
            while (place < limit)
            {
                fraction = Multiply(fraction, baseNumber, Scale);
                var digit = (int)BigInteger.Divide(fraction.Value, Pow10(fraction.Scale));
                fraction -= FromInteger(digit);
                AppendDigit(builder, digit, outputBase, width, space);
                space = true;
                place *= outputBase;
            }
        }
        return builder.ToString();
    }

    private static void AppendDigit(StringBuilder builder, int digit, int outputBase, int width, bool space)
    {
        if (outputBase <= 16)
        {
            builder.Append("0123456789ABCDEF"[digit]);
            return;
        }
        if (space) builder.Append(' ');
        builder.Append(digit.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0'));
    }

    public override string ToString() => Format(10);
}

/// <summary>A bc runtime error ("Runtime error (func=..., adr=...): message"): the current run stops.</summary>
internal sealed class BcRuntimeException(string message) : Exception(message);
