using System.Text;
using System.Text.RegularExpressions;
using Mirage.Commands.Common;

namespace Mirage.Commands.FileSystem.Find;

/// <summary>Translates find's regular expression dialects (emacs by default, posix-basic, posix-extended) to .NET, anchored to the whole path.</summary>
internal static class FindRegex
{
    public static Regex Translate(string pattern, string syntax, bool ignoreCase)
    {
        var basic = syntax is "emacs" or "posix-basic" or "sed" or "ed" or "grep";
        var emacs = syntax == "emacs";
        var builder = new StringBuilder("^(?:");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[++i];
                if (basic && next is '(' or ')' or '|') builder.Append(next);
                else if (basic && !emacs && next is '{' or '}') builder.Append(next);
                else if (basic && !emacs && next is '+' or '?') builder.Append(next);
                else if (next is 'w' or 'W' or 's' or 'S' or 'b' or 'B') builder.Append('\\').Append(next);
                else if (next == '<' || next == '>') builder.Append("\\b");
                else if (next == '`') builder.Append("\\A");
                else if (next == '\'') builder.Append("\\z");
                else if (char.IsAsciiDigit(next)) builder.Append('\\').Append(next);
                else builder.Append(Regex.Escape(next.ToString()));
                continue;
            }
            switch (c)
            {
                case '(' or ')' or '|' when basic:
                    builder.Append('\\').Append(c);
                    break;
                case '{' or '}' when basic:
                    builder.Append('\\').Append(c);
                    break;
                case '+' or '?' when basic && !emacs:
                    builder.Append('\\').Append(c);
                    break;
                case '[':
                    i = AppendBracket(pattern, i, builder);
                    break;
                case '.':
                    builder.Append("[\\s\\S]");
                    break;
                case '$' or '^' or '*' or '+' or '?' or '(' or ')' or '|' or '{' or '}':
                    builder.Append(c);
                    break;
                default:
                    builder.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        builder.Append(")$");
        return new Regex(builder.ToString(), RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None));
    }

    /// <summary>Copies a POSIX bracket expression, translating [:class:] names; returns the index of its closing ']'.</summary>
    private static int AppendBracket(string pattern, int start, StringBuilder builder)
    {
        var i = start + 1;
        var body = new StringBuilder("[");
        if (i < pattern.Length && pattern[i] == '^')
        {
            body.Append('^');
            i++;
        }
        if (i < pattern.Length && pattern[i] == ']')
        {
            body.Append("\\]");
            i++;
        }
        for (; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == ']')
            {
                builder.Append(body).Append(']');
                return i;
            }
            if (c == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':')
            {
                var close = pattern.IndexOf(":]", i + 2, StringComparison.Ordinal);
                if (close > 0)
                {
                    body.Append(Glob.PosixClass(pattern[(i + 2)..close]));
                    i = close + 1;
                    continue;
                }
            }
            if (c is '\\' or '[') body.Append('\\');
            body.Append(c);
        }
        builder.Append("\\[");
        return start;
    }
}
