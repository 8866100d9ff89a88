namespace Mirage.Commands.Text.Shared;

/// <summary>fnmatch(3) without flags: '*', '?', bracket expressions and backslash escapes; '/' is an ordinary char.</summary>
public static class FnMatch
{
    public static bool IsMatch(string pattern, string text) => Match(pattern, 0, text, 0);

    private static bool Match(string pattern, int p, string text, int t)
    {
        while (p < pattern.Length)
        {
            var c = pattern[p];
            switch (c)
            {
                case '*':
                    while (p < pattern.Length && pattern[p] == '*') p++;
                    if (p == pattern.Length) return true;
                    for (var k = t; k <= text.Length; k++)
                        if (Match(pattern, p, text, k)) return true;
                    return false;
                case '?':
                    if (t >= text.Length) return false;
                    p++;
                    t++;
                    continue;
                case '[':
                    {
                        if (t >= text.Length) return false;
                        var end = BracketEnd(pattern, p);
                        if (end < 0) goto default;
                        if (!BracketMatches(pattern, p + 1, end, text[t])) return false;
                        p = end + 1;
                        t++;
                        continue;
                    }
                case '\\' when p + 1 < pattern.Length:
                    p++;
                    c = pattern[p];
                    goto default;
                default:
                    if (t >= text.Length || text[t] != c) return false;
                    p++;
                    t++;
                    continue;
            }
        }
        return t == text.Length;
    }

    private static int BracketEnd(string pattern, int open)
    {
        var i = open + 1;
        if (i < pattern.Length && pattern[i] is '!' or '^') i++;
        if (i < pattern.Length && pattern[i] == ']') i++;
        while (i < pattern.Length && pattern[i] != ']')
        {
            if (pattern[i] == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':')
            {
                var close = pattern.IndexOf(":]", i + 2, StringComparison.Ordinal);
                if (close > 0) i = close + 1;
            }
            i++;
        }
        return i < pattern.Length ? i : -1;
    }

    private static bool BracketMatches(string pattern, int start, int end, char c)
    {
        var negate = false;
        if (pattern[start] is '!' or '^')
        {
            negate = true;
            start++;
        }
        var matched = false;
        var first = true;
        for (var i = start; i < end; i++)
        {
            var low = pattern[i];
            if (low == '[' && i + 1 < end && pattern[i + 1] == ':')
            {
                var close = pattern.IndexOf(":]", i + 2, StringComparison.Ordinal);
                var set = new bool[256];
                if (close > 0 && RegexTranslation.RegexTranslator.AddPosixClass(pattern[(i + 2)..close], set))
                {
                    if (c < 256 && set[c]) matched = true;
                    i = close + 1;
                    first = false;
                    continue;
                }
            }
            if (low == ']' && !first) break;
            first = false;
            if (i + 2 < end && pattern[i + 1] == '-')
            {
                if (c >= low && c <= pattern[i + 2]) matched = true;
                i += 2;
                continue;
            }
            if (c == low) matched = true;
        }
        return matched != negate;
    }
}
