using System.Globalization;
using System.Text;

namespace Mirage.Commands.Data.Awk;

internal enum TokenKind
{
    Eof,
    Newline,
    LeftBrace,
    RightBrace,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Semicolon,
    Comma,
    Number,
    String,
    Regex,
    Name,
    FuncName,
    Builtin,
    Keyword,
    Operator,
}

internal readonly record struct Token(TokenKind Kind, string Text, int Start, int Line, double Number = 0);

/// <summary>A syntax error with the position gawk points its caret at.</summary>
internal sealed class AwkSyntaxException(string message, int position) : Exception(message)
{
    public int Position { get; } = position;
}

/// <summary>
/// Splits awk source into tokens on demand. The parser decides whether a '/' starts a regex (it asks for
/// <see cref="RescanRegex"/>), since only the grammar knows whether an operand or an operator is expected.
/// </summary>
internal sealed class AwkLexer
{
    private static readonly HashSet<string> Keywords =
    [
        "BEGIN", "END", "BEGINFILE", "ENDFILE", "function", "func", "if", "else", "while", "for", "do", "break",
        "continue", "next", "nextfile", "exit", "return", "delete", "getline", "print", "printf", "in",
    ];

    internal static readonly HashSet<string> BuiltinNames =
    [
        "length", "substr", "index", "split", "sub", "gsub", "gensub", "match", "sprintf", "tolower", "toupper",
        "int", "sqrt", "exp", "log", "sin", "cos", "atan2", "rand", "srand", "system", "close", "fflush",
        "strftime", "systime", "mktime", "and", "or", "xor", "lshift", "rshift", "compl", "typeof", "isarray",
        "strtonum", "asort", "asorti", "patsplit",
    ];

    private static readonly string[] Operators =
    [
        "**=", "&&", "||", "++", "--", "+=", "-=", "*=", "/=", "%=", "^=", "==", "<=", ">=", "!=", ">>", "!~", "|&", "**",
        "+", "-", "*", "/", "%", "^", "!", ">", "<", "|", "?", ":", "~", "$", "=",
    ];

    private readonly string _source;
    private int _position;
    private int _line = 1;

    public AwkLexer(string source) => _source = source;

    public string Source => _source;

    public Token Next()
    {
        SkipBlanks();
        var start = _position;
        if (_position >= _source.Length) return new Token(TokenKind.Eof, "", start, _line);
        var c = _source[_position];
        if (c == '\n')
        {
            _position++;
            var token = new Token(TokenKind.Newline, "\n", start, _line);
            _line++;
            return token;
        }
        switch (c)
        {
            case '{': _position++; return new Token(TokenKind.LeftBrace, "{", start, _line);
            case '}': _position++; return new Token(TokenKind.RightBrace, "}", start, _line);
            case '(': _position++; return new Token(TokenKind.LeftParen, "(", start, _line);
            case ')': _position++; return new Token(TokenKind.RightParen, ")", start, _line);
            case '[': _position++; return new Token(TokenKind.LeftBracket, "[", start, _line);
            case ']': _position++; return new Token(TokenKind.RightBracket, "]", start, _line);
            case ';': _position++; return new Token(TokenKind.Semicolon, ";", start, _line);
            case ',': _position++; return new Token(TokenKind.Comma, ",", start, _line);
            case '"': return ReadString(start);
        }
        if (char.IsAsciiDigit(c) || (c == '.' && _position + 1 < _source.Length && char.IsAsciiDigit(_source[_position + 1])))
            return ReadNumber(start);
        if (char.IsAsciiLetter(c) || c == '_')
        {
            while (_position < _source.Length && (char.IsAsciiLetterOrDigit(_source[_position]) || _source[_position] == '_')) _position++;
            var word = _source[start.._position];
            if (Keywords.Contains(word)) return new Token(TokenKind.Keyword, word == "func" ? "function" : word, start, _line);
            if (BuiltinNames.Contains(word)) return new Token(TokenKind.Builtin, word, start, _line);
            if (_position < _source.Length && _source[_position] == '(') return new Token(TokenKind.FuncName, word, start, _line);
            return new Token(TokenKind.Name, word, start, _line);
        }
        foreach (var op in Operators)
        {
            if (string.CompareOrdinal(_source, _position, op, 0, op.Length) == 0)
            {
                _position += op.Length;
                return new Token(TokenKind.Operator, op, start, _line);
            }
        }
        _position++;
        throw new AwkSyntaxException("invalid char '" + c + "' in expression", start);
    }

