using System.Globalization;
using System.Text;

namespace Mirage.Commands.Text.RegexTranslation;

/// <summary>One pass over a BRE or ERE, writing the equivalent .NET pattern.</summary>
internal sealed class PosixTranslator(string pattern, RegexDialect dialect)
{
    private const int DuplicationMax = 32767;

    private enum Token
    {
        Start,
        GroupOpen,
        Alternation,
        Anchor,
        Atom,
        Quantifier,
    }

    private readonly bool _extended = dialect.Syntax == RegexSyntax.Extended;
    private readonly StringBuilder _output = new();
    private readonly Stack<(int Number, int OutputStart)> _open = new();
    private readonly HashSet<int> _closed = [];
    private readonly List<string> _warnings = [];
    private int _groups;
    private int _atomStart;
    private Token _previous = Token.Start;
    private bool _alternation;
    private bool _endAnchors;

    public TranslatedRegex Translate()
    {
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 >= pattern.Length) throw new RegexSyntaxException("Trailing backslash");
                i = Escape(i + 1);
                continue;
            }
            i++;
            switch (c)
            {
                case '[':
                    {
                        var start = i - 1;
                        if (pattern.Length > i + 1 && pattern[i] == ':' && IsBareClass(i))
                            throw new RegexSyntaxException("character class syntax is [[:space:]], not [:space:]");
                        var cls = RegexTranslator.ParseBracket(pattern, ref i, perlEscapes: false, sedEscapes: dialect.SedEscapes);
                        _ = start;
                        Atom(cls);
                        break;
                    }
                case '.':
                    Atom(dialect.DotMatchesNewline ? "[\\s\\S]" : "[^\\n]");
                    break;
                case '*':
                    Quantifier("*", literalChar: '*');
                    break;
                case '^':
                    if (_extended || _previous is Token.Start or Token.GroupOpen or Token.Alternation) Anchor(dialect.Multiline ? "(?m:^)" : "^");
                    else Literal('^');
                    break;
                case '$':
                    if (_extended || i == pattern.Length || pattern.AsSpan(i).StartsWith("\\)") || pattern.AsSpan(i).StartsWith("\\|"))
                    {
                        _endAnchors = true;
                        Anchor(dialect.Multiline ? "(?=\\n|\\z)" : "\\z");
                    }
                    else
                    {
                        Literal('$');
                    }
                    break;
                case '(' when _extended:
                    OpenGroup();
                    break;
                case ')' when _extended:
                    if (_open.Count == 0) Literal(')');
                    else CloseGroup();
                    break;
                case '|' when _extended:
                    Alternate();
                    break;
                case '+' when _extended:
                    Quantifier("+", literalChar: '+');
                    break;
                case '?' when _extended:
                    Quantifier("?", literalChar: '?');
                    break;
                case '{' when _extended:
                    if (_previous is Token.Start or Token.GroupOpen or Token.Alternation or Token.Anchor)
                    {
                        Literal('{');
                        break;
                    }
                    if (!TryInterval(ref i, extended: true)) Literal('{');
                    break;
                default:
                    Literal(c);
                    break;
            }
        }
        if (_open.Count > 0) throw new RegexSyntaxException("Unmatched ( or \\(");
        return new TranslatedRegex(_output.ToString(), _groups, _alternation, _endAnchors, _warnings);
    }

    private bool IsBareClass(int afterBracket)
    {
        // "[:alpha:]" as a whole bracket expression is a common mistake GNU refuses.
        var close = pattern.IndexOf(":]", afterBracket + 1, StringComparison.Ordinal);
        if (close < 0) return false;
        for (var k = afterBracket + 1; k < close; k++)
            if (!char.IsAsciiLetterLower(pattern[k])) return false;
        return close > afterBracket + 1;
    }

    private int Escape(int i)
    {
        var c = pattern[i];
        i++;
        if (!_extended)
        {
            switch (c)
            {
                case '(':
                    OpenGroup();
                    return i;
                case ')':
                    if (_open.Count == 0) throw new RegexSyntaxException("Unmatched ) or \\)");
                    CloseGroup();
                    return i;
                case '|':
                    Alternate();
                    return i;
                case '+':
                    Quantifier("+", literalChar: '+');
                    return i;
                case '?':
                    Quantifier("?", literalChar: '?');
                    return i;
                case '{':
                    if (_previous is Token.Start or Token.GroupOpen or Token.Alternation or Token.Anchor)
                    {
                        Literal('{');
                        return i;
                    }
                    if (!TryInterval(ref i, extended: false)) throw new RegexSyntaxException("Invalid content of \\{\\}");
                    return i;
            }
        }
        switch (c)
        {
            case >= '1' and <= '9':
                {
                    var number = c - '0';
                    if (number > _groups || !_closed.Contains(number)) throw new RegexSyntaxException("Invalid back reference");
                    Atom("\\k<" + (number + dialect.GroupOffset).ToString(CultureInfo.InvariantCulture) + ">");
                    return i;
                }
            case 'w': Atom(RegexTranslator.WordClass); return i;
            case 'W': Atom(RegexTranslator.NotWordClass); return i;
            case 's': Atom(RegexTranslator.SpaceClass); return i;
            case 'S': Atom(RegexTranslator.NotSpaceClass); return i;
            case 'b': Anchor(RegexTranslator.WordBoundary); return i;
            case 'B': Anchor(RegexTranslator.NotWordBoundary); return i;
            case '<': Anchor(RegexTranslator.WordStart); return i;
            case '>': Anchor(RegexTranslator.WordEnd); return i;
            case '`': Anchor("\\A"); return i;
            case '\'':
                _endAnchors = true;
                Anchor("\\z");
                return i;
        }
        if (dialect.SedEscapes)
        {
            var position = i - 1;
            var value = RegexTranslator.SedEscape(pattern, ref position);
            if (value >= 0)
            {
                Literal((char)value);
                return position + 1;
            }
        }
        else if (c == 'n')
        {
            Literal('\n');
            return i;
        }
        Literal(c);
        return i;
    }

    private bool TryInterval(ref int i, bool extended)
    {
        var close = extended ? "}" : "\\}";
        var end = pattern.IndexOf(close, i, StringComparison.Ordinal);
        if (end < 0)
        {
            if (extended) return false;
            throw new RegexSyntaxException("Unmatched \\{");
        }
        var body = pattern[i..end];
        var comma = body.IndexOf(',');
        var minText = comma < 0 ? body : body[..comma];
        var maxText = comma < 0 ? body : body[(comma + 1)..];
        if (!minText.All(char.IsAsciiDigit) || !maxText.All(char.IsAsciiDigit) || (comma < 0 && body.Length == 0))
        {
            if (extended) return false;
            throw new RegexSyntaxException("Invalid content of \\{\\}");
        }
        var min = minText.Length == 0 ? 0 : int.Parse(minText, CultureInfo.InvariantCulture);
        int? max = maxText.Length == 0 ? null : int.Parse(maxText, CultureInfo.InvariantCulture);
        if (min > DuplicationMax || max > DuplicationMax) throw new RegexSyntaxException("Regular expression too big");
        if (max < min) throw new RegexSyntaxException("Invalid content of \\{\\}");
        i = end + close.Length;
        var quantifier = comma < 0 ? $"{{{min}}}" : max is null ? $"{{{min},}}" : $"{{{min},{max}}}";
        Quantifier(quantifier, literalChar: null);
        return true;
    }

    private void OpenGroup()
    {
        _groups++;
        _open.Push((_groups, _output.Length));
        _output.Append('(');
        _previous = Token.GroupOpen;
    }

    private void CloseGroup()
    {
        var (number, start) = _open.Pop();
        _output.Append(')');
        _closed.Add(number);
        _atomStart = start;
        _previous = Token.Atom;
    }

    private void Alternate()
    {
        _output.Append('|');
        _alternation = true;
        _previous = Token.Alternation;
    }

    private void Atom(string text)
    {
        _atomStart = _output.Length;
        _output.Append(text);
        _previous = Token.Atom;
    }

    private void Literal(char c)
    {
        _atomStart = _output.Length;
        RegexTranslator.AppendLiteral(_output, c);
        _previous = Token.Atom;
    }

    private void Anchor(string text)
    {
        _output.Append(text);
        _previous = Token.Anchor;
    }

    private void Quantifier(string text, char? literalChar)
    {
        if (_previous is Token.Start or Token.GroupOpen or Token.Alternation or Token.Anchor)
        {
            // Nothing to repeat: GNU takes the operator literally.
            if (literalChar is { } literal) Literal(literal);
            return;
        }
        if (_previous == Token.Quantifier)
        {
            // "a**" and "a+?" repeat the repetition in POSIX; .NET would call it nested or lazy.
            _output.Insert(_atomStart, "(?:");
            _output.Append(')');
        }
        _output.Append(text);
        _previous = Token.Quantifier;
    }
}
