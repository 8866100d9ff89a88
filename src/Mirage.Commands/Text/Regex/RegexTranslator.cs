using System.Globalization;
using System.Text;

namespace Mirage.Commands.Text.RegexTranslation;

/// <summary>The regular expression dialects GNU tools accept.</summary>
public enum RegexSyntax
{
    /// <summary>POSIX basic (grep -G, sed): \( \) \{ \} groups and intervals, GNU \+ \? \|.</summary>
    Basic,
    /// <summary>POSIX extended (grep -E, sed -E).</summary>
    Extended,
    /// <summary>Perl-compatible (grep -P), mapped onto .NET regex.</summary>
    Perl,
}

/// <summary>How a pattern is read beyond its dialect.</summary>
/// <param name="GroupOffset">Groups already used by earlier patterns joined into one regex (grep -e a -e b).</param>
/// <param name="SedEscapes">sed reads \n \t \xHH \dNNN \oNNN \cX inside regexes.</param>
/// <param name="DotMatchesNewline">sed's pattern space may hold newlines that '.' matches.</param>
/// <param name="Multiline">sed's M flag: ^ and $ also match around embedded newlines.</param>
public sealed record RegexDialect(RegexSyntax Syntax, int GroupOffset = 0, bool SedEscapes = false, bool DotMatchesNewline = false, bool Multiline = false);

/// <summary>A pattern that GNU would reject, with the message GNU prints.</summary>
public sealed class RegexSyntaxException(string message) : Exception(message);

/// <summary>The .NET pattern for a GNU pattern.</summary>
/// <param name="Pattern">.NET regex source, to run over Latin-1 decoded text.</param>
/// <param name="GroupCount">Capturing groups the pattern declares.</param>
/// <param name="HasAlternation">Alternation may make .NET's first match shorter than POSIX's longest.</param>
/// <param name="Warnings">Texts grep prints as "grep: warning: ..." (stray backslashes and the like).</param>
public sealed record TranslatedRegex(string Pattern, int GroupCount, bool HasAlternation, bool HasEndAnchors, IReadOnlyList<string> Warnings);

/// <summary>
/// Translates POSIX BRE/ERE (GNU flavour) and Perl-style patterns to .NET regex source. Text is matched
/// as Latin-1 so each byte is one char; classes are spelled as explicit byte sets so .NET's Unicode notion of
/// letters and digits never leaks in (the C locale knows only ASCII).
/// </summary>
public static class RegexTranslator
{
    internal const string WordClass = "[A-Za-z0-9_]";
    internal const string NotWordClass = "[^A-Za-z0-9_]";
    internal const string SpaceClass = "[\\t\\n\\v\\f\\r ]";
    internal const string NotSpaceClass = "[^\\t\\n\\v\\f\\r ]";
    internal const string WordStart = "(?<![A-Za-z0-9_])(?=[A-Za-z0-9_])";
    internal const string WordEnd = "(?<=[A-Za-z0-9_])(?![A-Za-z0-9_])";
    internal const string WordBoundary = "(?:(?<![A-Za-z0-9_])(?=[A-Za-z0-9_])|(?<=[A-Za-z0-9_])(?![A-Za-z0-9_]))";
    internal const string NotWordBoundary = "(?:(?<=[A-Za-z0-9_])(?=[A-Za-z0-9_])|(?<![A-Za-z0-9_])(?![A-Za-z0-9_]))";

    public static TranslatedRegex Translate(string pattern, RegexDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(dialect);
        return dialect.Syntax == RegexSyntax.Perl
            ? PerlTranslator.Translate(pattern, dialect)
            : new PosixTranslator(pattern, dialect).Translate();
    }

    /// <summary>Appends one literal char so .NET reads it literally.</summary>
    internal static void AppendLiteral(StringBuilder output, char c)
    {
        if (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or ',' or '%' or '@' or '/' or ':' or ';' or '=' or '\'' or '"' or '<' or '>' or '~' or '`' or '!' or '&')
            output.Append(c);
        else
            output.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
    }

