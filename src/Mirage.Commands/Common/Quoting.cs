using System.Text;

namespace Mirage.Commands.Common;

/// <summary>File names in messages, quoted the way coreutils' quotearg does under LC_ALL=C.</summary>
public static class Quoting
{
    /// <summary>Quotes only when the name needs it (quotef: "cat: a b" prints as 'a b').</summary>
    public static string ShellIfNeeded(string name) => NeedsQuoting(name) ? ShellAlways(name) : name;

    /// <summary>Always quotes (quoteaf: "ls: cannot access 'x'").</summary>
    public static string ShellAlways(string name)
    {
        if (name.Length == 0) return "''";
        var hasControl = name.Any(IsControl);
        if (!hasControl)
        {
            if (!name.Contains('\'')) return "'" + name + "'";
            if (!name.Any(c => c is '"' or '$' or '`' or '\\' or '!')) return "\"" + name + "\"";
            return "'" + name.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
        }
        var builder = new StringBuilder("'");
        var inEscape = false;
        foreach (var c in name)
        {
            if (IsControl(c))
            {
                if (!inEscape) builder.Append("'$'");
                inEscape = true;
                builder.Append(c switch
                {
                    '\n' => "\\n",
                    '\t' => "\\t",
                    '\r' => "\\r",
                    '\a' => "\\a",
                    '\b' => "\\b",
                    '\f' => "\\f",
                    '\v' => "\\v",
                    _ => "\\" + Convert.ToString(c, 8).PadLeft(3, '0'),
                });
                continue;
            }
            if (inEscape)
            {
                builder.Append("''");
                inEscape = false;
            }
            builder.Append(c == '\'' ? "'\\''" : c.ToString());
        }
        builder.Append('\'');
        var text = builder.ToString();
        // A trailing "''" left by closing an escape adds nothing.
        return text.EndsWith("''", StringComparison.Ordinal) && text.Length > 2 ? text[..^2] : text;
    }

    /// <summary>The 'x' quoting used for option values in messages ("invalid number of lines: 'x'").</summary>
    public static string Locale(string text) => "'" + text + "'";

    private static bool NeedsQuoting(string name)
    {
        if (name.Length == 0) return true;
        if (name[0] is '~' or '#') return true;
        foreach (var c in name)
        {
            if (IsControl(c)) return true;
            if (c is ' ' or '\t' or '\'' or '"' or '$' or '`' or '\\' or '!' or '*' or '?' or '[' or ']' or '&' or '(' or ')' or ';' or '<' or '>' or '|' or '=' or ':' or '^') return true;
        }
        return false;
    }

    private static bool IsControl(char c) => c < 0x20 || c == 0x7f;
}
