namespace Mirage.Commands.Text.Sort;

/// <summary>gnulib's filevercmp (sort -V, ls -v): numbers compare by value, '~' sorts first, file suffixes count last.</summary>
public static class VersionComparer
{
    public static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length == 0) return b.Length == 0 ? 0 : -1;
        if (b.Length == 0) return 1;
        if (a[0] == '.')
        {
            if (b[0] != '.') return -1;
            var aDot = a.Length == 1;
            var bDot = b.Length == 1;
            if (aDot || bDot) return (bDot ? 1 : 0) - (aDot ? 1 : 0);
            var aDotDot = a[1] == '.' && a.Length == 2;
            var bDotDot = b[1] == '.' && b.Length == 2;
            if (aDotDot || bDotDot) return (bDotDot ? 1 : 0) - (aDotDot ? 1 : 0);
        }
        else if (b[0] == '.')
        {
            return 1;
        }
        var aPrefix = PrefixLength(a);
        var bPrefix = PrefixLength(b);
        var onePass = aPrefix == a.Length && bPrefix == b.Length;
        var result = Compare(a[..aPrefix], b[..bPrefix], true);
        return result != 0 || onePass ? result : Compare(a, b, true);
    }

    private static int PrefixLength(ReadOnlySpan<byte> s)
    {
        var n = s.Length;
        var prefix = 0;
        var i = 0;
        while (true)
        {
            if (i == n) return prefix;
            i++;
            prefix = i;
            while (i + 1 < n && s[i] == '.' && (IsAlpha(s[i + 1]) || s[i + 1] == '~'))
                for (i += 2; i < n && (IsAlnum(s[i]) || s[i] == '~'); i++)
                {
                }
        }
    }

    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

    private static bool IsAlpha(byte c) => c is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z';

    private static bool IsAlnum(byte c) => IsDigit(c) || IsAlpha(c);

    private static int Order(byte c) => IsDigit(c) ? 0 : IsAlpha(c) ? c : c == '~' ? -1 : c + 256;

    private static int Compare(ReadOnlySpan<byte> s1, ReadOnlySpan<byte> s2, bool _)
    {
        int p1 = 0, p2 = 0;
        while (p1 < s1.Length || p2 < s2.Length)
        {
            var firstDiff = 0;
            while ((p1 < s1.Length && !IsDigit(s1[p1])) || (p2 < s2.Length && !IsDigit(s2[p2])))
            {
                var c1 = p1 >= s1.Length ? 0 : Order(s1[p1]);
                var c2 = p2 >= s2.Length ? 0 : Order(s2[p2]);
                if (c1 != c2) return c1 - c2;
                p1++;
                p2++;
            }
            while (p1 < s1.Length && s1[p1] == '0') p1++;
            while (p2 < s2.Length && s2[p2] == '0') p2++;
            while (p1 < s1.Length && p2 < s2.Length && IsDigit(s1[p1]) && IsDigit(s2[p2]))
            {
                if (firstDiff == 0) firstDiff = s1[p1] - s2[p2];
                p1++;
                p2++;
            }
            if (p1 < s1.Length && IsDigit(s1[p1])) return 1;
            if (p2 < s2.Length && IsDigit(s2[p2])) return -1;
            if (firstDiff != 0) return firstDiff;
        }
        return 0;
    }
}
