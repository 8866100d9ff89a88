using System.Text;
using System.Text.RegularExpressions;

namespace Mirage.Commands.Common;

/// <summary>fnmatch(3) without FNM_PATHNAME (so '*' also matches '/'), as find -name/-path use it: * ? [...] [!...] and backslash escapes.</summary>
public static class Glob
{
    public static Regex ToRegex(string pattern, bool ignoreCase)
    {
        var builder = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*':
                    builder.Append("[\\s\\S]*");
                    break;
                case '?':
                    builder.Append("[\\s\\S]");
                    break;
                case '\\' when i + 1 < pattern.Length:
                    builder.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                case '[':
                    var end = ClassEnd(pattern, i);
                    if (end < 0)
                    {
                        builder.Append("\\[");
                        break;
                    }
                    builder.Append(ClassToRegex(pattern[(i + 1)..end]));
                    i = end;
                    break;
                default:
                    builder.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        builder.Append('$');
        var options = RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        return new Regex(builder.ToString(), options);
    }

    private static int ClassEnd(string pattern, int start)
    {
        var i = start + 1;
        if (i < pattern.Length && pattern[i] is '!' or '^') i++;
        if (i < pattern.Length && pattern[i] == ']') i++;
        for (; i < pattern.Length; i++)
        {
            if (pattern[i] == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':')
            {
                var close = pattern.IndexOf(":]", i + 2, StringComparison.Ordinal);
                if (close > 0)
                {
                    i = close + 1;
                    continue;
                }
            }
            if (pattern[i] == ']') return i;
        }
        return -1;
    }

    private static string ClassToRegex(string body)
    {
        var builder = new StringBuilder("[");
        var i = 0;
        if (body.Length > 0 && body[0] is '!' or '^')
        {
            builder.Append('^');
            i = 1;
        }
        for (; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '[' && i + 1 < body.Length && body[i + 1] == ':')
            {
                var close = body.IndexOf(":]", i + 2, StringComparison.Ordinal);
                if (close > 0)
                {
                    builder.Append(PosixClass(body[(i + 2)..close]));
                    i = close + 1;
                    continue;
                }
            }
            if (c is '\\' or ']' or '[' or '^') builder.Append('\\');
            builder.Append(c);
        }
        return builder.Append(']').ToString();
    }

    /// <summary>A POSIX character class as the body of a .NET character class.</summary>
    public static string PosixClass(string name) => name switch
    {
        "alpha" => "a-zA-Z",
        "digit" => "0-9",
        "alnum" => "a-zA-Z0-9",
        "upper" => "A-Z",
        "lower" => "a-z",
        "space" => " \\t\\n\\r\\f\\v",
        "blank" => " \\t",
        "punct" => "!-/:-@\\[-`{-~",
        "xdigit" => "0-9A-Fa-f",
        "cntrl" => "\\x00-\\x1f\\x7f",
        "print" => "\\x20-\\x7e",
        "graph" => "\\x21-\\x7e",
        _ => "",
    };
}
