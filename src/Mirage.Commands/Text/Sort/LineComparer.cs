using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Mirage.Commands.Text.Sort;

/// <summary>Compares two lines the way GNU sort does under LC_ALL=C: key by key, then the whole line as a last resort.</summary>
internal sealed class LineComparer : IComparer<byte[]>
{
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private readonly SortKey[] _keys;
    private readonly byte? _separator;
    private readonly bool _lastResort;
    private readonly bool _reverseLastResort;
    private readonly byte[] _randomSalt;

    public LineComparer(IReadOnlyList<SortKey> keys, byte? separator, bool lastResort, bool reverseLastResort, byte[] randomSalt)
    {
        _keys = [.. keys];
        _separator = separator;
        _lastResort = lastResort;
        _reverseLastResort = reverseLastResort;
        _randomSalt = randomSalt;
        // No keys with ordering options: the whole line in byte order, which is also the last resort.
        _plain = keys.Count > 0 && keys.All(k => k.StartField == 1 && k.StartChar == 1 && k.EndField is null && !k.Options.HasOrdering && !k.Options.SkipBlanksStart);
        if (_plain) _reverseLastResort = keys[0].Options.Reverse;
    }

    private readonly bool _plain;

    public int Compare(byte[]? x, byte[]? y) => Compare(x.AsSpan(), y.AsSpan());

    /// <summary>
    /// A number whose order never contradicts <see cref="Compare(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>: when two
    /// lines' prefixes differ, they order the lines; when equal, the lines must be compared. Worked out once per line, so
    /// sorting mostly compares numbers: the first eight bytes of the line or of a plain first key, or the whole part of
    /// a numeric (-n) first key. Zero for every line where no such number helps.
    /// </summary>
    public ulong Prefix(ReadOnlySpan<byte> line)
    {
        if (_plain) return Ordered(FirstBytes(line), _reverseLastResort);
        var key = _keys[0];
        var options = key.Options;
        if (options.Random) return 0;
        if (options.Numeric && !options.Human && !options.GeneralNumeric)
            return Ordered(SignFlipped(WholePart(Extract(line, key))), options.Reverse);
        return options.HasOrdering ? 0 : Ordered(FirstBytes(Extract(line, key)), options.Reverse);

        static ulong Ordered(ulong prefix, bool reverse) => reverse ? ~prefix : prefix;
        static ulong SignFlipped(long value) => unchecked((ulong)value ^ 0x8000_0000_0000_0000);
    }

