using System.Text;

namespace Mirage.Shell.Expansion;

/// <summary>
/// The fields a word expands into, built part by part. Each field keeps its plain text and a
/// pattern form where quoted characters are escaped, so globbing treats only unquoted ones as special.
/// </summary>
internal sealed class Fields(string ifs)
{
    private readonly List<Field> done = [];
    private Field current = new();

    public sealed class Field
    {
        public StringBuilder Text { get; } = new();

        public StringBuilder Pattern { get; } = new();

        /// <summary>True once anything (even an empty quoted string) belongs to the field.</summary>
        public bool Present { get; set; }

        /// <summary>True when unquoted text that could hold glob characters was added.</summary>
        public bool MayGlob { get; set; }
    }

    public void MarkPresent() => current.Present = true;

    /// <summary>Adds text that is never split.</summary>
    public void Append(string text, bool quoted)
    {
        current.Text.Append(text);
        if (quoted)
        {
            AppendEscaped(current.Pattern, text);
            if (text.Length > 0)
            {
                current.Present = true;
            }
        }
        else
        {
            current.Pattern.Append(text);
            if (text.Length > 0)
            {
                current.Present = true;
                current.MayGlob = true;
            }
        }
    }

    /// <summary>Adds the result of an unquoted expansion: split on IFS, kept pattern-active.</summary>
    public void AppendSplit(string value)
    {
        if (ifs.Length == 0)
        {
            Append(value, quoted: false);
            return;
        }

        var i = 0;
        var start = 0;
        while (i < value.Length)
        {
            var c = value[i];
            if (!ifs.Contains(c))
            {
                i++;
                continue;
            }

            if (i > start)
            {
                Append(value[start..i], quoted: false);
            }

            // One delimiter: IFS whitespace around at most one other IFS character.
            var hard = false;
            while (i < value.Length && IsIfsWhitespace(value[i]))
            {
                i++;
            }

            if (i < value.Length && ifs.Contains(value[i]) && !IsIfsWhitespace(value[i]))
            {
                hard = true;
                i++;
                while (i < value.Length && IsIfsWhitespace(value[i]))
                {
                    i++;
                }
            }

            if (hard || current.Present)
            {
                EndField(force: hard);
            }

            start = i;
        }

        if (i > start)
        {
            Append(value[start..i], quoted: false);
        }
    }

    private bool IsIfsWhitespace(char c) => c is ' ' or '\t' or '\n' && ifs.Contains(c);

    /// <summary>Closes the current field; an empty one is kept only when present or forced.</summary>
    public void EndField(bool force = false)
    {
        if (current.Present || force)
        {
            current.Present = true;
            done.Add(current);
        }

        current = new Field();
    }

    public List<Field> Finish()
    {
        if (current.Present)
        {
            done.Add(current);
        }

        current = new Field();
        return done;
    }

    public static void AppendEscaped(StringBuilder pattern, string text)
    {
        foreach (var c in text)
        {
            if (c is '\\' or '*' or '?' or '[' or ']' or '(' or ')' or '|' or '+' or '@' or '!' or '^' or '-' or '&')
            {
                pattern.Append('\\');
            }

            pattern.Append(c);
        }
    }
}