    /// <summary>Re-reads from just after a '/' (or '/=') token as a regex literal.</summary>
    public Token RescanRegex(Token slash)
    {
        _position = slash.Start + 1;
        var text = new StringBuilder();
        var inBracket = false;
        while (true)
        {
            if (_position >= _source.Length || _source[_position] == '\n')
                throw new AwkSyntaxException("unterminated regexp", _position);
            var c = _source[_position];
            if (c == '\\' && _position + 1 < _source.Length)
            {
                if (_source[_position + 1] == '/') text.Append('/');
                else if (_source[_position + 1] == '\n') { }
                else text.Append(c).Append(_source[_position + 1]);
                _position += 2;
                continue;
            }
            if (inBracket)
            {
                if (c == ']' ) inBracket = false;
            }
            else if (c == '[')
            {
                inBracket = true;
                text.Append(c);
                _position++;
                // A ']' right after '[' or '[^' is literal.
                if (_position < _source.Length && _source[_position] == '^') { text.Append('^'); _position++; }
                if (_position < _source.Length && _source[_position] == ']') { text.Append(']'); _position++; }
                continue;
            }
            else if (c == '/')
            {
                _position++;
                break;
            }
            text.Append(c);
            _position++;
        }
        return new Token(TokenKind.Regex, text.ToString(), slash.Start, _line);
    }

    private void SkipBlanks()
    {
        while (_position < _source.Length)
        {
            var c = _source[_position];
            if (c is ' ' or '\t' or '\r' or '\f' or '\v') _position++;
            else if (c == '\\' && _position + 1 < _source.Length && _source[_position + 1] == '\n') { _position += 2; _line++; }
            else if (c == '\\' && _position + 2 < _source.Length && _source[_position + 1] == '\r' && _source[_position + 2] == '\n') { _position += 3; _line++; }
            else if (c == '#')
            {
                while (_position < _source.Length && _source[_position] != '\n') _position++;
            }
            else break;
        }
    }

    private Token ReadNumber(int start)
    {
        if (_source[_position] == '0' && _position + 1 < _source.Length && _source[_position + 1] is 'x' or 'X'
            && _position + 2 < _source.Length && char.IsAsciiHexDigit(_source[_position + 2]))
        {
            _position += 2;
            while (_position < _source.Length && char.IsAsciiHexDigit(_source[_position])) _position++;
            var hex = double.Parse(
                ulong.Parse(_source.AsSpan(start + 2, _position - start - 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
                CultureInfo.InvariantCulture);
            return new Token(TokenKind.Number, _source[start.._position], start, _line, hex);
        }
        while (_position < _source.Length && char.IsAsciiDigit(_source[_position])) _position++;
        if (_source[start] == '0' && _position - start > 1 && (_position >= _source.Length || _source[_position] is not ('.' or 'e' or 'E'))
            && _source.AsSpan(start, _position - start).IndexOfAnyExceptInRange('0', '7') < 0)
        {
            // gawk reads a leading 0 as octal in program text.
            var octal = Convert.ToInt64(_source[start.._position], 8);
            return new Token(TokenKind.Number, _source[start.._position], start, _line, octal);
        }
        if (_position < _source.Length && _source[_position] == '.')
        {
            _position++;
            while (_position < _source.Length && char.IsAsciiDigit(_source[_position])) _position++;
        }
        if (_position < _source.Length && _source[_position] is 'e' or 'E')
        {
            var save = _position;
            _position++;
            if (_position < _source.Length && _source[_position] is '+' or '-') _position++;
            if (_position < _source.Length && char.IsAsciiDigit(_source[_position]))
                while (_position < _source.Length && char.IsAsciiDigit(_source[_position])) _position++;
            else _position = save;
        }
        var text = _source[start.._position];
        return new Token(TokenKind.Number, text, start, _line, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    private Token ReadString(int start)
    {
        _position++;
        var text = new StringBuilder();
        while (true)
        {
            if (_position >= _source.Length || _source[_position] == '\n')
                throw new AwkSyntaxException("unterminated string", start);
            var c = _source[_position++];
            if (c == '"') break;
            if (c != '\\' || _position >= _source.Length)
            {
                text.Append(c);
                continue;
            }
            var e = _source[_position++];
            switch (e)
            {
                case 'n': text.Append('\n'); break;
                case 't': text.Append('\t'); break;
                case 'r': text.Append('\r'); break;
                case '\\': text.Append('\\'); break;
                case '"': text.Append('"'); break;
                case '/': text.Append('/'); break;
                case 'a': text.Append('\a'); break;
                case 'b': text.Append('\b'); break;
                case 'f': text.Append('\f'); break;
                case 'v': text.Append('\v'); break;
                case '\n': _line++; break;
                case >= '0' and <= '7':
                    {
                        var value = e - '0';
                        for (var i = 0; i < 2 && _position < _source.Length && _source[_position] is >= '0' and <= '7'; i++)
                            value = value * 8 + (_source[_position++] - '0');
                        text.Append((char)(value & 0xff));
                        break;
                    }
                case 'x' when _position < _source.Length && char.IsAsciiHexDigit(_source[_position]):
                    {
                        var value = 0;
                        for (var i = 0; i < 2 && _position < _source.Length && char.IsAsciiHexDigit(_source[_position]); i++)
                            value = value * 16 + Convert.ToInt32(_source[_position++].ToString(), 16);
                        text.Append((char)value);
                        break;
                    }
                default:
                    // gawk drops the backslash of an escape it does not know (with a warning).
                    text.Append(e);
                    break;
            }
        }
        return new Token(TokenKind.String, text.ToString(), start, _line);
    }
}