    /// <summary>Fills <paramref name="set"/> with the members of a POSIX class; false for an unknown name.</summary>
    internal static bool AddPosixClass(string name, bool[] set)
    {
        Func<int, bool>? test = name switch
        {
            "alpha" => c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z',
            "digit" => c => c is >= '0' and <= '9',
            "alnum" => c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9',
            "upper" => c => c is >= 'A' and <= 'Z',
            "lower" => c => c is >= 'a' and <= 'z',
            "space" => c => c is ' ' or >= '\t' and <= '\r',
            "blank" => c => c is ' ' or '\t',
            "punct" => c => c is >= 0x21 and <= 0x7e && !(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'),
            "print" => c => c is >= 0x20 and <= 0x7e,
            "graph" => c => c is >= 0x21 and <= 0x7e,
            "cntrl" => c => c < 0x20 || c == 0x7f,
            "xdigit" => c => c is >= '0' and <= '9' or >= 'a' and <= 'f' or >= 'A' and <= 'F',
            _ => null,
        };
        if (test is null) return false;
        for (var c = 0; c < 256; c++)
            if (test(c)) set[c] = true;
        return true;
    }

    /// <summary>Spells a byte set as a .NET character class.</summary>
    internal static string ClassFromSet(bool[] set, bool negate)
    {
        var builder = new StringBuilder(negate ? "[^" : "[");
        var any = false;
        for (var c = 0; c < 256; c++)
        {
            if (!set[c]) continue;
            var end = c;
            while (end + 1 < 256 && set[end + 1]) end++;
            AppendClassChar(builder, c);
            if (end > c)
            {
                if (end > c + 1) builder.Append('-');
                AppendClassChar(builder, end);
            }
            any = true;
            c = end;
        }
        if (!any) return negate ? "[\\s\\S]" : "[^\\s\\S]";
        return builder.Append(']').ToString();
    }

    private static void AppendClassChar(StringBuilder builder, int c)
    {
        if (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9') builder.Append((char)c);
        else builder.Append("\\u").Append(c.ToString("X4", CultureInfo.InvariantCulture));
    }

    /// <summary>Reads sed's escapes for a char (\n \t \xHH ...); returns -1 when <paramref name="letter"/> is no such escape.</summary>
    internal static int SedEscape(string pattern, ref int index)
    {
        var letter = pattern[index];
        switch (letter)
        {
            case 'n': return '\n';
            case 't': return '\t';
            case 'a': return '\a';
            case 'f': return '\f';
            case 'v': return '\v';
            case 'r': return '\r';
            case 'c' when index + 1 < pattern.Length:
                index++;
                return char.ToUpperInvariant(pattern[index]) ^ 0x40;
            case 'd': return ReadNumber(pattern, ref index, 10, 3);
            case 'o': return ReadNumber(pattern, ref index, 8, 3);
            case 'x': return ReadNumber(pattern, ref index, 16, 2);
            default: return -1;
        }
    }

    private static int ReadNumber(string pattern, ref int index, int radix, int maxDigits)
    {
        var value = 0;
        var digits = 0;
        var position = index + 1;
        while (digits < maxDigits && position < pattern.Length)
        {
            var digit = HexValue(pattern[position]);
            if (digit < 0 || digit >= radix) break;
            value = value * radix + digit;
            digits++;
            position++;
        }
        if (digits == 0) return -1;
        index = position - 1;
        return value & 0xff;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>Parses a bracket expression starting after '['; returns the .NET class and moves past ']'.</summary>
    /// <summary>The open bracket message in GNU grep's words: glibc's for POSIX syntax, PCRE2's for -P.</summary>
    private static string UnmatchedBracket(bool perl) => perl ? "missing terminating ] for character class" : "Unmatched [, [^, [:, [., or [=";

    internal static string ParseBracket(string pattern, ref int index, bool perlEscapes, bool sedEscapes = false)
    {
        var set = new bool[256];
        var negate = false;
        if (index < pattern.Length && pattern[index] == '^')
        {
            negate = true;
            index++;
        }
        var first = true;
        var extra = new StringBuilder();
        while (true)
        {
            if (index >= pattern.Length) throw new RegexSyntaxException(UnmatchedBracket(perlEscapes));
            var c = pattern[index];
            if (c == ']' && !first)
            {
                index++;
                break;
            }
            first = false;
            int low;
            if (c == '[' && index + 1 < pattern.Length && pattern[index + 1] is ':' or '=' or '.')
            {
                var kind = pattern[index + 1];
                var close = pattern.IndexOf(kind + "]", index + 2, StringComparison.Ordinal);
                if (close < 0) throw new RegexSyntaxException(UnmatchedBracket(perlEscapes));
                var name = pattern[(index + 2)..close];
                index = close + 2;
                if (kind == ':')
                {
                    if (!AddPosixClass(name, set)) throw new RegexSyntaxException("Invalid character class name");
                    continue;
                }
                if (name.Length != 1) throw new RegexSyntaxException("Invalid collation character");
                low = name[0];
                if (kind == '=')
                {
                    set[low & 0xff] = true;
                    continue;
                }
            }
            else if (sedEscapes && c == '\\' && index + 1 < pattern.Length && pattern[index + 1] is 'n' or 't')
            {
                low = pattern[index + 1] == 'n' ? '\n' : '\t';
                index += 2;
            }
            else if (perlEscapes && c == '\\' && index + 1 < pattern.Length)
            {
                var escaped = pattern[index + 1];
                index += 2;
                switch (escaped)
                {
                    case 'w': AddPosixClass("alnum", set); set['_'] = true; continue;
                    case 'd': AddPosixClass("digit", set); continue;
                    case 's': AddPosixClass("space", set); continue;
                    case 'W' or 'D' or 'S':
                        var inverse = new bool[256];
                        if (escaped == 'W') { AddPosixClass("alnum", inverse); inverse['_'] = true; }
                        else AddPosixClass(escaped == 'D' ? "digit" : "space", inverse);
                        for (var i = 0; i < 256; i++) if (!inverse[i]) set[i] = true;
                        continue;
                    case 'n': low = '\n'; break;
                    case 't': low = '\t'; break;
                    case 'r': low = '\r'; break;
                    case 'f': low = '\f'; break;
                    case 'v': low = '\v'; break;
                    case 'x':
                        {
                            var position = index - 1;
                            var value = ReadNumber(pattern, ref position, 16, 2);
                            if (value < 0) { low = 'x'; break; }
                            index = position + 1;
                            low = value;
                            break;
                        }
                    default: low = escaped; break;
                }
            }
            else
            {
                low = c;
                index++;
            }
            if (index + 1 < pattern.Length && pattern[index] == '-' && pattern[index + 1] != ']')
            {
                index++;
                int high = pattern[index];
                if (high == '[' && index + 1 < pattern.Length && pattern[index + 1] is '.' or '=')
                {
                    var kind = pattern[index + 1];
                    var close = pattern.IndexOf(kind + "]", index + 2, StringComparison.Ordinal);
                    if (close < 0) throw new RegexSyntaxException(UnmatchedBracket(perlEscapes));
                    high = pattern[index + 2];
                    index = close + 2;
                }
                else if (perlEscapes && high == '\\' && index + 1 < pattern.Length)
                {
                    index++;
                    high = pattern[index];
                    index++;
                }
                else
                {
                    index++;
                }
                if (high < low) throw new RegexSyntaxException("Invalid range end");
                for (var i = low; i <= high && i < 256; i++) set[i] = true;
                continue;
            }
            if (low < 256) set[low] = true;
            else extra.Append(low);
        }
        return ClassFromSet(set, negate);
    }
}
