using System.Globalization;
using System.Text;

namespace Mirage.Commands.Data.Jq;

/// <summary>
/// jq values are plain CLR objects: null, bool, double, string, <see cref="List{T}"/> of values (arrays) and
/// <see cref="OrderedDictionary{TKey, TValue}"/> (objects, keys in insertion order). Values are never mutated once
/// built; operations that "change" one copy it.
/// </summary>
internal static class JqValues
{
    public static string TypeName(object? value) => value switch
    {
        null => "null",
        bool => "boolean",
        double => "number",
        string => "string",
        List<object?> => "array",
        _ => "object",
    };

    public static bool IsTruthy(object? value) => value is not (null or false);

    private static int TypeRank(object? value) => value switch
    {
        null => 0,
        false => 1,
        true => 2,
        double => 3,
        string => 4,
        List<object?> => 5,
        _ => 6,
    };

    /// <summary>jq's total order: null &lt; false &lt; true &lt; numbers &lt; strings &lt; arrays &lt; objects.</summary>
    public static int Compare(object? left, object? right)
    {
        var rank = TypeRank(left).CompareTo(TypeRank(right));
        if (rank != 0) return rank;
        switch (left)
        {
            case double a:
                return a.CompareTo((double)right!);
            case string a:
                return CompareStrings(a, (string)right!);
            case List<object?> a:
                {
                    var b = (List<object?>)right!;
                    for (var i = 0; i < a.Count && i < b.Count; i++)
                    {
                        var c = Compare(a[i], b[i]);
                        if (c != 0) return c;
                    }
                    return a.Count.CompareTo(b.Count);
                }
            case OrderedDictionary<string, object?> a:
                {
                    var b = (OrderedDictionary<string, object?>)right!;
                    var keysA = SortedKeys(a);
                    var keysB = SortedKeys(b);
                    for (var i = 0; i < keysA.Count && i < keysB.Count; i++)
                    {
                        var c = CompareStrings(keysA[i], keysB[i]);
                        if (c != 0) return c;
                    }
                    if (keysA.Count != keysB.Count) return keysA.Count.CompareTo(keysB.Count);
                    foreach (var key in keysA)
                    {
                        var c = Compare(a[key], b[key]);
                        if (c != 0) return c;
                    }
                    return 0;
                }
            default:
                return 0;
        }
    }

