using System.Text;

namespace Mirage.Commands.Data.Jq;

/// <summary>Arithmetic, comparison and indexing with jq's rules and messages.</summary>
internal static class JqOperators
{
    public static object? Binary(string op, object? left, object? right) => op switch
    {
        "+" => Add(left, right),
        "-" => Subtract(left, right),
        "*" => Multiply(left, right),
        "/" => Divide(left, right),
        "%" => Modulo(left, right),
        "==" => JqValues.Compare(left, right) == 0,
        "!=" => JqValues.Compare(left, right) != 0,
        "<" => JqValues.Compare(left, right) < 0,
        "<=" => JqValues.Compare(left, right) <= 0,
        ">" => JqValues.Compare(left, right) > 0,
        ">=" => JqValues.Compare(left, right) >= 0,
        _ => throw new InvalidOperationException(op),
    };

    private static JqException Cannot(object? left, object? right, string verb) =>
        new($"{JqValues.Describe(left)} and {JqValues.Describe(right)} cannot be {verb}");

    public static object? Add(object? left, object? right)
    {
        if (left is null) return right;
        if (right is null) return left;
        switch (left)
        {
            case double a when right is double b:
                return a + b;
            case string a when right is string b:
                return a + b;
            case List<object?> a when right is List<object?> b:
                {
                    var list = new List<object?>(a.Count + b.Count);
                    list.AddRange(a);
                    list.AddRange(b);
                    return list;
                }
            case OrderedDictionary<string, object?> a when right is OrderedDictionary<string, object?> b:
                {
                    var merged = new OrderedDictionary<string, object?>(a, StringComparer.Ordinal);
                    foreach (var (key, value) in b) merged[key] = value;
                    return merged;
                }
        }
        throw Cannot(left, right, "added");
    }

    private static object? Subtract(object? left, object? right)
    {
        switch (left)
        {
            case double a when right is double b:
                return a - b;
            case List<object?> a when right is List<object?> b:
                return a.Where(x => !b.Any(y => JqValues.Compare(x, y) == 0)).ToList();
        }
        throw Cannot(left, right, "subtracted");
    }

    private static object? Multiply(object? left, object? right)
    {
        switch (left)
        {
            case double a when right is double b:
                return a * b;
            case string s when right is double n:
                return Repeat(s, n);
            case double n when right is string s:
                return Repeat(s, n);
            case OrderedDictionary<string, object?> a when right is OrderedDictionary<string, object?> b:
                return DeepMerge(a, b);
        }
        throw Cannot(left, right, "multiplied");
    }

    private static object? Repeat(string s, double times)
    {
        var n = times > int.MaxValue ? int.MaxValue : (int)times;
        if (n <= 0) return null;
        var builder = new StringBuilder(s.Length * n);
        for (var i = 0; i < n; i++) builder.Append(s);
        return builder.ToString();
    }

    public static OrderedDictionary<string, object?> DeepMerge(OrderedDictionary<string, object?> a, OrderedDictionary<string, object?> b)
    {
        var merged = new OrderedDictionary<string, object?>(a, StringComparer.Ordinal);
        foreach (var (key, value) in b)
        {
            if (value is OrderedDictionary<string, object?> inner && merged.TryGetValue(key, out var existing) && existing is OrderedDictionary<string, object?> existingObject)
            {
                merged[key] = DeepMerge(existingObject, inner);
            }
            else
            {
                merged[key] = value;
            }
        }
        return merged;
    }

    private static object? Divide(object? left, object? right)
    {
        switch (left)
        {
            case double a when right is double b:
                if (b == 0) throw new JqException($"{JqValues.Describe(left)} and {JqValues.Describe(right)} cannot be divided because the divisor is zero");
                return a / b;
            case string a when right is string b:
                return Split(a, b);
        }
        throw Cannot(left, right, "divided");
    }

