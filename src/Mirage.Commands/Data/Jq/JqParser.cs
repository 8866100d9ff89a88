using System.Globalization;
using System.Text;

namespace Mirage.Commands.Data.Jq;

/// <summary>A program that does not compile; the message is jq's text without the "jq: error: " prefix.</summary>
internal sealed class JqCompileException : Exception
{
    public JqCompileException(string message) : base(message) { }

    public JqCompileException() { }

    public JqCompileException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>Lexer and recursive-descent parser for the jq language, with jq 1.6's operator precedence.</summary>
internal sealed class JqParser
{
    private enum Kind { End, Ident, Keyword, Field, Var, Format, Number, String, Punct }

    private sealed record Token(Kind Kind, string Text, int Position, double Number = 0, IReadOnlyList<object>? Parts = null);

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "def", "if", "then", "elif", "else", "end", "as", "reduce", "foreach", "try", "catch", "label",
        "import", "include", "and", "or", "__loc__",
    };

    private static readonly string[] Puncts =
    [
        "?//", "//=", "|=", "+=", "-=", "*=", "/=", "%=", "==", "!=", "<=", ">=", "//", "..",
        ".", "[", "]", "{", "}", "(", ")", "|", ",", ":", ";", "=", "<", ">", "+", "-", "*", "/", "%", "?", "$",
    ];

    private readonly string _source;
    private int _position;
    private Token _token;

    private JqParser(string source, int position)
    {
        _source = source;
        _position = position;
        _token = Lex();
    }

    public static Ast Parse(string source)
    {
        var parser = new JqParser(source, 0);
        if (parser._token.Kind == Kind.End) return new IdentityAst();
        var ast = parser.ParsePipe();
        if (parser._token.Kind != Kind.End) throw parser.Unexpected();
        return ast;
    }

    /// <summary>A prelude of definitions ("def a: ...; def b: ...;") as a list.</summary>
    public static List<FuncDef> ParseDefinitions(string source)
    {
        var parser = new JqParser(source, 0);
        var defs = new List<FuncDef>();
        while (parser._token.Kind != Kind.End) defs.Add(parser.ParseDef());
        return defs;
    }

    // ---------------------------------------------------------------- lexer

    private JqCompileException Unexpected()
    {
        var what = _token.Kind switch
        {
            Kind.End => "$end",
            Kind.Ident => "IDENT",
            Kind.Field => "FIELD",
            Kind.Var => "'$'",
            Kind.Format => "FORMAT",
            Kind.Number => "LITERAL",
            Kind.String => "QQSTRING_START",
            Kind.Keyword => _token.Text,
            // Bison names jq's multi-character tokens ("==", "//", "|=") bare and its one-character ones quoted.
            _ when _token.Text.Length > 1 => _token.Text,
            _ => $"'{_token.Text}'",
        };
        return SyntaxError($"unexpected {what}");
    }

    private JqCompileException SyntaxError(string detail)
    {
        var line = LineAt(_token.Position);
        // jq 1.6 follows the program with spaces up to where the error is.
        var offset = _token.Kind == Kind.End ? _previousPosition : _token.Position;
        return new JqCompileException($"syntax error, {detail} (Unix shell quoting issues?) at <top-level>, line {line}:\n{_source}{new string(' ', offset)}");
    }

    private int LineAt(int position)
    {
        var line = 1;
        for (var i = 0; i < Math.Min(position, _source.Length); i++) if (_source[i] == '\n') line++;
        return line;
    }

    private void SkipSpace()
    {
        while (_position < _source.Length)
        {
            var c = _source[_position];
            if (c == '#')
            {
                while (_position < _source.Length && _source[_position] != '\n') _position++;
            }
            else if (char.IsWhiteSpace(c))
            {
                _position++;
            }
            else
            {
                break;
            }
        }
    }

