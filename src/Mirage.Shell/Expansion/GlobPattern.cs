using System.Text;

namespace Mirage.Shell.Expansion;

/// <summary>
/// A bash pattern (<c>* ? [...]</c>, POSIX classes, extglob groups) compiled once and matched
/// against whole strings. In the pattern text a backslash makes the next character literal: the
/// expander escapes every quoted character that way, so quoted parts of a word match literally.
/// </summary>
public sealed class GlobPattern
{
    private readonly Node[] nodes;
    private readonly bool ignoreCase;

    private GlobPattern(Node[] nodes, bool ignoreCase, bool hasWildcards)
    {
        this.nodes = nodes;
        this.ignoreCase = ignoreCase;
        HasWildcards = hasWildcards;
    }

    /// <summary>True when some character is special (the pattern is not plain text).</summary>
    public bool HasWildcards { get; }

    /// <summary>True when the pattern starts with a literal dot (it may match hidden names).</summary>
    public bool StartsWithDot => nodes.Length > 0 && nodes[0] is LiteralNode { Character: '.' };

    public static GlobPattern Compile(string pattern, bool ignoreCase = false, bool extendedGlob = true)
    {
        var parser = new Parser(pattern, extendedGlob);
        var parsed = parser.ParseSequence(topLevel: true);
        return new GlobPattern(parsed, ignoreCase, parser.SawWildcard);
    }