    /// <summary>Strings order by code point, as jq compares UTF-8 bytes.</summary>
    public static int CompareStrings(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            if (a[i] == b[i]) continue;
            var ca = a[i];
            var cb = b[i];
            // Surrogates (above U+FFFF) sort after every BMP character in UTF-8.
            var sa = char.IsSurrogate(ca);
            var sb = char.IsSurrogate(cb);
            if (sa != sb) return sa ? 1 : -1;
            return ca.CompareTo(cb);
        }
        return a.Length.CompareTo(b.Length);
    }

    public static List<string> SortedKeys(OrderedDictionary<string, object?> obj)
    {
        var keys = new List<string>(obj.Keys);
        keys.Sort(CompareStrings);
        return keys;
    }

    public static new bool Equals(object? a, object? b) => Compare(a, b) == 0;

    // ---------------------------------------------------------------- output

    /// <summary>How values print: indentation, key sorting, ASCII escaping.</summary>
    public sealed record Style(int Indent = 2, bool UseTab = false, bool SortKeys = false, bool Ascii = false)
    {
        public static readonly Style Compact = new(0);
    }

    public static string ToJson(object? value, Style? style = null)
    {
        var builder = new StringBuilder();
        Write(builder, value, style ?? Style.Compact, 0);
        return builder.ToString();
    }

    public static void Write(StringBuilder builder, object? value, Style style, int depth)
    {
        switch (value)
        {
            case null: builder.Append("null"); break;
            case true: builder.Append("true"); break;
            case false: builder.Append("false"); break;
            case double d: builder.Append(FormatNumber(d)); break;
            case string s: WriteString(builder, s, style.Ascii); break;
            case List<object?> array:
                if (array.Count == 0) { builder.Append("[]"); break; }
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0) builder.Append(',');
                    NewLine(builder, style, depth + 1);
                    Write(builder, array[i], style, depth + 1);
                }
                NewLine(builder, style, depth);
                builder.Append(']');
                break;
            case OrderedDictionary<string, object?> obj:
                if (obj.Count == 0) { builder.Append("{}"); break; }
                builder.Append('{');
                var first = true;
                IEnumerable<string> keys = style.SortKeys ? SortedKeys(obj) : obj.Keys;
                foreach (var key in keys)
                {
                    if (!first) builder.Append(',');
                    first = false;
                    NewLine(builder, style, depth + 1);
                    WriteString(builder, key, style.Ascii);
                    builder.Append(':');
                    if (style.Indent > 0 || style.UseTab) builder.Append(' ');
                    Write(builder, obj[key], style, depth + 1);
                }
                NewLine(builder, style, depth);
                builder.Append('}');
                break;
        }
    }

    private static void NewLine(StringBuilder builder, Style style, int depth)
    {
        if (style.UseTab)
        {
            builder.Append('\n').Append('\t', depth);
        }
        else if (style.Indent > 0)
        {
            builder.Append('\n').Append(' ', depth * style.Indent);
        }
    }

    public static void WriteString(StringBuilder builder, string s, bool ascii)
    {
        builder.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\t': builder.Append("\\t"); break;
                case '\r': builder.Append("\\r"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (c < 0x20 || c == 0x7f || (ascii && c > 126))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }
                    break;
            }
        }
        builder.Append('"');
    }

    /// <summary>
    /// Numbers print with the shortest digits that round-trip, in exponent form when the decimal point would sit
    /// before the fourth leading zero or more than five places past the digits (as jq 1.6's dtoa does).
    /// </summary>
    public static string FormatNumber(double d)
    {
        if (double.IsNaN(d)) return "null";
        if (double.IsPositiveInfinity(d)) d = double.MaxValue;
        if (double.IsNegativeInfinity(d)) d = -double.MaxValue;
        if (d == 0) return double.IsNegative(d) ? "-0" : "0";
        // Shortest round-trip digits come from "R"; take them apart into digits and exponent.
        var shortest = d.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest.StartsWith('-');
        if (negative) shortest = shortest[1..];
        int exponent;
        string mantissa;
        var e = shortest.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            mantissa = shortest[..e];
            exponent = int.Parse(shortest[(e + 1)..], CultureInfo.InvariantCulture);
        }
        else
        {
            mantissa = shortest;
            exponent = 0;
        }
        var dot = mantissa.IndexOf('.');
        string digits;
        int pointAt;
        if (dot >= 0)
        {
            digits = mantissa[..dot] + mantissa[(dot + 1)..];
            pointAt = dot + exponent;
        }
        else
        {
            digits = mantissa;
            pointAt = mantissa.Length + exponent;
        }
        var leading = 0;
        while (leading < digits.Length - 1 && digits[leading] == '0') leading++;
        digits = digits[leading..];
        pointAt -= leading;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        var builder = new StringBuilder();
        if (negative) builder.Append('-');
        if (pointAt < -3 || pointAt > digits.Length + 15)
        {
            builder.Append(digits[0]);
            if (digits.Length > 1) builder.Append('.').Append(digits, 1, digits.Length - 1);
            var exp = pointAt - 1;
            builder.Append('e').Append(exp < 0 ? '-' : '+');
            builder.Append(Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture));
        }
        else if (pointAt <= 0)
        {
            builder.Append("0.").Append('0', -pointAt).Append(digits);
        }
        else if (pointAt >= digits.Length)
        {
            builder.Append(digits).Append('0', pointAt - digits.Length);
        }
        else
        {
            builder.Append(digits, 0, pointAt).Append('.').Append(digits, pointAt, digits.Length - pointAt);
        }
        return builder.ToString();
    }

    /// <summary>A value as error messages quote it: compact JSON cut to 11 bytes plus "...".</summary>
    public static string Dump(object? value)
    {
        var json = ToJson(value);
        var bytes = Encoding.UTF8.GetBytes(json);
        if (bytes.Length <= 14) return json;
        return Encoding.UTF8.GetString(bytes, 0, 11) + "...";
    }

    /// <summary>"type (value)" as jq's messages say it.</summary>
    public static string Describe(object? value) => $"{TypeName(value)} ({Dump(value)})";

    public static string ToText(object? value) => value is string s ? s : ToJson(value);

    public static OrderedDictionary<string, object?> NewObject() => new(StringComparer.Ordinal);
}

/// <summary>A jq runtime error; its value is what `catch` receives.</summary>
internal sealed class JqException : Exception
{
    public JqException(object? value) : base(value as string ?? JqValues.ToJson(value))
    {
        Value = value;
    }

    public JqException() : this(null) { }

    public JqException(string message, Exception inner) : base(message, inner) { Value = message; }

    public object? Value { get; }
}