    private static ulong FirstBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 8) return BinaryPrimitives.ReadUInt64BigEndian(bytes);
        Span<byte> padded = stackalloc byte[8];
        padded.Clear();
        bytes.CopyTo(padded);
        return BinaryPrimitives.ReadUInt64BigEndian(padded);
    }

    /// <summary>The integer part of an -n number, rounded toward zero (so never out of order); huge ones all share the cap.</summary>
    private static long WholePart(ReadOnlySpan<byte> key)
    {
        const long Cap = 1_000_000_000_000_000_000;
        var number = ParseNumber(key, human: false);
        if (number.IsZero) return 0;
        long value = 0;
        if (number.Integer.Length > 18) value = Cap;
        else
        {
            foreach (var digit in number.Integer) value = value * 10 + (digit - '0');
        }
        return number.Negative ? -value : value;
    }

    public int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (_plain)
        {
            var order = a.SequenceCompareTo(b);
            return _reverseLastResort ? -order : order;
        }
        for (var k = 0; k < _keys.Length; k++)
        {
            var key = _keys[k];
            var ka = Extract(a, key);
            var kb = Extract(b, key);
            var result = CompareKey(ka, kb, key.Options);
            if (result != 0) return key.Options.Reverse ? -result : result;
        }
        if (!_lastResort) return 0;
        var whole = a.SequenceCompareTo(b);
        return _reverseLastResort ? -whole : whole;
    }

    private static bool IsBlank(byte c) => c is (byte)' ' or (byte)'\t';

    private ReadOnlySpan<byte> Extract(ReadOnlySpan<byte> span, SortKey key)
    {
        var start = FieldStart(span, key.StartField - 1);
        if (key.Options.SkipBlanksStart)
            while (start < span.Length && IsBlank(span[start])) start++;
        start = Math.Min(span.Length, start + key.StartChar - 1);
        int end;
        if (key.EndField is not { } endField)
        {
            end = span.Length;
        }
        else if (key.EndChar == 0)
        {
            end = FieldEnd(span, endField - 1);
        }
        else
        {
            var fieldStart = FieldStart(span, endField - 1);
            if (key.Options.SkipBlanksEnd)
                while (fieldStart < span.Length && IsBlank(span[fieldStart])) fieldStart++;
            end = Math.Min(span.Length, fieldStart + key.EndChar);
        }
        if (end < start) end = start;
        return span[start..end];
    }

    /// <summary>Where field <paramref name="index"/> (0-based) starts; the line's length when there are fewer fields.</summary>
    private int FieldStart(ReadOnlySpan<byte> line, int index)
    {
        var position = 0;
        if (_separator is { } separator)
        {
            for (var i = 0; i < index; i++)
            {
                var next = line[position..].IndexOf(separator);
                if (next < 0) return line.Length;
                position += next + 1;
            }
            return position;
        }
        for (var i = 0; i < index; i++)
        {
            while (position < line.Length && IsBlank(line[position])) position++;
            while (position < line.Length && !IsBlank(line[position])) position++;
        }
        return position;
    }

    private int FieldEnd(ReadOnlySpan<byte> line, int index)
    {
        var position = FieldStart(line, index);
        if (_separator is { } separator)
        {
            var next = line[position..].IndexOf(separator);
            return next < 0 ? line.Length : position + next;
        }
        while (position < line.Length && IsBlank(line[position])) position++;
        while (position < line.Length && !IsBlank(line[position])) position++;
        return position;
    }

    private int CompareKey(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, KeyOptions options)
    {
        if (options.Random)
        {
            var ha = Hash(a, options);
            var hb = Hash(b, options);
            var hashed = ha.AsSpan().SequenceCompareTo(hb);
            if (hashed != 0) return hashed;
        }
        if (options.Numeric) return CompareNumeric(a, b, human: false);
        if (options.Human) return CompareNumeric(a, b, human: true);
        if (options.GeneralNumeric) return CompareGeneral(a, b);
        if (options.Month)
        {
            var ma = Month(a);
            var mb = Month(b);
            return ma.CompareTo(mb);
        }
        if (options.Version) return VersionComparer.Compare(a, b);
        if (options.Dictionary || options.FoldCase || options.IgnoreNonPrinting) return CompareTranslated(a, b, options);
        return a.SequenceCompareTo(b);
    }

    private byte[] Hash(ReadOnlySpan<byte> key, KeyOptions options)
    {
        var buffer = new byte[_randomSalt.Length + key.Length];
        _randomSalt.CopyTo(buffer, 0);
        key.CopyTo(buffer.AsSpan(_randomSalt.Length));
        if (options.FoldCase)
            for (var i = _randomSalt.Length; i < buffer.Length; i++) buffer[i] = Fold(buffer[i]);
        return MD5.HashData(buffer);
    }

    private static byte Fold(byte c) => c is >= (byte)'a' and <= (byte)'z' ? (byte)(c - 32) : c;

    private static bool Keep(byte c, KeyOptions options)
    {
        if (options.Dictionary && !(IsBlank(c) || c is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9')) return false;
        if (options.IgnoreNonPrinting && c is < 0x20 or >= 0x7f) return false;
        return true;
    }

    private static int CompareTranslated(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, KeyOptions options)
    {
        int i = 0, j = 0;
        while (true)
        {
            while (i < a.Length && !Keep(a[i], options)) i++;
            while (j < b.Length && !Keep(b[j], options)) j++;
            if (i >= a.Length || j >= b.Length) return (i < a.Length ? 1 : 0) - (j < b.Length ? 1 : 0);
            var ca = options.FoldCase ? Fold(a[i]) : a[i];
            var cb = options.FoldCase ? Fold(b[j]) : b[j];
            if (ca != cb) return ca - cb;
            i++;
            j++;
        }
    }

    private static int Month(ReadOnlySpan<byte> key)
    {
        var i = 0;
        while (i < key.Length && (IsBlank(key[i]) || key[i] == '\n')) i++;
        if (key.Length - i < 3) return 0;
        Span<char> name = stackalloc char[3];
        for (var k = 0; k < 3; k++) name[k] = (char)Fold(key[i + k]);
        for (var m = 0; m < 12; m++)
            if (name.SequenceEqual(Months[m])) return m + 1;
        return 0;
    }

    /// <summary>-n and -h: optional '-', digits, optional '.' and digits; anything else ends the number (no number is zero).</summary>
    private static int CompareNumeric(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, bool human)
    {
        var na = ParseNumber(a, human);
        var nb = ParseNumber(b, human);
        var signA = na.IsZero ? 0 : na.Negative ? -1 : 1;
        var signB = nb.IsZero ? 0 : nb.Negative ? -1 : 1;
        if (signA != signB) return signA.CompareTo(signB);
        if (signA == 0) return 0;
        int result;
        if (human && na.Suffix != nb.Suffix) result = na.Suffix.CompareTo(nb.Suffix);
        else result = CompareMagnitude(na, nb);
        return signA < 0 ? -result : result;
    }

    private readonly ref struct ParsedNumber(ReadOnlySpan<byte> integer, ReadOnlySpan<byte> fraction, bool negative, int suffix)
    {
        public ReadOnlySpan<byte> Integer { get; } = integer;
        public ReadOnlySpan<byte> Fraction { get; } = fraction;
        public bool Negative { get; } = negative;
        public int Suffix { get; } = suffix;
        public bool IsZero => Integer.Length == 0 && Fraction.Length == 0;
    }

    private static ParsedNumber ParseNumber(ReadOnlySpan<byte> key, bool human)
    {
        var i = 0;
        while (i < key.Length && IsBlank(key[i])) i++;
        var negative = false;
        if (i < key.Length && key[i] == '-')
        {
            negative = true;
            i++;
        }
        var intStart = i;
        while (i < key.Length && key[i] is >= (byte)'0' and <= (byte)'9') i++;
        var integer = key[intStart..i];
        var fraction = ReadOnlySpan<byte>.Empty;
        if (i < key.Length && key[i] == '.')
        {
            i++;
            var fracStart = i;
            while (i < key.Length && key[i] is >= (byte)'0' and <= (byte)'9') i++;
            fraction = key[fracStart..i];
        }
        var suffix = 0;
        if (human && i < key.Length && (integer.Length > 0 || fraction.Length > 0))
        {
            var index = "KMGTPEZYRQ".IndexOf((char)key[i]);
            if (key[i] == 'k') index = 0;
            suffix = index + 1;
        }
        var trimmedInteger = integer;
        while (trimmedInteger.Length > 0 && trimmedInteger[0] == '0') trimmedInteger = trimmedInteger[1..];
        var trimmedFraction = fraction;
        while (trimmedFraction.Length > 0 && trimmedFraction[^1] == '0') trimmedFraction = trimmedFraction[..^1];
        return new ParsedNumber(trimmedInteger, trimmedFraction, negative, suffix);
    }

    private static int CompareMagnitude(ParsedNumber a, ParsedNumber b)
    {
        if (a.Integer.Length != b.Integer.Length) return a.Integer.Length.CompareTo(b.Integer.Length);
        var integers = a.Integer.SequenceCompareTo(b.Integer);
        if (integers != 0) return integers;
        return a.Fraction.SequenceCompareTo(b.Fraction);
    }

    private static int CompareGeneral(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var okA = TryGeneral(a, out var va);
        var okB = TryGeneral(b, out var vb);
        if (!okA || !okB) return (okA ? 1 : 0) - (okB ? 1 : 0);
        var nanA = double.IsNaN(va);
        var nanB = double.IsNaN(vb);
        if (nanA || nanB) return (nanA ? 0 : 1) - (nanB ? 0 : 1);
        return va.CompareTo(vb);
    }

    /// <summary>strtod on the longest numeric prefix; false when there is none.</summary>
    private static bool TryGeneral(ReadOnlySpan<byte> key, out double value)
    {
        value = 0;
        var i = 0;
        while (i < key.Length && (IsBlank(key[i]) || key[i] == '\n')) i++;
        var text = System.Text.Encoding.Latin1.GetString(key[i..]);
        for (var length = Math.Min(text.Length, 64); length > 0; length--)
        {
            var candidate = text[..length];
            if (candidate[^1] is 'e' or 'E' or '+' or '-' or ' ') continue;
            if (candidate.Length > 0 && !(char.IsAsciiDigit(candidate[0]) || candidate[0] is '-' or '+' or '.' or 'i' or 'I' or 'n' or 'N')) return false;
            var lower = candidate.ToLowerInvariant().TrimStart('+', '-');
            if (lower is "inf" or "infinity")
            {
                value = candidate.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;
                return true;
            }
            if (lower == "nan")
            {
                value = double.NaN;
                return true;
            }
            if (lower.StartsWith("0x", StringComparison.Ordinal))
            {
                if (long.TryParse(lower[2..], System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var hex))
                {
                    value = candidate.StartsWith('-') ? -hex : hex;
                    return true;
                }
                continue;
            }
            if (lower.Length > 0 && (char.IsAsciiDigit(lower[0]) || lower[0] == '.') && double.TryParse(candidate, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out value)) return true;
        }
        return false;
    }
}
