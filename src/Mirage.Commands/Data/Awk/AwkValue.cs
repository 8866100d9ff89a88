using System.Globalization;

namespace Mirage.Commands.Data.Awk;

internal enum AwkKind : byte
{
    /// <summary>Never assigned: "" and 0 at once, compares as a number against numbers.</summary>
    Uninit,
    Number,
    String,
    /// <summary>Came from input (fields, getline, split, ARGV, ENVIRON, -v): a number if it looks like one.</summary>
    StrNum,
}

/// <summary>An awk scalar. Strings hold bytes as Latin-1 chars.</summary>
internal readonly struct AwkValue
{
    public static readonly AwkValue Uninitialized = default;
    public static readonly AwkValue Empty = new("", 0, AwkKind.String);
    public static readonly AwkValue Zero = new(null, 0, AwkKind.Number);
    public static readonly AwkValue One = new(null, 1, AwkKind.Number);

    private readonly string? _text;
    private readonly double _number;

    private AwkValue(string? text, double number, AwkKind kind)
    {
        _text = text;
        _number = number;
        Kind = kind;
    }

    public AwkKind Kind { get; }

    public static AwkValue FromNumber(double number) => new(null, number, AwkKind.Number);

    public static AwkValue FromString(string text) => new(text, 0, AwkKind.String);

    public static AwkValue FromInput(string text) => new(text, 0, AwkKind.StrNum);

    public static AwkValue FromBool(bool value) => value ? One : Zero;

    public double ToNumber() => Kind switch
    {
        AwkKind.Number => _number,
        AwkKind.Uninit => 0,
        _ => ParseNumberPrefix(_text!),
    };

    /// <summary>The string value, converting numbers with <paramref name="format"/> (CONVFMT, or OFMT for print).</summary>
    public string ToText(string format) => Kind switch
    {
        AwkKind.Number => NumberToText(_number, format),
        AwkKind.Uninit => "",
        _ => _text!,
    };

    public bool ToBool() => Kind switch
    {
        AwkKind.Number => _number != 0,
        AwkKind.Uninit => false,
        AwkKind.String => _text!.Length > 0,
        _ => LooksNumeric(_text!, out var number) ? number != 0 : _text!.Length > 0,
    };

    /// <summary>True when comparisons treat this value as a number.</summary>
    public bool IsNumeric(out double number)
    {
        switch (Kind)
        {
            case AwkKind.Number:
                number = _number;
                return true;
            case AwkKind.Uninit:
                number = 0;
                return true;
            case AwkKind.StrNum:
                return LooksNumeric(_text!, out number);
            default:
                number = 0;
                return false;
        }
    }

    public static string NumberToText(double number, string format)
    {
        if (number == Math.Floor(number) && Math.Abs(number) < 1e16)
            return ((long)number).ToString(CultureInfo.InvariantCulture);
        if (double.IsNaN(number)) return double.IsNegative(number) ? "-nan" : "+nan";
        if (double.IsInfinity(number)) return number > 0 ? "+inf" : "-inf";
        if (number == Math.Floor(number)) return number.ToString("F0", CultureInfo.InvariantCulture);
        if (format == "%.6g") return AwkFormatter.FormatG(number, 6, false, false);
        return AwkFormatter.Format(format, [FromNumber(number)], "%.6g");
    }

    /// <summary>strtod: the longest numeric prefix after leading blanks (0 when there is none).</summary>
    public static double ParseNumberPrefix(string text)
    {
        var i = 0;
        while (i < text.Length && text[i] is ' ' or '\t' or '\n' or '\r' or '\f' or '\v') i++;
        var start = i;
        if (i < text.Length && text[i] is '+' or '-') i++;
        var digitsStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        var intDigits = i - digitsStart;
        var fracDigits = 0;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            var f = i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            fracDigits = i - f;
            if (intDigits == 0 && fracDigits == 0) return 0;
        }
        if (intDigits == 0 && fracDigits == 0)
        {
            // gawk accepts +inf/-inf/+nan/-nan only with an explicit sign.
            if (digitsStart > start && text.Length - digitsStart >= 3)
            {
                var word = text.Substring(digitsStart, 3).ToLowerInvariant();
                if (word == "inf") return text[start] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
                if (word == "nan") return text[start] == '-' ? -double.NaN : double.NaN;
            }
            return 0;
        }
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var save = i;
            i++;
            if (i < text.Length && text[i] is '+' or '-') i++;
            if (i < text.Length && char.IsAsciiDigit(text[i]))
                while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            else i = save;
        }
        return double.Parse(text.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>Whether the whole text (blanks around allowed) is a number, as input strings must be to compare numerically.</summary>
    public static bool LooksNumeric(string text, out double number)
    {
        number = 0;
        var i = 0;
        while (i < text.Length && text[i] is ' ' or '\t' or '\n') i++;
        var start = i;
        if (i < text.Length && text[i] is '+' or '-') i++;
        var digitsStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        var digits = i - digitsStart;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            var f = i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            digits += i - f;
        }
        if (digits == 0)
        {
            if (digitsStart > start && text.Length - digitsStart >= 3)
            {
                var word = text.Substring(digitsStart, 3).ToLowerInvariant();
                var end = digitsStart + 3;
                while (end < text.Length && text[end] is ' ' or '\t' or '\n') end++;
                if (end == text.Length && word is "inf" or "nan")
                {
                    number = ParseNumberPrefix(text);
                    return true;
                }
            }
            return false;
        }
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var save = i;
            i++;
            if (i < text.Length && text[i] is '+' or '-') i++;
            if (i < text.Length && char.IsAsciiDigit(text[i]))
                while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            else i = save;
        }
        var numberEnd = i;
        while (i < text.Length && text[i] is ' ' or '\t' or '\n') i++;
        if (i != text.Length) return false;
        number = double.Parse(text.AsSpan(start, numberEnd - start), NumberStyles.Float, CultureInfo.InvariantCulture);
        return true;
    }
}
