using System.Text;

namespace Mirage.Commands.Text.Bc;

/// <summary>What the parser hands the interpreter: one input item of GNU bc's grammar.</summary>
internal abstract record BcItem;

/// <summary>A line's statements, run as soon as its newline is read.</summary>
internal sealed record BcChunk(IReadOnlyList<BcStatement> Statements) : BcItem;

internal sealed record BcDefinition(BcFunction Function) : BcItem;

/// <summary>A diagnostic printed while parsing; the item it belonged to is dropped.</summary>
internal sealed record BcParseError(string Message) : BcItem;

/// <summary><c>quit</c> acts as soon as it is read, even where it could never run.</summary>
internal sealed record BcQuit : BcItem;

/// <summary>
/// A recursive-descent reading of GNU bc 1.07's yacc grammar, precedence included (assignment binds tighter
/// than comparison, unary minus tighter than '^', '!' looser than comparison). While parsing it counts the
/// bytes bc's code generator would emit so runtime messages can report the same addresses.
/// </summary>
internal sealed class BcParser
{
    private enum Kind { Number, Name, String, Op, Newline, End }

    private readonly record struct Token(Kind Kind, string Text, int Line);

    private sealed class SyntaxError(string message) : Exception(message);

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "if", "else", "while", "for", "break", "continue", "return", "define", "auto", "print", "quit", "halt",
        "length", "sqrt", "scale", "ibase", "obase", "last", "void", "read", "limits", "warranty",
    };

    private static readonly HashSet<string> AssignOps = new(StringComparer.Ordinal) { "=", "+=", "-=", "*=", "/=", "%=", "^=" };

    private readonly string _source;
    private readonly string _origin;
    private int _offset;
    private int _line = 1;
    private Token _current;
    private int _pc;
    private int _loopDepth;
    private bool _inFunction;
    private readonly List<string> _messages = [];
    private readonly Queue<BcItem> _ready = new();
    private bool _dropped;

    public BcParser(string source, string origin)
    {
        _source = source;
        _origin = origin;
        _current = Lex();
    }

    /// <summary>The next input item, or null at the end of the input.</summary>
    public BcItem? Next()
    {
        while (_ready.Count == 0)
        {
            if (_current.Kind == Kind.End)
            {
                Flush();
                if (_ready.Count == 0) return null;
                break;
            }
            _pc = 0;
            _dropped = false;
            try
            {
                BcItem? item = IsOp("define") ? new BcDefinition(ParseFunction()) : ParseLine();
                Flush();
                if (!_dropped && item is not null) _ready.Enqueue(item);
            }
            catch (QuitSignal)
            {
                Flush();
                _ready.Enqueue(new BcQuit());
            }
            catch (SyntaxError error)
            {
                // A broken definition header: "error ENDOFLINE".
                Report(error);
                while (_current.Kind is not (Kind.Newline or Kind.End)) _current = Lex();
                if (_current.Kind == Kind.Newline) _current = Lex();
                _inFunction = false;
                _loopDepth = 0;
                Flush();
            }
        }
        return _ready.Dequeue();
    }

    private void Flush()
    {
        foreach (var message in _messages) _ready.Enqueue(new BcParseError(message));
        _messages.Clear();
    }

    /// <summary>A semicolon list up to its newline, with yacc's recovery: an error before any ';' drops the rest of
    /// the line; after a ';' the parser skips to the next token that can start a statement, across newlines.</summary>
    private BcChunk? ParseLine()
    {
        var statements = new List<BcStatement>();
        var afterSemicolon = false;
        try
        {
            while (_current.Kind is not (Kind.Newline or Kind.End))
            {
                if (IsOp(";"))
                {
                    Advance();
                    afterSemicolon = true;
                    continue;
                }
                var start = _offset;
                try
                {
                    statements.Add(ParseStatement());
                    if (_current.Kind is not (Kind.Newline or Kind.End) && !IsOp(";")) throw Error();
                }
                catch (SyntaxError error)
                {
                    Report(error);
                    if (_offset == start) _current = Lex();
                    while (_current.Kind != Kind.End && !CanStartStatement())
                    {
                        if (_current.Kind == Kind.Newline && !afterSemicolon) break;
                        _current = Lex();
                    }
                }
            }
        }
        finally
        {
            _loopDepth = 0;
            _inFunction = false;
        }
        if (_current.Kind == Kind.Newline) _current = Lex();
        return statements.Count == 0 ? null : new BcChunk(statements);
    }

    private void Report(SyntaxError error)
    {
        _messages.Add(error.Message);
        _dropped = true;
    }

    private bool CanStartStatement() => _current.Kind switch
    {
        Kind.Number or Kind.String => true,
        Kind.Name => _current.Text is not ("else" or "auto" or "define"),
        Kind.Op => _current.Text is "(" or "-" or "!" or "{" or "++" or "--" or ".",
        _ => false,
    };

    private sealed class QuitSignal : Exception;

    private SyntaxError Error(string what = "syntax error") => new($"{_origin} {LineOf(_current)}: {what}");

    // A newline token is reported on the line after it, as bc counts the line when it reads the newline.
    private static int LineOf(Token token) => token.Kind == Kind.Newline ? token.Line + 1 : token.Line;

    private bool IsOp(string text) => _current.Kind is Kind.Op or Kind.Name && _current.Text == text;

    private void Advance()
    {
        if (_current.Kind == Kind.End) throw Error();
        _current = Lex();
    }

    private void Expect(string text)
    {
        if (!IsOp(text)) throw Error();
        Advance();
    }

    private void SkipNewlines()
    {
        while (_current.Kind == Kind.Newline) Advance();
    }

    private BcFunction ParseFunction()
    {
        Advance();
        var isVoid = false;
        if (IsOp("void"))
        {
            isVoid = true;
            Advance();
        }
        if (_current.Kind != Kind.Name || Keywords.Contains(_current.Text)) throw Error();
        var name = _current.Text;
        Advance();
        Expect("(");
        var parameters = ParseNameList(")");
        Expect(")");
        SkipNewlines();
        Expect("{");
        SkipNewlines();
        var autos = new List<BcParameter>();
        _inFunction = true;
        _pc = 0;
        if (IsOp("auto"))
        {
            Advance();
            autos = ParseNameList(";");
            if (_current.Kind == Kind.Newline || IsOp(";")) Advance();
            else throw Error();
        }
        var body = ParseStatementList("}");
        Expect("}");
        _inFunction = false;
        if (_current.Kind == Kind.Newline) Advance();
        return new BcFunction(name, parameters, autos, body, isVoid);
    }

    private List<BcParameter> ParseNameList(string end)
    {
        var names = new List<BcParameter>();
        if (IsOp(end) || _current.Kind == Kind.Newline) return names;
        while (true)
        {
            if (IsOp("*")) Advance();
            if (_current.Kind != Kind.Name || Keywords.Contains(_current.Text)) throw Error();
            var name = _current.Text;
            Advance();
            var isArray = false;
            if (IsOp("["))
            {
                Advance();
                Expect("]");
                isArray = true;
            }
            names.Add(new BcParameter(name, isArray));
            if (!IsOp(",")) return names;
            Advance();
        }
    }

    private BcBlock ParseStatementList(string end)
    {
        var body = new List<BcStatement>();
        while (!IsOp(end))
        {
            if (_current.Kind == Kind.End) throw Error();
            if (_current.Kind == Kind.Newline || IsOp(";"))
            {
                Advance();
                continue;
            }
            var start = _offset;
            try
            {
                body.Add(ParseStatement());
                if (!IsOp(end) && _current.Kind != Kind.Newline && !IsOp(";")) throw Error();
            }
            catch (SyntaxError error)
            {
                // yacc's "error statement" inside braces: report, skip to a token that can start a statement,
                // keep reading the block; the whole item is dropped.
                Report(error);
                if (_offset == start) _current = Lex();
                while (_current.Kind != Kind.End && !CanStartStatement()) _current = Lex();
            }
        }
        return new BcBlock(body);
    }

    private BcStatement ParseStatement()
    {
        if (_current.Kind == Kind.String)
        {
            var text = _current.Text;
            _pc += Encoding.UTF8.GetByteCount(text) + 2;
            Advance();
            return new BcStringStatement(text);
        }
        switch (_current.Kind == Kind.Name ? _current.Text : _current.Kind == Kind.Op ? _current.Text : "")
        {
            case "{":
                {
                    Advance();
                    var block = ParseStatementList("}");
                    Advance();
                    return block;
                }
            case "quit":
                throw new QuitSignal();
            case "halt":
                Advance();
                _pc += 1;
                return new BcHalt();
            case "break":
                if (_loopDepth == 0) throw Error("Break outside a for/while");
                Advance();
                _pc += 3;
                return new BcBreak();
            case "continue":
                if (_loopDepth == 0) throw Error("Continue outside a for");
                Advance();
                _pc += 3;
                return new BcContinue();
            case "return":
                {
                    Advance();
                    BcNode? value = null;
                    if (_current.Kind is not (Kind.Newline or Kind.End) && !IsOp(";") && !IsOp("}")) value = ParseExpression();
                    if (!_inFunction) throw Error("Return outside of a function.");
                    _pc += value is null ? 2 : 1;
                    return new BcReturn(value, _pc);
                }
            case "print":
                {
                    Advance();
                    var items = new List<object>();
                    while (true)
                    {
                        if (_current.Kind == Kind.String)
                        {
                            items.Add(_current.Text);
                            _pc += Encoding.UTF8.GetByteCount(_current.Text) + 2;
                            Advance();
                        }
                        else
                        {
                            items.Add(ParseExpression());
                            _pc += 1;
                        }
                        if (!IsOp(",")) break;
                        Advance();
                    }
                    return new BcPrintStatement(items);
                }
            case "if":
                {
                    var condition = ParseCondition();
                    var then = ParseStatement();
                    if (!IsOp("else")) return new BcIf(condition, then, null);
                    Advance();
                    _pc += 3;
                    SkipNewlines();
                    return new BcIf(condition, then, ParseStatement());
                }
            case "while":
                {
                    var condition = ParseCondition();
                    var body = ParseLoopBody();
                    _pc += 3;
                    return new BcWhile(condition, body);
                }
            case "for":
                {
                    Advance();
                    Expect("(");
                    BcNode? init = null, condition = null, step = null;
                    if (!IsOp(";"))
                    {
                        init = ParseExpression();
                        _pc += 1;
                    }
                    Expect(";");
                    if (!IsOp(";")) condition = ParseExpression();
                    else _pc += 1;
                    _pc += 6;
                    Expect(";");
                    if (!IsOp(")"))
                    {
                        step = ParseExpression();
                        _pc += 1;
                    }
                    _pc += 3;
                    Expect(")");
                    SkipNewlines();
                    var body = ParseLoopBody();
                    _pc += 3;
                    return new BcFor(init, condition, step, body);
                }
        }
        var expression = ParseExpression();
        _pc += 1;
        return new BcExpressionStatement(expression, expression is not BcAssign);
    }

    /// <summary>"keyword ( expression )" and the conditional jump bc emits after it.</summary>
    private BcNode ParseCondition()
    {
        Advance();
        Expect("(");
        var condition = ParseExpression();
        Expect(")");
        _pc += 3;
        SkipNewlines();
        return condition;
    }

    private BcStatement ParseLoopBody()
    {
        _loopDepth++;
        try
        {
            return ParseStatement();
        }
        finally
        {
            _loopDepth--;
        }
    }

    private BcNode ParseExpression() => ParseBinary(0);

    private static int Precedence(string op) => op switch
    {
        "||" => 1,
        "&&" => 2,
        "<" or "<=" or ">" or ">=" or "==" or "!=" => 3,
        "+" or "-" => 4,
        "*" or "/" or "%" => 5,
        "^" => 6,
        _ => -1,
    };

    private BcNode ParseBinary(int minimum)
    {
        var left = ParseUnary();
        while (_current.Kind == Kind.Op)
        {
            var op = _current.Text;
            var precedence = Precedence(op);
            if (precedence < 0 || precedence < minimum) break;
            Advance();
            if (op == "&&") _pc += 5;
            else if (op == "||") _pc += 3;
            // '^' groups to the right; everything else to the left.
            var right = ParseBinary(op == "^" ? precedence : precedence + 1);
            if (op is "&&" or "||") _pc += 4;
            else _pc += 1;
            left = new BcBinary(op, left, right, _pc);
        }
        return left;
    }

    private BcNode ParseUnary()
    {
        if (IsOp("-"))
        {
            Advance();
            var operand = ParseUnary();
            _pc += 1;
            return new BcNegate(operand);
        }
        if (IsOp("!"))
        {
            // '!' sits below the comparisons: "!a < b" is "!(a < b)".
            Advance();
            var operand = ParseBinary(3);
            _pc += 1;
            return new BcNot(operand);
        }
        if (IsOp("++") || IsOp("--"))
        {
            var delta = _current.Text == "++" ? 1 : -1;
            Advance();
            var target = ParseNamed() ?? throw Error();
            _pc += target is BcElement ? 5 : 4;
            return new BcIncrement(target, delta, Prefix: true, _pc);
        }
        return ParsePrimary();
    }

    private BcNode ParsePrimary()
    {
        if (IsOp("("))
        {
            Advance();
            var inner = ParseExpression();
            Expect(")");
            // A parenthesised assignment is an ordinary value: it prints as a statement.
            return inner is BcAssign ? new BcGroup(inner) : inner;
        }
        if (_current.Kind == Kind.Number)
        {
            var text = _current.Text;
            _pc += text is "0" or "1" ? 1 : text.Length + 2;
            Advance();
            return new BcConstant(text);
        }
        if (_current.Kind == Kind.Name && _current.Text is "length" or "sqrt" or "scale" && PeekIsCall())
        {
            var name = _current.Text;
            Advance();
            Expect("(");
            var argument = ParseExpression();
            Expect(")");
            _pc += 2;
            return new BcBuiltin(name, argument, _pc);
        }
        if (_current.Kind == Kind.Name && !Keywords.Contains(_current.Text) && PeekIsCall())
        {
            var name = _current.Text;
            Advance();
            Expect("(");
            var arguments = new List<BcNode>();
            while (!IsOp(")"))
            {
                if (_current.Kind == Kind.Name && PeekIsEmptyIndex())
                {
                    arguments.Add(new BcArrayArgument(_current.Text));
                    Advance();
                    Advance();
                    Advance();
                    _pc += 3;
                }
                else
                {
                    arguments.Add(ParseExpression());
                }
                if (IsOp(",")) Advance();
                else if (!IsOp(")")) throw Error();
            }
            Advance();
            _pc += 2;
            return new BcCall(name, arguments, _pc);
        }
        var named = ParseNamed() ?? throw Error();
        if (_current.Kind == Kind.Op && AssignOps.Contains(_current.Text))
        {
            var op = _current.Text;
            Advance();
            if (op != "=") _pc += named is BcElement ? 3 : 2;
            var value = ParseBinary(4);
            if (op != "=") _pc += 1;
            _pc += 2;
            return new BcAssign(named, op, value, _pc);
        }
        if (IsOp("++") || IsOp("--"))
        {
            var delta = _current.Text == "++" ? 1 : -1;
            Advance();
            _pc += named is BcElement ? 6 : 4;
            return new BcIncrement(named, delta, Prefix: false, _pc);
        }
        _pc += 2;
        return named is BcElement element ? element with { Address = _pc } : named;
    }

    /// <summary>A variable, array element or special variable as an lvalue; its load is counted by the caller.</summary>
    private BcNode? ParseNamed()
    {
        if (IsOp("."))
        {
            Advance();
            return new BcVariable("last");
        }
        if (_current.Kind != Kind.Name) return null;
        var name = _current.Text;
        if (name is "scale" or "ibase" or "obase" or "last")
        {
            Advance();
            return new BcVariable(name);
        }
        if (Keywords.Contains(name)) return null;
        Advance();
        if (!IsOp("[")) return new BcVariable(name);
        Advance();
        var index = ParseExpression();
        Expect("]");
        return new BcElement(name, index, _pc);
    }

    private bool PeekIsCall()
    {
        var save = (_offset, _line, _current, _messages.Count);
        _current = Lex();
        var result = IsOp("(");
        (_offset, _line, _current, var count) = save;
        _messages.RemoveRange(count, _messages.Count - count);
        return result;
    }

    private bool PeekIsEmptyIndex()
    {
        var save = (_offset, _line, _current, _messages.Count);
        _current = Lex();
        var result = false;
        if (IsOp("["))
        {
            _current = Lex();
            result = IsOp("]");
        }
        (_offset, _line, _current, var count) = save;
        _messages.RemoveRange(count, _messages.Count - count);
        return result;
    }

    private Token Lex()
    {
        while (_offset < _source.Length)
        {
            var c = _source[_offset];
            if (c is ' ' or '\t' or '\r' or '\f' or '\v')
            {
                _offset++;
                continue;
            }
            if (c == '\\' && _offset + 1 < _source.Length && _source[_offset + 1] == '\n')
            {
                _offset += 2;
                _line++;
                continue;
            }
            if (c == '#')
            {
                while (_offset < _source.Length && _source[_offset] != '\n') _offset++;
                continue;
            }
            if (c == '/' && _offset + 1 < _source.Length && _source[_offset + 1] == '*')
            {
                var end = _source.IndexOf("*/", _offset + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    _offset = _source.Length;
                    _messages.Add("EOF encountered in a comment.");
                    return new Token(Kind.End, "", _line);
                }
                _line += _source.AsSpan(_offset, end - _offset).Count('\n');
                _offset = end + 2;
                continue;
            }
            break;
        }
        if (_offset >= _source.Length) return new Token(Kind.End, "", _line);
        var line = _line;
        var ch = _source[_offset];
        if (ch == '\n')
        {
            _offset++;
            _line++;
            return new Token(Kind.Newline, "\n", line);
        }
        if (ch == '"')
        {
            var end = _source.IndexOf('"', _offset + 1);
            if (end < 0)
            {
                // bc's scanner has no rule for a lone quote: it reports the character and reads on.
                _offset++;
                _messages.Add($"{_origin} {line}: illegal character: \"");
                return Lex();
            }
            var text = _source[(_offset + 1)..end];
            _line += text.AsSpan().Count('\n');
            _offset = end + 1;
            return new Token(Kind.String, text, line);
        }
        if (IsDigit(ch) || (ch == '.' && _offset + 1 < _source.Length && IsDigit(_source[_offset + 1])))
        {
            var builder = new StringBuilder();
            var seenPoint = false;
            while (_offset < _source.Length)
            {
                var d = _source[_offset];
                if (d == '\\' && _offset + 1 < _source.Length && _source[_offset + 1] == '\n')
                {
                    _offset += 2;
                    _line++;
                    continue;
                }
                if (IsDigit(d) || (d == '.' && !seenPoint))
                {
                    seenPoint |= d == '.';
                    builder.Append(d);
                    _offset++;
                    continue;
                }
                break;
            }
            return new Token(Kind.Number, builder.ToString(), line);
        }
        if (char.IsAsciiLetterLower(ch))
        {
            var start = _offset;
            while (_offset < _source.Length && (char.IsAsciiLetterLower(_source[_offset]) || char.IsAsciiDigit(_source[_offset]) || _source[_offset] == '_')) _offset++;
            return new Token(Kind.Name, _source[start.._offset], line);
        }
        if (_offset + 1 < _source.Length)
        {
            var two = _source.Substring(_offset, 2);
            if (two is "==" or "<=" or ">=" or "!=" or "&&" or "||" or "++" or "--" or "+=" or "-=" or "*=" or "/=" or "%=" or "^=")
            {
                _offset += 2;
                return new Token(Kind.Op, two, line);
            }
        }
        if ("+-*/%^=<>!(){}[];,.".Contains(ch, StringComparison.Ordinal))
        {
            _offset++;
            return new Token(Kind.Op, ch.ToString(), line);
        }
        _offset++;
        _messages.Add($"{_origin} {line}: illegal character: {ch}");
        return Lex();
    }

    private static bool IsDigit(char c) => char.IsAsciiDigit(c) || c is >= 'A' and <= 'Z';
}
