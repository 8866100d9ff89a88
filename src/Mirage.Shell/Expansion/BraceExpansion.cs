using System.Globalization;
using System.Text;
using Mirage.Shell.Syntax.Ast;

namespace Mirage.Shell.Expansion;

/// <summary>
/// Brace expansion (<c>{a,b}</c>, <c>{1..10..2}</c>, <c>{a..e}</c>) over a word's unquoted text.
/// Quoted parts and expansions are opaque units, so <c>{"a b",$x}</c> works and <c>"{a,b}"</c> stays.
/// </summary>
public static class BraceExpansion
{
    private readonly record struct Unit(char Character, WordPart? Part)
    {
        public bool Is(char c) => Part is null && Character == c;
    }

    public static IReadOnlyList<Word> Expand(Word word)
    {
        if (!word.Parts.Any(static part => part is LiteralPart literal && literal.Text.Contains('{', StringComparison.Ordinal)))
        {
            return [word];
        }

        var units = new List<Unit>();
        foreach (var part in word.Parts)
        {
            if (part is LiteralPart literal)
            {
                units.AddRange(literal.Text.Select(static c => new Unit(c, null)));
            }
            else
            {
                units.Add(new Unit('\0', part));
            }
        }

        var results = new List<List<Unit>>();
        ExpandUnits(units, results, 0);
        return [.. results.Select(ToWord)];
    }

    private static Word ToWord(List<Unit> units)
    {
        var parts = new List<WordPart>();
        var text = new StringBuilder();
        foreach (var unit in units)
        {
            if (unit.Part is null)
            {
                text.Append(unit.Character);
                continue;
            }

            if (text.Length > 0)
            {
                parts.Add(new LiteralPart(text.ToString()));
                text.Clear();
            }

            parts.Add(unit.Part);
        }

        if (text.Length > 0)
        {
            parts.Add(new LiteralPart(text.ToString()));
        }

        return new Word(new SyntaxList<WordPart>(parts));
    }

    private static void ExpandUnits(List<Unit> units, List<List<Unit>> results, int from)
    {
        for (var open = from; open < units.Count; open++)
        {
            if (!units[open].Is('{') || (open > 0 && units[open - 1].Is('$')))
            {
                continue;
            }

            var depth = 0;
            var commas = new List<int>();
            var close = -1;
            for (var i = open; i < units.Count; i++)
            {
                if (units[i].Is('{'))
                {
                    depth++;
                }
                else if (units[i].Is('}'))
                {
                    depth--;
                    if (depth == 0)
                    {
                        close = i;
                        break;
                    }
                }
                else if (units[i].Is(',') && depth == 1)
                {
                    commas.Add(i);
                }
            }

            if (close < 0)
            {
                continue;
            }

            var prefix = units.GetRange(0, open);
            var suffix = units.GetRange(close + 1, units.Count - close - 1);
            if (commas.Count > 0)
            {
                var bounds = new List<int> { open };
                bounds.AddRange(commas);
                bounds.Add(close);
                for (var k = 0; k + 1 < bounds.Count; k++)
                {
                    var combined = new List<Unit>(prefix);
                    combined.AddRange(units.GetRange(bounds[k] + 1, bounds[k + 1] - bounds[k] - 1));
                    combined.AddRange(suffix);
                    ExpandUnits(combined, results, open);
                }

                return;
            }

            var inner = units.GetRange(open + 1, close - open - 1);
            if (inner.All(static unit => unit.Part is null) && Sequence(new string([.. inner.Select(static unit => unit.Character)])) is { } items)
            {
                foreach (var item in items)
                {
                    var combined = new List<Unit>(prefix);
                    combined.AddRange(item.Select(static c => new Unit(c, null)));
                    var next = combined.Count;
                    combined.AddRange(suffix);
                    ExpandUnits(combined, results, next);
                }

                return;
            }
        }

        results.Add(units);
    }

    private static List<string>? Sequence(string text)
    {
        var pieces = text.Split("..");
        if (pieces.Length is not (2 or 3))
        {
            return null;
        }

        long step = 1;
        if (pieces.Length == 3 && !long.TryParse(pieces[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out step))
        {
            return null;
        }

        step = Math.Abs(step);
        if (step == 0)
        {
            step = 1;
        }

        var result = new List<string>();
        if (long.TryParse(pieces[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var first)
            && long.TryParse(pieces[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var last))
        {
            var width = 0;
            if (HasLeadingZero(pieces[0]) || HasLeadingZero(pieces[1]))
            {
                width = Math.Max(pieces[0].Length, pieces[1].Length);
            }

            if (first <= last)
            {
                for (var v = first; v <= last && result.Count < 1_000_000; v += step)
                {
                    result.Add(Format(v, width));
                }
            }
            else
            {
                for (var v = first; v >= last && result.Count < 1_000_000; v -= step)
                {
                    result.Add(Format(v, width));
                }
            }

            return result;
        }

        if (pieces[0].Length == 1 && pieces[1].Length == 1 && char.IsAsciiLetter(pieces[0][0]) && char.IsAsciiLetter(pieces[1][0]))
        {
            var a = pieces[0][0];
            var b = pieces[1][0];
            if (a <= b)
            {
                for (var c = (int)a; c <= b; c += (int)step)
                {
                    result.Add(((char)c).ToString());
                }
            }
            else
            {
                for (var c = (int)a; c >= b; c -= (int)step)
                {
                    result.Add(((char)c).ToString());
                }
            }

            return result;
        }

        return null;
    }

    private static bool HasLeadingZero(string text) =>
        text.TrimStart('-') is { Length: > 1 } digits && digits[0] == '0';

    private static string Format(long value, int width)
    {
        if (width == 0)
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        var digits = Math.Abs(value).ToString(CultureInfo.InvariantCulture);
        return value < 0 ? "-" + digits.PadLeft(width - 1, '0') : digits.PadLeft(width, '0');
    }
}