    private static bool IsIdentStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsIdentPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private Token Lex()
    {
        SkipSpace();
        var start = _position;
        if (_position >= _source.Length) return new Token(Kind.End, "", start);
        var c = _source[_position];
        if (c == '"') return LexString(start);
        if (IsIdentStart(c))
        {
            while (_position < _source.Length && (IsIdentPart(_source[_position]) ||
                   (_source[_position] == ':' && _position + 2 < _source.Length && _source[_position + 1] == ':' && IsIdentStart(_source[_position + 2]))))
            {
                _position += _source[_position] == ':' ? 2 : 1;
            }
            var word = _source[start.._position];
            return new Token(Keywords.Contains(word) ? Kind.Keyword : Kind.Ident, word, start);
        }
        if (c == '$' && _position + 1 < _source.Length && IsIdentStart(_source[_position + 1])) return LexSigilName(Kind.Var, start);
        if (c == '@' && _position + 1 < _source.Length && IsIdentStart(_source[_position + 1])) return LexSigilName(Kind.Format, start);
        if (c == '.' && _position + 1 < _source.Length && IsIdentStart(_source[_position + 1])) return LexSigilName(Kind.Field, start);
        if (char.IsAsciiDigit(c) || (c == '.' && _position + 1 < _source.Length && char.IsAsciiDigit(_source[_position + 1])))
        {
            while (_position < _source.Length && char.IsAsciiDigit(_source[_position])) _position++;
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
                {
                    while (_position < _source.Length && char.IsAsciiDigit(_source[_position])) _position++;
                }
                else
                {
                    _position = save;
                }
            }
            var text = _source[start.._position];
            return new Token(Kind.Number, text, start, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
        }
        foreach (var punct in Puncts)
        {
            if (string.CompareOrdinal(_source, _position, punct, 0, punct.Length) == 0)
            {
                _position += punct.Length;
                return new Token(Kind.Punct, punct, start);
            }
        }
        _position++;
        _token = new Token(Kind.Punct, c.ToString(), start);
        throw new JqCompileException($"syntax error, unexpected INVALID_CHARACTER (Unix shell quoting issues?) at <top-level>, line {LineAt(start)}:\n{_source}");
    }

    /// <summary>A name after its sigil: <c>$name</c>, <c>@format</c>, <c>.field</c>.</summary>
    private Token LexSigilName(Kind kind, int start)
    {
        _position++;
        var nameStart = _position;
        while (_position < _source.Length && IsIdentPart(_source[_position])) _position++;
        return new Token(kind, _source[nameStart.._position], start);
    }