    public static List<object?> Split(string text, string separator)
    {
        var list = new List<object?>();
        if (text.Length == 0) return list;
        if (separator.Length == 0)
        {
            // jq 1.6 splits on "" into single characters.
            var enumerator = System.Globalization.StringInfo.GetTextElementEnumerator(text);
            for (var i = 0; i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length)
                {
                    list.Add(text.Substring(i, 2));
                    i++;
                }
                else
                {
                    list.Add(text[i].ToString());
                }
            }
            _ = enumerator;
            return list;
        }
        foreach (var part in text.Split(separator)) list.Add(part);
        return list;
    }

    private static object? Modulo(object? left, object? right)
    {
        if (left is double a && right is double b)
        {
            var divisor = ToInt64(b);
            if (divisor == 0) throw new JqException($"{JqValues.Describe(left)} and {JqValues.Describe(right)} cannot be divided (remainder) because the divisor is zero");
            var dividend = ToInt64(a);
            if (divisor == -1) return 0.0;
            return (double)(dividend % divisor);
        }
        throw Cannot(left, right, "divided");
    }

    private static long ToInt64(double d)
    {
        if (double.IsNaN(d)) return long.MinValue;
        if (d >= long.MaxValue) return long.MaxValue;
        if (d <= long.MinValue) return long.MinValue;
        return (long)d;
    }

    // ---------------------------------------------------------------- indexing

    public static object? Index(object? target, object? key)
    {
        switch (target)
        {
            case OrderedDictionary<string, object?> obj when key is string name:
                return obj.TryGetValue(name, out var value) ? value : null;
            case List<object?> array when key is double d:
                {
                    if (double.IsNaN(d)) return null;
                    var i = Math.Floor(d);
                    if (i != d) return null;
                    if (i < 0) i += array.Count;
                    return i >= 0 && i < array.Count ? array[(int)i] : null;
                }
            case null when key is string or double or OrderedDictionary<string, object?>:
                return null;
            case List<object?> or string when key is OrderedDictionary<string, object?> slice && IsSliceKey(slice):
                return Slice(target, slice["start"], slice["end"]);
            case List<object?> array when key is List<object?> sub:
                return Indices(array, sub);
        }
        if (key is string s) throw new JqException($"Cannot index {JqValues.TypeName(target)} with string \"{s}\"");
        throw new JqException($"Cannot index {JqValues.TypeName(target)} with {JqValues.TypeName(key)}");
    }

    private static bool IsSliceKey(OrderedDictionary<string, object?> key) =>
        key.Count == 2 && key.ContainsKey("start") && key.ContainsKey("end");

    public static (int Start, int End) SliceBounds(int length, object? from, object? to)
    {
        if (from is not (null or double) || to is not (null or double)) throw new JqException("Start and end indices of an array slice must be numbers");
        var start = from is double f ? Math.Floor(f) : 0;
        var end = to is double t ? Math.Ceiling(t) : length;
        if (start < 0) start += length;
        if (end < 0) end += length;
        start = Math.Clamp(start, 0, length);
        end = Math.Clamp(end, 0, length);
        if (end < start) end = start;
        return ((int)start, (int)end);
    }

    public static object? Slice(object? target, object? from, object? to)
    {
        switch (target)
        {
            case null:
                return null;
            case List<object?> array:
                {
                    var (start, end) = SliceBounds(array.Count, from, to);
                    return array.GetRange(start, end - start);
                }
            case string s:
                {
                    // Strings slice by code point.
                    var codepoints = ToCodepoints(s);
                    var (start, end) = SliceBounds(codepoints.Count, from, to);
                    var builder = new StringBuilder();
                    for (var i = start; i < end; i++) builder.Append(char.ConvertFromUtf32(codepoints[i]));
                    return builder.ToString();
                }
        }
        throw new JqException($"Cannot index {JqValues.TypeName(target)} with object");
    }

    public static List<int> ToCodepoints(string s)
    {
        var list = new List<int>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                list.Add(char.ConvertToUtf32(s[i], s[i + 1]));
                i++;
            }
            else
            {
                list.Add(s[i]);
            }
        }
        return list;
    }

    public static List<object?> Indices(List<object?> array, List<object?> sub)
    {
        var result = new List<object?>();
        if (sub.Count == 0) return result;
        for (var i = 0; i + sub.Count <= array.Count; i++)
        {
            var match = true;
            for (var j = 0; j < sub.Count && match; j++) match = JqValues.Compare(array[i + j], sub[j]) == 0;
            if (match) result.Add((double)i);
        }
        return result;
    }
}