    /// <summary>True when <paramref name="pattern"/> holds an unescaped <c>* ? [</c> (or an extglob group).</summary>
    public static bool HasGlobCharacters(string pattern, bool extendedGlob = true)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                i++;
                continue;
            }

            if (c is '*' or '?')
            {
                return true;
            }

            if (c == '[' && pattern.IndexOf(']', i + 1) > 0)
            {
                return true;
            }

            if (extendedGlob && c is '+' or '@' or '!' && i + 1 < pattern.Length && pattern[i + 1] == '(')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Removes the escaping backslashes: the literal text a non-matching pattern stands for.</summary>
    public static string Unescape(string pattern)
    {
        if (!pattern.Contains('\\', StringComparison.Ordinal))
        {
            return pattern;
        }

        var builder = new StringBuilder(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\' && i + 1 < pattern.Length)
            {
                i++;
            }

            builder.Append(pattern[i]);
        }

        return builder.ToString();
    }

    /// <summary>Escapes the characters a pattern would treat specially.</summary>
    public static string Escape(string literal)
    {
        var builder = new StringBuilder(literal.Length + 4);
        foreach (var c in literal)
        {
            if (c is '\\' or '*' or '?' or '[' or ']' or '(' or ')' or '|' or '+' or '@' or '!' or '^' or '-' or '&')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    public bool IsMatch(string text) => IsMatch(text, 0, text.Length);

    /// <summary>True when the pattern matches exactly <c>text[start..end]</c>.</summary>
    public bool IsMatch(string text, int start, int end)
    {
        var failed = new HashSet<(int, int)>();
        return Match(nodes, 0, text, start, end, failed);
    }

    private bool Match(Node[] pattern, int index, string text, int position, int end, HashSet<(int, int)>? failed)
    {
        while (true)
        {
            if (index == pattern.Length)
            {
                return position == end;
            }

            if (failed is not null && failed.Contains((index, position)))
            {
                return false;
            }

            var node = pattern[index];
            switch (node)
            {
                case LiteralNode literal:
                    if (position >= end || !Same(literal.Character, text[position]))
                    {
                        return false;
                    }

                    index++;
                    position++;
                    continue;
                case AnyNode:
                    if (position >= end)
                    {
                        return false;
                    }

                    index++;
                    position++;
                    continue;
                case BracketNode bracket:
                    if (position >= end || !bracket.Matches(text[position], ignoreCase))
                    {
                        return false;
                    }

                    index++;
                    position++;
                    continue;
                case StarNode:
                {
                    // Collapse consecutive stars; a trailing star matches the rest.
                    while (index + 1 < pattern.Length && pattern[index + 1] is StarNode)
                    {
                        index++;
                    }

                    if (index + 1 == pattern.Length)
                    {
                        return true;
                    }

                    for (var next = position; next <= end; next++)
                    {
                        if (Match(pattern, index + 1, text, next, end, failed))
                        {
                            return true;
                        }
                    }

                    failed?.Add((index, position));
                    return false;
                }

                case GroupNode group:
                {
                    var result = MatchGroup(group, pattern, index, text, position, end, failed);
                    if (!result)
                    {
                        failed?.Add((index, position));
                    }

                    return result;
                }

                default:
                    return false;
            }
        }
    }

    private bool MatchGroup(GroupNode group, Node[] pattern, int index, string text, int position, int end, HashSet<(int, int)>? failed)
    {
        switch (group.Kind)
        {
            case '!':
                for (var next = position; next <= end; next++)
                {
                    if (!AnyAlternative(group, text, position, next) && Match(pattern, index + 1, text, next, end, failed))
                    {
                        return true;
                    }
                }

                return false;
            case '?':
            case '@':
                if (group.Kind == '?' && Match(pattern, index + 1, text, position, end, failed))
                {
                    return true;
                }

                for (var next = position; next <= end; next++)
                {
                    if (AnyAlternative(group, text, position, next) && Match(pattern, index + 1, text, next, end, failed))
                    {
                        return true;
                    }
                }

                return false;
            default:
                // '*' (zero or more) and '+' (one or more).
                return Repeat(group, pattern, index, text, position, end, group.Kind == '+' ? 1 : 0, failed, 0);
        }
    }

    private bool Repeat(GroupNode group, Node[] pattern, int index, string text, int position, int end, int minimum, HashSet<(int, int)>? failed, int count)
    {
        if (count >= minimum && Match(pattern, index + 1, text, position, end, failed))
        {
            return true;
        }

        for (var next = position + 1; next <= end; next++)
        {
            if (AnyAlternative(group, text, position, next) && Repeat(group, pattern, index, text, next, end, minimum, failed, count + 1))
            {
                return true;
            }
        }

        // An empty repetition can satisfy "+(...)" once.
        return count < minimum && AnyAlternative(group, text, position, position) && Match(pattern, index + 1, text, position, end, failed);
    }

    private bool AnyAlternative(GroupNode group, string text, int start, int end)
    {
        foreach (var alternative in group.Alternatives)
        {
            if (Match(alternative, 0, text, start, end, null))
            {
                return true;
            }
        }

        return false;
    }

    private bool Same(char a, char b) =>
        a == b || (ignoreCase && char.ToLowerInvariant(a) == char.ToLowerInvariant(b));

    private abstract record Node;

    private sealed record LiteralNode(char Character) : Node;

    private sealed record AnyNode : Node;

    private sealed record StarNode : Node;

    private sealed record GroupNode(char Kind, List<Node[]> Alternatives) : Node;

    private sealed record BracketNode(bool Negated, List<(char From, char To)> Ranges, List<string> Classes) : Node
    {
        public bool Matches(char c, bool ignoreCase)
        {
            var found = Contains(c) || (ignoreCase && (Contains(char.ToLowerInvariant(c)) || Contains(char.ToUpperInvariant(c))));
            return found != Negated;
        }

        private bool Contains(char c)
        {
            foreach (var (from, to) in Ranges)
            {
                if (c >= from && c <= to)
                {
                    return true;
                }
            }

            foreach (var name in Classes)
            {
                if (InClass(name, c))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool InClass(string name, char c) => name switch
        {
            "alpha" => char.IsAsciiLetter(c),
            "digit" => char.IsAsciiDigit(c),
            "alnum" => char.IsAsciiLetterOrDigit(c),
            "upper" => char.IsAsciiLetterUpper(c),
            "lower" => char.IsAsciiLetterLower(c),
            "space" => c is ' ' or '\t' or '\n' or '\r' or '\v' or '\f',
            "blank" => c is ' ' or '\t',
            "punct" => c is > ' ' and < '\x7f' && !char.IsAsciiLetterOrDigit(c),
            "print" => c is >= ' ' and < '\x7f',
            "graph" => c is > ' ' and < '\x7f',
            "cntrl" => c < ' ' || c == '\x7f',
            "xdigit" => char.IsAsciiHexDigit(c),
            "word" => char.IsAsciiLetterOrDigit(c) || c == '_',
            _ => false,
        };
    }

    private sealed class Parser(string pattern, bool extendedGlob)
    {
        private int position;

        public bool SawWildcard { get; private set; }

        public Node[] ParseSequence(bool topLevel)
        {
            var result = new List<Node>();
            while (position < pattern.Length)
            {
                var c = pattern[position];
                if (!topLevel && c is '|' or ')')
                {
                    break;
                }

                if (c == '\\')
                {
                    position++;
                    if (position < pattern.Length)
                    {
                        result.Add(new LiteralNode(pattern[position]));
                        position++;
                    }
                    else
                    {
                        result.Add(new LiteralNode('\\'));
                    }

                    continue;
                }

                if (extendedGlob && c is '?' or '*' or '+' or '@' or '!' && position + 1 < pattern.Length && pattern[position + 1] == '('
                    && TryParseGroup(c, out var group))
                {
                    SawWildcard = true;
                    result.Add(group);
                    continue;
                }

                switch (c)
                {
                    case '*':
                        SawWildcard = true;
                        result.Add(new StarNode());
                        position++;
                        break;
                    case '?':
                        SawWildcard = true;
                        result.Add(new AnyNode());
                        position++;
                        break;
                    case '[':
                        if (TryParseBracket(out var bracket))
                        {
                            SawWildcard = true;
                            result.Add(bracket);
                        }
                        else
                        {
                            result.Add(new LiteralNode('['));
                            position++;
                        }

                        break;
                    default:
                        result.Add(new LiteralNode(c));
                        position++;
                        break;
                }
            }

            return [.. result];
        }

        private bool TryParseGroup(char kind, out Node group)
        {
            var saved = position;
            position += 2;
            var alternatives = new List<Node[]>();
            while (true)
            {
                alternatives.Add(ParseSequence(topLevel: false));
                if (position >= pattern.Length)
                {
                    position = saved;
                    group = new LiteralNode(kind);
                    return false;
                }

                if (pattern[position] == '|')
                {
                    position++;
                    continue;
                }

                position++; // ')'
                group = new GroupNode(kind, alternatives);
                return true;
            }
        }

        private bool TryParseBracket(out Node bracket)
        {
            var index = position + 1;
            var negated = false;
            if (index < pattern.Length && pattern[index] is '!' or '^')
            {
                negated = true;
                index++;
            }

            var ranges = new List<(char, char)>();
            var classes = new List<string>();
            var first = true;
            while (index < pattern.Length)
            {
                var c = pattern[index];
                if (c == ']' && !first)
                {
                    position = index + 1;
                    bracket = new BracketNode(negated, ranges, classes);
                    return true;
                }

                first = false;
                if (c == '[' && index + 1 < pattern.Length && pattern[index + 1] is ':' or '=' or '.')
                {
                    var kind = pattern[index + 1];
                    var close = pattern.IndexOf(kind + "]", index + 2, StringComparison.Ordinal);
                    if (close > 0)
                    {
                        var name = pattern[(index + 2)..close];
                        if (kind == ':')
                        {
                            classes.Add(name);
                        }
                        else if (name.Length > 0)
                        {
                            ranges.Add((name[0], name[0]));
                        }

                        index = close + 2;
                        continue;
                    }
                }

                if (c == '\\' && index + 1 < pattern.Length)
                {
                    index++;
                    c = pattern[index];
                }

                if (index + 2 < pattern.Length && pattern[index + 1] == '-' && pattern[index + 2] != ']')
                {
                    var to = pattern[index + 2];
                    var skip = 3;
                    if (to == '\\' && index + 3 < pattern.Length)
                    {
                        to = pattern[index + 3];
                        skip = 4;
                    }

                    ranges.Add((c, to));
                    index += skip;
                    continue;
                }

                ranges.Add((c, c));
                index++;
            }

            bracket = new LiteralNode('[');
            return false;
        }
    }
}
