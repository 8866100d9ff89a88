using System.Globalization;
using System.Text;
using Mirage.Shell.Syntax.Ast;

namespace Mirage.Shell.Syntax;

public sealed partial class Parser
{
    /// <summary>Collects parts, merging neighbours of the same literal kind.</summary>
    private sealed class PartsBuilder
    {
        private readonly List<WordPart> parts = [];
        private readonly StringBuilder literal = new();

        public void AddLiteral(char c)
        {
            literal.Append(c);
        }

        public void AddLiteral(string s)
        {
            literal.Append(s);
        }

        public void AddQuoted(string s)
        {
            FlushLiteral();
            if (parts.Count > 0 && parts[^1] is QuotedLiteralPart previous)
            {
                parts[^1] = new QuotedLiteralPart(previous.Text + s);
            }
            else
            {
                parts.Add(new QuotedLiteralPart(s));
            }
        }

        public void Add(WordPart part)
        {
            FlushLiteral();
            parts.Add(part);
        }

        public bool IsEmpty => parts.Count == 0 && literal.Length == 0;

        public SyntaxList<WordPart> Build()
        {
            FlushLiteral();
            return new SyntaxList<WordPart>(parts);
        }

        private void FlushLiteral()
        {
            if (literal.Length == 0)
            {
                return;
            }

            if (parts.Count > 0 && parts[^1] is LiteralPart previous)
            {
                parts[^1] = new LiteralPart(previous.Text + literal);
            }
            else
            {
                parts.Add(new LiteralPart(literal.ToString()));
            }

            literal.Clear();
        }
    }

    /// <summary>Reads an unquoted shell word starting at the current position, up to the next metacharacter.</summary>
    private Word ReadWord(int start)
    {
        pos = start;
        var builder = new PartsBuilder();
        while (!AtEnd)
        {
            var c = Cur;
            if ((c == '<' || c == '>') && At(1) == '(')
            {
                builder.Add(ReadProcessSubstitution());
                continue;
            }

            if (IsMeta(c))
            {
                break;
            }

            if (c is '@' or '!' or '*' or '+' or '?' && At(1) == '(')
            {
                ReadExtendedGlob(builder);
                continue;
            }

            ReadCommonPart(builder, c, inDoubleQuotes: false, singleQuoteIsLiteral: false);
        }

        return new Word(builder.Build());
    }

    /// <summary>Handles the characters every unquoted context shares: escapes, quotes, expansions, plain text.</summary>
    private void ReadCommonPart(PartsBuilder builder, char c, bool inDoubleQuotes, bool singleQuoteIsLiteral)
    {
        switch (c)
        {
            case '\\':
                if (At(1) == '\n')
                {
                    pos += 2;
                }
                else if (pos + 1 >= text.Length)
                {
                    // A backslash at the very end stays itself; it is quoted so printing cannot turn it into a continuation.
                    builder.AddQuoted("\\");
                    pos++;
                }
                else
                {
                    builder.AddQuoted(text[pos + 1].ToString());
                    pos += 2;
                }

                break;
            case '\'' when !singleQuoteIsLiteral:
                builder.AddQuoted(ReadSingleQuoted());
                break;
            case '"':
                builder.Add(ReadDoubleQuoted(localized: false));
                break;
            case '$':
                ReadDollar(builder, inDoubleQuotes);
                break;
            case '`':
                builder.Add(ReadBackquoted(inDoubleQuotes));
                break;
            default:
                builder.AddLiteral(c);
                pos++;
                break;
        }
    }