    private Token LexString(int start)
    {
        _position++;
        var parts = new List<object>();
        var text = new StringBuilder();
        while (true)
        {
            if (_position >= _source.Length)
            {
                throw new JqCompileException($"syntax error, unexpected $end, expecting QQSTRING_TEXT or QQSTRING_INTERP_START or QQSTRING_END (Unix shell quoting issues?) at <top-level>, line {LineAt(start)}:\n{_source}");
            }
            var c = _source[_position++];
            if (c == '"') break;
            if (c != '\\')
            {
                text.Append(c);
                continue;
            }
            if (_position >= _source.Length) continue;
            var e = _source[_position++];
            switch (e)
            {
                case '"' or '\\' or '/': text.Append(e); break;
                case 'b': text.Append('\b'); break;
                case 'f': text.Append('\f'); break;
                case 'n': text.Append('\n'); break;
                case 'r': text.Append('\r'); break;
                case 't': text.Append('\t'); break;
                case 'u':
                    if (_position + 4 <= _source.Length && int.TryParse(_source.AsSpan(_position, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                    {
                        text.Append((char)code);
                        _position += 4;
                    }
                    break;
                case '(':
                    {
                        if (text.Length > 0) parts.Add(text.ToString());
                        text.Clear();
                        var inner = new JqParser(_source, _position);
                        var ast = inner.ParsePipe();
                        if (inner._token.Kind != Kind.Punct || inner._token.Text != ")") throw inner.Unexpected();
                        parts.Add(ast);
                        _position = inner._token.Position + 1;
                        break;
                    }
                default:
                    throw new JqCompileException($"invalid escape at <top-level>, line {LineAt(start)}:\n{_source}");
            }
        }
        if (text.Length > 0 || parts.Count == 0) parts.Add(text.ToString());
        return new Token(Kind.String, "", start, Parts: parts);
    }

    private int _previousPosition;

    private void Advance()
    {
        _previousPosition = _token.Position;
        _token = Lex();
    }

    private bool IsPunct(string text) => _token.Kind == Kind.Punct && _token.Text == text;

    private bool IsKeyword(string text) => _token.Kind == Kind.Keyword && _token.Text == text;

    private void Expect(string text)
    {
        if (!IsPunct(text)) throw Unexpected();
        Advance();
    }

    private void ExpectKeyword(string text)
    {
        if (!IsKeyword(text)) throw Unexpected();
        Advance();
    }

    // ---------------------------------------------------------------- grammar

    private Ast ParsePipe()
    {
        if (IsKeyword("def"))
        {
            var def = ParseDef();
            return new DefAst(def, ParsePipe());
        }
        if (IsKeyword("label")) return ParseLabel();
        var left = ParseBinary();
        if (IsPunct("|"))
        {
            Advance();
            return new PipeAst(left, ParsePipe());
        }
        return left;
    }

    /// <summary><c>label $name | body</c>.</summary>
    private LabelAst ParseLabel()
    {
        ExpectKeyword("label");
        if (_token.Kind != Kind.Var) throw Unexpected();
        var name = _token.Text;
        Advance();
        Expect("|");
        return new LabelAst(name, ParsePipe());
    }

    private FuncDef ParseDef()
    {
        ExpectKeyword("def");
        if (_token.Kind is not (Kind.Ident or Kind.Keyword)) throw Unexpected();
        var name = _token.Text;
        Advance();
        var parameters = new List<string>();
        if (IsPunct("("))
        {
            Advance();
            while (true)
            {
                if (_token.Kind == Kind.Var) parameters.Add("$" + _token.Text);
                else if (_token.Kind == Kind.Ident) parameters.Add(_token.Text);
                else throw Unexpected();
                Advance();
                if (IsPunct(";")) { Advance(); continue; }
                Expect(")");
                break;
            }
        }
        Expect(":");
        var body = ParsePipe();
        Expect(";");
        return new FuncDef(name, parameters, body);
    }

    private enum Associativity { Left, Right, None }

    /// <summary>One precedence level: its operators (punctuation, or keywords for <c>and</c>/<c>or</c>) and how they group.</summary>
    private sealed record BinaryLevel(
        Kind Kind,
        string[] Operators,
        Associativity Associativity,
        Func<string, Ast, Ast, int, Ast> Build);

    private const int AlternativeLevel = 1;

    /// <summary>jq 1.6's binary operators below <c>|</c>, loosest first, as its grammar's %left/%right/%nonassoc lines rank them.</summary>
    private static readonly BinaryLevel[] BinaryLevels =
    [
        new(Kind.Punct, [","], Associativity.Left, (_, left, right, _) => new CommaAst(left, right)),
        new(Kind.Punct, ["//"], Associativity.Right, (_, left, right, _) => new AlternativeAst(left, right)),
        new(Kind.Punct, ["=", "|=", "+=", "-=", "*=", "/=", "%=", "//="], Associativity.None, (op, left, right, _) => new AssignAst(op, left, right)),
        new(Kind.Keyword, ["or"], Associativity.Left, (_, left, right, _) => new OrAst(left, right)),
        new(Kind.Keyword, ["and"], Associativity.Left, (_, left, right, _) => new AndAst(left, right)),
        new(Kind.Punct, ["==", "!=", "<", "<=", ">", ">="], Associativity.None, (op, left, right, _) => new BinaryAst(op, left, right)),
        new(Kind.Punct, ["+", "-"], Associativity.Left, (op, left, right, _) => new BinaryAst(op, left, right)),
        // Division and remainder keep where they start, for the "Division by zero?" check.
        new(Kind.Punct, ["*", "/", "%"], Associativity.Left, (op, left, right, start) => new BinaryAst(op, left, right) { Position = start }),
    ];

    private bool IsOperatorOf(BinaryLevel level) => _token.Kind == level.Kind && level.Operators.Contains(_token.Text);

    /// <summary>The operators from <paramref name="level"/> (an index into <see cref="BinaryLevels"/>) inwards.</summary>
    private Ast ParseBinary(int level = 0)
    {
        if (level == BinaryLevels.Length) return ParseUnary();
        var operators = BinaryLevels[level];
        var start = _token.Position;
        var left = ParseBinary(level + 1);
        while (IsOperatorOf(operators))
        {
            var op = _token.Text;
            Advance();
            var right = ParseBinary(operators.Associativity == Associativity.Right ? level : level + 1);
            if (operators.Associativity == Associativity.None && IsOperatorOf(operators)) throw Unexpected();
            left = operators.Build(op, left, right, start);
            if (operators.Associativity != Associativity.Left) break;
        }
        return left;
    }

    private Ast ParseUnary()
    {
        if (IsPunct("-"))
        {
            Advance();
            return new NegateAst(ParseUnary());
        }
        return ParsePostfix();
    }

    /// <summary>A term and its suffixes; <paramref name="bind"/> also takes <c>as $x | body</c> (reduce/foreach sources stop before "as").</summary>
    private Ast ParsePostfix(bool bind = true)
    {
        var term = ParsePrimary();
        while (true)
        {
            if (_token.Kind == Kind.Field)
            {
                term = new IndexAst(term, new LiteralAst(_token.Text));
                Advance();
            }
            else if (IsPunct("."))
            {
                Advance();
                if (_token.Kind == Kind.String)
                {
                    term = new IndexAst(term, StringFrom(_token, null));
                    Advance();
                }
                else
                {
                    term = ParseBracketSuffix(term);
                }
            }
            else if (IsPunct("["))
            {
                term = ParseBracketSuffix(term);
            }
            else if (IsPunct("?"))
            {
                Advance();
                term = new TryAst(term, null);
            }
            else if (bind && IsKeyword("as"))
            {
                Advance();
                var patterns = new List<Pattern> { ParsePattern() };
                while (IsPunct("?//"))
                {
                    Advance();
                    patterns.Add(ParsePattern());
                }
                Expect("|");
                return new BindAst(term, patterns, ParsePipe());
            }
            else
            {
                return term;
            }
        }
    }

    private Ast ParseBracketSuffix(Ast term)
    {
        Expect("[");
        if (IsPunct("]"))
        {
            Advance();
            return new IterateAst(term);
        }
        if (IsPunct(":"))
        {
            Advance();
            var to = ParsePipe();
            Expect("]");
            return new SliceAst(term, null, to);
        }
        var index = ParsePipe();
        if (IsPunct(":"))
        {
            Advance();
            if (IsPunct("]"))
            {
                Advance();
                return new SliceAst(term, index, null);
            }
            var to = ParsePipe();
            Expect("]");
            return new SliceAst(term, index, to);
        }
        Expect("]");
        return new IndexAst(term, index);
    }

    private Pattern ParsePattern()
    {
        if (_token.Kind == Kind.Var)
        {
            var name = _token.Text;
            Advance();
            return new VarPattern(name);
        }
        if (IsPunct("["))
        {
            Advance();
            var elements = new List<Pattern>();
            if (!IsPunct("]"))
            {
                while (true)
                {
                    elements.Add(ParsePattern());
                    if (IsPunct(",")) { Advance(); continue; }
                    break;
                }
            }
            Expect("]");
            return new ArrayPattern(elements);
        }
        if (IsPunct("{"))
        {
            Advance();
            var entries = new List<ObjectPatternEntry>();
            while (true)
            {
                if (_token.Kind == Kind.Var)
                {
                    var name = _token.Text;
                    Advance();
                    Pattern? value = null;
                    if (IsPunct(":")) { Advance(); value = ParsePattern(); }
                    entries.Add(new ObjectPatternEntry(name, new LiteralAst(name), value));
                }
                else
                {
                    Ast key;
                    if (_token.Kind is Kind.Ident or Kind.Keyword) { key = new LiteralAst(_token.Text); Advance(); }
                    else if (_token.Kind == Kind.String) { key = StringFrom(_token, null); Advance(); }
                    else if (IsPunct("(")) { Advance(); key = ParsePipe(); Expect(")"); }
                    else throw Unexpected();
                    Expect(":");
                    entries.Add(new ObjectPatternEntry(null, key, ParsePattern()));
                }
                if (IsPunct(",")) { Advance(); continue; }
                break;
            }
            Expect("}");
            return new ObjectPattern(entries);
        }
        throw Unexpected();
    }

    private static Ast StringFrom(Token token, string? format)
    {
        var parts = token.Parts!;
        if (format is null && parts.Count == 1 && parts[0] is string s) return new LiteralAst(s);
        return new StringAst(parts, format);
    }

    private Ast ParsePrimary()
    {
        var token = _token;
        switch (token.Kind)
        {
            case Kind.Number:
                Advance();
                return new LiteralAst(token.Number);
            case Kind.String:
                Advance();
                return StringFrom(token, null);
            case Kind.Format:
                Advance();
                if (_token.Kind == Kind.String)
                {
                    var str = _token;
                    Advance();
                    return StringFrom(str, token.Text);
                }
                return new FormatAst(token.Text);
            case Kind.Field:
                Advance();
                return new IndexAst(new IdentityAst(), new LiteralAst(token.Text));
            case Kind.Var:
                Advance();
                if (token.Text == "__loc__") return new LiteralAst(Location(token));
                return new VarAst(token.Text) { Position = token.Position };
            case Kind.Ident when token.Text is "true" or "false" or "null" && !NextIsParen():
                Advance();
                return new LiteralAst(token.Text switch { "true" => true, "false" => false, _ => null });
            case Kind.Ident when token.Text == "break":
                {
                    Advance();
                    if (_token.Kind != Kind.Var) throw Unexpected();
                    var label = _token.Text;
                    Advance();
                    return new BreakAst(label);
                }
            case Kind.Keyword:
                return ParseKeywordTerm();
            case Kind.Ident:
                {
                    Advance();
                    var args = new List<Ast>();
                    if (IsPunct("("))
                    {
                        Advance();
                        while (true)
                        {
                            args.Add(ParsePipe());
                            if (IsPunct(";")) { Advance(); continue; }
                            Expect(")");
                            break;
                        }
                    }
                    return new CallAst(token.Text, args) { Position = token.Position };
                }
            case Kind.Punct:
                switch (token.Text)
                {
                    case ".":
                        Advance();
                        if (_token.Kind == Kind.String)
                        {
                            var key = StringFrom(_token, null);
                            Advance();
                            return new IndexAst(new IdentityAst(), key);
                        }
                        if (IsPunct("[")) return ParseBracketSuffix(new IdentityAst());
                        return new IdentityAst();
                    case "..":
                        Advance();
                        return new CallAst("recurse", []);
                    case "(":
                        {
                            Advance();
                            var inner = ParsePipe();
                            Expect(")");
                            return inner;
                        }
                    case "[":
                        {
                            Advance();
                            if (IsPunct("]"))
                            {
                                Advance();
                                return new ArrayAst(null);
                            }
                            var body = ParsePipe();
                            Expect("]");
                            return new ArrayAst(body);
                        }
                    case "{":
                        return ParseObject();
                    case "$":
                        Advance();
                        if (IsKeyword("__loc__"))
                        {
                            Advance();
                            return new LiteralAst(Location(token));
                        }
                        throw Unexpected();
                }
                break;
        }
        throw Unexpected();
    }

    private bool NextIsParen()
    {
        var i = _position;
        while (i < _source.Length && char.IsWhiteSpace(_source[i])) i++;
        return i < _source.Length && _source[i] == '(';
    }

    private OrderedDictionary<string, object?> Location(Token token)
    {
        var loc = JqValues.NewObject();
        loc["file"] = "<top-level>";
        loc["line"] = (double)LineAt(token.Position);
        return loc;
    }

    private Ast ParseKeywordTerm()
    {
        switch (_token.Text)
        {
            case "if":
                {
                    Advance();
                    var condition = ParsePipe();
                    ExpectKeyword("then");
                    var then = ParsePipe();
                    return new IfAst(condition, then, ParseElse());
                }
            case "try":
                {
                    Advance();
                    var body = ParsePostTermForTry();
                    Ast? handler = null;
                    if (IsKeyword("catch"))
                    {
                        Advance();
                        handler = ParsePostTermForTry();
                    }
                    return new TryAst(body, handler);
                }
            case "reduce":
                {
                    Advance();
                    var source = ParsePostfix(bind: false);
                    ExpectKeyword("as");
                    var pattern = ParsePattern();
                    Expect("(");
                    var init = ParsePipe();
                    Expect(";");
                    var update = ParsePipe();
                    Expect(")");
                    return new ReduceAst(source, pattern, init, update);
                }
            case "foreach":
                {
                    Advance();
                    var source = ParsePostfix(bind: false);
                    ExpectKeyword("as");
                    var pattern = ParsePattern();
                    Expect("(");
                    var init = ParsePipe();
                    Expect(";");
                    var update = ParsePipe();
                    Ast? extract = null;
                    if (IsPunct(";"))
                    {
                        Advance();
                        extract = ParsePipe();
                    }
                    Expect(")");
                    return new ForeachAst(source, pattern, init, update, extract);
                }
            case "def":
                {
                    var def = ParseDef();
                    return new DefAst(def, ParsePipe());
                }
            case "label":
                return ParseLabel();
        }
        throw Unexpected();
    }

    private Ast? ParseElse()
    {
        if (IsKeyword("elif"))
        {
            Advance();
            var condition = ParsePipe();
            ExpectKeyword("then");
            var then = ParsePipe();
            return new IfAst(condition, then, ParseElse());
        }
        if (IsKeyword("else"))
        {
            Advance();
            var otherwise = ParsePipe();
            ExpectKeyword("end");
            return otherwise;
        }
        // jq 1.6 requires an else branch.
        throw Unexpected();
    }

    private Ast ParsePostTermForTry()
    {
        if (IsPunct("-"))
        {
            Advance();
            return new NegateAst(ParsePostTermForTry());
        }
        return ParsePostfix(bind: false);
    }

    private Ast ParseObject()
    {
        Expect("{");
        var entries = new List<ObjectEntry>();
        while (!IsPunct("}"))
        {
            Ast key;
            Ast? value = null;
            var token = _token;
            var keyPosition = token.Position;
            switch (token.Kind)
            {
                case Kind.Ident or Kind.Keyword:
                    Advance();
                    key = new LiteralAst(token.Text);
                    value = new IndexAst(new IdentityAst(), key);
                    break;
                case Kind.Var:
                    Advance();
                    key = new LiteralAst(token.Text);
                    value = token.Text == "__loc__" ? new LiteralAst(Location(token)) : new VarAst(token.Text);
                    break;
                case Kind.String:
                    Advance();
                    key = StringFrom(token, null);
                    value = new IndexAst(new IdentityAst(), key);
                    break;
                case Kind.Format when _token.Kind == Kind.Format:
                    Advance();
                    if (_token.Kind == Kind.String)
                    {
                        key = StringFrom(_token, token.Text);
                        Advance();
                    }
                    else
                    {
                        key = new FormatAst(token.Text);
                    }
                    value = new IndexAst(new IdentityAst(), key);
                    break;
                case Kind.Number:
                    Advance();
                    key = new LiteralAst(token.Number);
                    break;
                case Kind.Punct when token.Text == "(":
                    Advance();
                    key = ParsePipe();
                    Expect(")");
                    break;
                case Kind.Punct when token.Text == "$":
                    Advance();
                    if (!IsKeyword("__loc__")) throw Unexpected();
                    Advance();
                    key = new LiteralAst("__loc__");
                    value = new LiteralAst(Location(token));
                    break;
                default:
                    throw Unexpected();
            }
            if (IsPunct(":"))
            {
                Advance();
                value = ParseObjectValue();
            }
            else if (value is null)
            {
                throw Unexpected();
            }
            entries.Add(new ObjectEntry(key, value) { Position = keyPosition });
            if (IsPunct(","))
            {
                Advance();
                continue;
            }
            if (!IsPunct("}")) throw Unexpected();
        }
        Advance();
        return new ObjectAst(entries);
    }

    private Ast ParseObjectValue()
    {
        var left = ParseBinary(AlternativeLevel);
        if (IsPunct("|"))
        {
            Advance();
            return new PipeAst(left, ParseObjectValue());
        }
        return left;
    }
}