    /// <summary>
    /// Reads parts up to a stop character at nesting depth zero (the stop character is not consumed).
    /// Blanks and metacharacters are plain text here: subscripts, <c>${...}</c> arguments, arithmetic, regexes.
    /// </summary>
    private Word ReadDelimitedWord(
        Func<int, char, int, bool> stop,
        char open,
        char close,
        bool singleQuoteIsLiteral = false,
        string? missing = null,
        int openedAt = -1)
    {
        var builder = new PartsBuilder();
        var depth = 0;
        while (true)
        {
            if (AtEnd)
            {
                throw UnexpectedEof(missing ?? close.ToString(), openedAt < 0 ? pos : openedAt);
            }

            var c = Cur;
            if (stop(pos, c, depth))
            {
                break;
            }

            if (c == open)
            {
                depth++;
                builder.AddLiteral(c);
                pos++;
            }
            else if (c == close)
            {
                depth--;
                builder.AddLiteral(c);
                pos++;
            }
            else
            {
                ReadCommonPart(builder, c, inDoubleQuotes: false, singleQuoteIsLiteral);
            }
        }

        return new Word(builder.Build());
    }

    private void ReadExtendedGlob(PartsBuilder builder)
    {
        var openedAt = pos;
        builder.AddLiteral(Cur);
        builder.AddLiteral('(');
        pos += 2;
        var depth = 1;
        while (true)
        {
            if (AtEnd || Cur == '\n')
            {
                throw UnexpectedEof(")", openedAt);
            }

            var c = Cur;
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && --depth == 0)
            {
                builder.AddLiteral(')');
                pos++;
                return;
            }

            if (c is '(' or ')' or '|' or ' ' or '\t' or ';' or '&' or '<' or '>')
            {
                builder.AddLiteral(c);
                pos++;
            }
            else
            {
                ReadCommonPart(builder, c, inDoubleQuotes: false, singleQuoteIsLiteral: false);
            }
        }
    }

    private string ReadSingleQuoted()
    {
        var openedAt = pos;
        var close = text.IndexOf('\'', pos + 1);
        if (close < 0)
        {
            throw UnexpectedEof("'", openedAt);
        }

        var content = text[(pos + 1)..close];
        pos = close + 1;
        return content;
    }

    private DoubleQuotedPart ReadDoubleQuoted(bool localized)
    {
        doubleQuoteDepth++;
        try
        {
            return ReadDoubleQuotedParts(localized);
        }
        finally
        {
            doubleQuoteDepth--;
        }
    }

    private DoubleQuotedPart ReadDoubleQuotedParts(bool localized)
    {
        var openedAt = pos;
        pos++;
        var builder = new PartsBuilder();
        if (!ReadDoubleQuotedText(builder, hereDocument: false))
        {
            throw UnexpectedEof("\"", openedAt);
        }

        return new DoubleQuotedPart(builder.Build(), localized);
    }

    /// <summary>The body of an unquoted here-document: like double quotes, but a <c>"</c> is plain text.</summary>
    private Word ReadHereDocumentContent()
    {
        doubleQuoteDepth++;
        var builder = new PartsBuilder();
        ReadDoubleQuotedText(builder, hereDocument: true);
        return new Word(builder.Build());
    }

    /// <summary>
    /// Reads text with double-quote rules up to and past the closing <c>"</c>; false when the input
    /// ends first. A here-document body has no closing quote: it reads to the end.
    /// </summary>
    private bool ReadDoubleQuotedText(PartsBuilder builder, bool hereDocument)
    {
        while (!AtEnd)
        {
            var c = Cur;
            switch (c)
            {
                case '"' when !hereDocument:
                    pos++;
                    return true;
                case '\\':
                    var next = At(1);
                    if (next == '\n')
                    {
                        pos += 2;
                    }
                    else if (next is '$' or '`' or '\\' || (next == '"' && !hereDocument))
                    {
                        builder.AddLiteral(next);
                        pos += 2;
                    }
                    else
                    {
                        builder.AddLiteral('\\');
                        pos++;
                    }

                    break;
                case '$':
                    ReadDollar(builder, inDoubleQuotes: true);
                    break;
                case '`':
                    builder.Add(ReadBackquoted(inDoubleQuotes: !hereDocument));
                    break;
                default:
                    builder.AddLiteral(c);
                    pos++;
                    break;
            }
        }

        return false;
    }

    private void ReadDollar(PartsBuilder builder, bool inDoubleQuotes)
    {
        var next = At(1);
        switch (next)
        {
            case '\'' when !inDoubleQuotes:
                pos++;
                builder.AddQuoted(ReadAnsiCQuoted());
                return;
            case '"' when !inDoubleQuotes:
                pos++;
                builder.Add(ReadDoubleQuoted(localized: true));
                return;
            case '(':
                builder.Add(At(2) == '(' ? ReadArithmeticOrSubstitution() : ReadCommandSubstitution());
                return;
            case '{':
                builder.Add(ReadBracedParameter());
                return;
            case '[':
                {
                    // The obsolete $[expr] is arithmetic expansion.
                    var openedAt = pos;
                    pos += 2;
                    var expression = ReadDelimitedWord(static (_, c, depth) => c == ']' && depth == 0, '[', ']', missing: "]", openedAt: openedAt);
                    pos++;
                    builder.Add(new ArithmeticPart(expression));
                    return;
                }
        }

        if (IsNameStart(next))
        {
            var start = pos + 1;
            var end = start;
            while (end < text.Length && IsNameChar(text[end]))
            {
                end++;
            }

            pos = end;
            builder.Add(new ParameterPart(new ParameterExpansion(text[start..end], Braced: false)));
            return;
        }

        if (char.IsAsciiDigit(next) || next is '@' or '*' or '#' or '?' or '-' or '$' or '!')
        {
            pos += 2;
            builder.Add(new ParameterPart(new ParameterExpansion(next.ToString(), Braced: false)));
            return;
        }

        builder.AddLiteral('$');
        pos++;
    }

    private WordPart ReadCommandSubstitution()
    {
        var openedAt = pos;
        pos += 2;
        return new CommandSubstitutionPart(ParseNestedScript(openedAt));
    }

    private ProcessSubstitutionPart ReadProcessSubstitution()
    {
        var openedAt = pos;
        var output = Cur == '>';
        pos += 2;
        return new ProcessSubstitutionPart(ParseNestedScript(openedAt), output);
    }

    /// <summary>Parses statements up to the matching `)` and consumes it.</summary>
    private Script ParseNestedScript(int openedAt)
    {
        Enter(openedAt);
        var saved = peeked;
        var savedQuoteDepth = doubleQuoteDepth;
        peeked = null;
        doubleQuoteDepth = 0;
        SyntaxList<Statement> statements;
        Token close;
        try
        {
            statements = ParseCompoundList(static token => token.IsOperator(")"));
            close = Next();
        }
        catch (ParseException e) when (e.Incomplete && e.Message.StartsWith("syntax error", StringComparison.Ordinal))
        {
            // bash looks for the closing parenthesis first, so running out of input is reported as that.
            throw new ParseException("unexpected EOF while looking for matching `)'", EndOfInputLine, incomplete: true);
        }

        if (!close.IsOperator(")"))
        {
            throw close.Kind == TokenKind.EndOfInput
                ? new ParseException("unexpected EOF while looking for matching `)'", EndOfInputLine, incomplete: true)
                : Unexpected(close);
        }

        peeked = saved;
        doubleQuoteDepth = savedQuoteDepth;
        Leave();
        return new Script(statements);
    }

    private WordPart ReadArithmeticOrSubstitution()
    {
        var openedAt = pos;
        if (!LooksLikeArithmetic(openedAt + 3))
        {
            return ReadCommandSubstitution();
        }

        try
        {
            pos += 3;
            var expression = ReadArithmeticText(openedAt);
            if (Cur == ')' && At(1) == ')')
            {
                pos += 2;
                return new ArithmeticPart(expression);
            }

            if (pos + 1 >= text.Length)
            {
                throw UnexpectedEof(")", openedAt);
            }
        }
        catch (ParseException e) when (!e.Incomplete)
        {
            // Not arithmetic after all; the command substitution reports its own errors.
        }

        pos = openedAt;
        return ReadCommandSubstitution();
    }

    /// <summary>
    /// Whether the text after <c>((</c> closes with <c>))</c> (arithmetic) rather than with two separate
    /// parentheses (nested subshells). A linear scan, so that guessing wrong never re-parses nested text.
    /// </summary>
    private bool LooksLikeArithmetic(int contentStart)
    {
        var depth = 0;
        for (var i = contentStart; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\\':
                    i++;
                    break;
                case '\'':
                    var close = text.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        return true;
                    }

                    i = close;
                    break;
                case '"':
                    i = ClosingDoubleQuote(i);
                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    if (depth == 0)
                    {
                        // At the end of input bash reports the unclosed arithmetic.
                        return i + 1 >= text.Length || text[i + 1] == ')';
                    }

                    depth--;
                    break;
            }
        }

        return true;
    }

    /// <summary>Reads an arithmetic expression up to a `)` at depth zero (not consumed).</summary>
    private Word ReadArithmeticText(int openedAt, bool stopAtSemicolon = false) =>
        ReadDelimitedWord(
            (_, c, depth) => depth == 0 && (c == ')' || (stopAtSemicolon && c == ';')),
            '(',
            ')',
            missing: ")",
            openedAt: openedAt);

    private CommandSubstitutionPart ReadBackquoted(bool inDoubleQuotes)
    {
        var openedAt = pos;
        pos++;
        var inner = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw UnexpectedEof("`", openedAt);
            }

            var c = Cur;
            if (c == '`')
            {
                pos++;
                break;
            }

            if (c == '\\' && (At(1) is '`' or '$' or '\\' || (inDoubleQuotes && At(1) == '"')))
            {
                inner.Append(At(1));
                pos += 2;
                continue;
            }

            inner.Append(c);
            pos++;
        }

        Enter(openedAt);
        var body = new Parser(inner.ToString(), LineAt(openedAt) - 1) { nesting = nesting }.ParseScript();
        Leave();
        return new CommandSubstitutionPart(body, Backquoted: true);
    }

    private string ReadAnsiCQuoted()
    {
        var openedAt = pos - 1;
        pos++; // '
        var result = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw UnexpectedEof("'", openedAt);
            }

            var c = Cur;
            if (c == '\'')
            {
                pos++;
                return result.ToString();
            }

            if (c != '\\' || pos + 1 >= text.Length)
            {
                result.Append(c);
                pos++;
                continue;
            }

            var e = text[pos + 1];
            pos += 2;
            switch (e)
            {
                case 'a': result.Append('\a'); break;
                case 'b': result.Append('\b'); break;
                case 'e' or 'E': result.Append('\u001b'); break;
                case 'f': result.Append('\f'); break;
                case 'n': result.Append('\n'); break;
                case 'r': result.Append('\r'); break;
                case 't': result.Append('\t'); break;
                case 'v': result.Append('\v'); break;
                case '\\' or '\'' or '"' or '?': result.Append(e); break;
                case >= '0' and <= '7':
                    {
                        var value = e - '0';
                        for (var i = 0; i < 2 && Cur is >= '0' and <= '7'; i++)
                        {
                            value = (value * 8) + (Cur - '0');
                            pos++;
                        }

                        result.Append(ShellEncoding.RawByte(value & 0xFF));
                        break;
                    }

                case 'x':
                    AppendHexEscape(result, maxDigits: 2, e);
                    break;
                case 'u':
                    AppendHexEscape(result, maxDigits: 4, e);
                    break;
                case 'U':
                    AppendHexEscape(result, maxDigits: 8, e);
                    break;
                case 'c' when !AtEnd:
                    result.Append((char)(char.ToUpperInvariant(Cur) ^ 0x40));
                    pos++;
                    break;
                default:
                    result.Append('\\').Append(e);
                    break;
            }
        }
    }

    private void AppendHexEscape(StringBuilder result, int maxDigits, char letter)
    {
        var start = pos;
        while (pos - start < maxDigits && char.IsAsciiHexDigit(Cur))
        {
            pos++;
        }

        if (pos == start)
        {
            result.Append('\\').Append(letter);
            return;
        }

        var value = int.Parse(text.AsSpan(start, pos - start), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        if (letter == 'x')
        {
            // A byte, not a code point.
            result.Append(ShellEncoding.RawByte(value));
        }
        else if (value is >= 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF))
        {
            result.Append(char.ConvertFromUtf32(value));
        }
    }
}
