using Mirage.Commands.Text.RegexTranslation;

namespace Mirage.Commands.Data.Awk;

/// <summary>Recursive-descent parser for gawk's grammar, precedence lowest first: assignment, ?:, ||, &amp;&amp;, in, ~, relational, concatenation, additive, multiplicative, unary, ^, ++/--, $, grouping.</summary>
internal sealed class AwkParser
{
    /// <summary>Special variables hold fixed global slots so the runtime can react when they change.</summary>
    public static readonly string[] SpecialNames =
        ["NF", "NR", "FNR", "FS", "OFS", "ORS", "RS", "FILENAME", "SUBSEP", "RSTART", "RLENGTH", "CONVFMT", "OFMT", "ENVIRON", "ARGC", "ARGV", "PROCINFO", "RT", "IGNORECASE"];

    private readonly AwkLexer _lexer;
    private readonly List<Token> _lookahead = [];
    private readonly Dictionary<string, int> _globals = new(StringComparer.Ordinal);
    private readonly List<string> _globalNames = [];
    private readonly Dictionary<string, AwkFunction> _functions = new(StringComparer.Ordinal);
    private readonly List<CallExpr> _calls = [];
    private Dictionary<string, int>? _locals;
    private Token _previous;
    private bool _noGreater;
    private int _loopDepth;
    private bool _inFunction;

    public AwkParser(string source)
    {
        _lexer = new AwkLexer(source);
        foreach (var name in SpecialNames) Slot(name);
    }

    /// <summary>The names of the globals in slot order (specials first); extra names (-v) can be added before parsing.</summary>
    public int Slot(string name)
    {
        if (_globals.TryGetValue(name, out var slot)) return slot;
        slot = _globalNames.Count;
        _globals[name] = slot;
        _globalNames.Add(name);
        return slot;
    }

    public AwkProgram ParseProgram()
    {
        var rules = new List<AwkRule>();
        SkipTerminators();
        while (Peek().Kind != TokenKind.Eof)
        {
            var token = Peek();
            if (IsKeyword(token, "function"))
            {
                ParseFunction();
            }
            else if (IsKeyword(token, "BEGIN") || IsKeyword(token, "END") || IsKeyword(token, "BEGINFILE") || IsKeyword(token, "ENDFILE"))
            {
                Advance();
                var kind = token.Text switch { "BEGIN" => RuleKind.Begin, "END" => RuleKind.End, "BEGINFILE" => RuleKind.BeginFile, _ => RuleKind.EndFile };
                if (Peek().Kind != TokenKind.LeftBrace) throw Error(Peek(), $"{token.Text} blocks must have an action part");
                rules.Add(new AwkRule(kind, null, null, ParseBlock()));
            }
            else if (token.Kind == TokenKind.LeftBrace)
            {
                rules.Add(new AwkRule(RuleKind.Main, null, null, ParseBlock()));
            }
            else
            {
                var pattern = ParseExpression();
                Expr? rangeEnd = null;
                if (Peek().Kind == TokenKind.Comma)
                {
                    Advance();
                    SkipNewlines();
                    rangeEnd = ParseExpression();
                }
                BlockStmt? action = null;
                if (Peek().Kind == TokenKind.LeftBrace) action = ParseBlock();
                rules.Add(new AwkRule(RuleKind.Main, pattern, rangeEnd, action));
            }
            var after = Peek();
            if (after.Kind is not (TokenKind.Newline or TokenKind.Semicolon or TokenKind.Eof) && _previous.Kind != TokenKind.RightBrace)
                throw Error(after);
            SkipTerminators();
        }
        foreach (var call in _calls)
        {
            if (!_functions.TryGetValue(call.Name, out var function))
                throw new AwkSyntaxException($"function `{call.Name}' not defined", -1);
            call.Function = function;
        }
        return new AwkProgram(rules, _functions, _globalNames);
    }

    private void ParseFunction()
    {
        Advance();
        var nameToken = Advance();
        if (nameToken.Kind is not (TokenKind.Name or TokenKind.FuncName)) throw Error(nameToken);
        if (_functions.ContainsKey(nameToken.Text))
            throw Error(nameToken, $"function name `{nameToken.Text}' previously defined");
        Expect(TokenKind.LeftParen);
        var parameters = new List<string>();
        SkipNewlines();
        while (Peek().Kind != TokenKind.RightParen)
        {
            var parameter = Advance();
            if (parameter.Kind != TokenKind.Name) throw Error(parameter);
            parameters.Add(parameter.Text);
            SkipNewlines();
            if (Peek().Kind == TokenKind.Comma)
            {
                Advance();
                SkipNewlines();
            }
            else if (Peek().Kind != TokenKind.RightParen) throw Error(Peek());
        }
        Advance();
        var function = new AwkFunction(nameToken.Text, parameters);
        _functions[nameToken.Text] = function;
        _locals = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < parameters.Count; i++) _locals[parameters[i]] = i;
        _inFunction = true;
        SkipNewlines();
        function.Body = ParseBlock();
        _inFunction = false;
        _locals = null;
    }

    private BlockStmt ParseBlock()
    {
        Expect(TokenKind.LeftBrace);
        var body = new List<Stmt>();
        SkipTerminators();
        while (Peek().Kind != TokenKind.RightBrace)
        {
            if (Peek().Kind == TokenKind.Eof) throw Error(Peek());
            body.Add(ParseStatement());
            SkipTerminators();
        }
        Advance();
        return new BlockStmt(body);
    }

    private Stmt ParseStatement()
    {
        var token = Peek();
        switch (token.Kind)
        {
            case TokenKind.LeftBrace:
                return ParseBlock();
            case TokenKind.Semicolon:
                Advance();
                return new BlockStmt([]);
            case TokenKind.Keyword:
                switch (token.Text)
                {
                    case "if":
                        {
                            Advance();
                            Expect(TokenKind.LeftParen);
                            var test = ParseExpression();
                            Expect(TokenKind.RightParen);
                            SkipNewlines();
                            var then = ParseStatement();
                            // "else" may follow after newlines or a semicolon.
                            SkipTerminators();
                            if (IsKeyword(Peek(), "else"))
                            {
                                Advance();
                                SkipNewlines();
                                return new IfStmt(test, then, ParseStatement());
                            }
                            return new IfStmt(test, then, null);
                        }
                    case "while":
                        {
                            Advance();
                            Expect(TokenKind.LeftParen);
                            var test = ParseExpression();
                            Expect(TokenKind.RightParen);
                            if (Peek().Kind == TokenKind.Semicolon)
                            {
                                Advance();
                                return new WhileStmt(test, new BlockStmt([]));
                            }
                            SkipNewlines();
                            return new WhileStmt(test, Loop());
                        }
                    case "do":
                        {
                            Advance();
                            SkipNewlines();
                            var body = Loop();
                            SkipTerminators();
                            if (!IsKeyword(Peek(), "while")) throw Error(Peek());
                            Advance();
                            Expect(TokenKind.LeftParen);
                            var test = ParseExpression();
                            Expect(TokenKind.RightParen);
                            EndSimple();
                            return new DoStmt(body, test);
                        }
                    case "for":
                        return ParseFor();
                    case "break" or "continue":
                        Advance();
                        if (_loopDepth == 0) throw Error(token, $"`{token.Text}' is not allowed outside a loop");
                        EndSimple();
                        return new JumpStmt(token.Text == "break" ? JumpKind.Break : JumpKind.Continue);
                    case "next" or "nextfile":
                        Advance();
                        EndSimple();
                        return new JumpStmt(token.Text == "next" ? JumpKind.Next : JumpKind.NextFile);
                    case "exit":
                        {
                            Advance();
                            Expr? status = AtSimpleEnd() ? null : ParseExpression();
                            EndSimple();
                            return new ExitStmt(status);
                        }
                    case "return":
                        {
                            if (!_inFunction) throw Error(token, "`return' used outside function context");
                            Advance();
                            Expr? value = AtSimpleEnd() ? null : ParseExpression();
                            EndSimple();
                            return new ReturnStmt(value);
                        }
                }
                break;
        }
        var statement = ParseSimpleStatement();
        EndSimple();
        return statement;
    }

    private Stmt Loop()
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

    private Stmt ParseFor()
    {
        Advance();
        Expect(TokenKind.LeftParen);
        Stmt? init = null;
        if (Peek().Kind != TokenKind.Semicolon)
        {
            init = ParseSimpleStatement();
            if (init is ExprStmt { Expression: InExpr { Subscripts.Count: 1 } inExpr } && inExpr.Subscripts[0] is GlobalVar or LocalVar
                && Peek().Kind == TokenKind.RightParen)
            {
                Advance();
                SkipNewlines();
                return new ForInStmt(inExpr.Subscripts[0], inExpr.Array, Loop());
            }
        }
        Expect(TokenKind.Semicolon);
        SkipNewlines();
        Expr? test = Peek().Kind == TokenKind.Semicolon ? null : ParseExpression();
        Expect(TokenKind.Semicolon);
        SkipNewlines();
        Stmt? step = Peek().Kind == TokenKind.RightParen ? null : ParseSimpleStatement();
        Expect(TokenKind.RightParen);
        if (Peek().Kind == TokenKind.Semicolon)
        {
            Advance();
            return new ForStmt(init, test, step, new BlockStmt([]));
        }
        SkipNewlines();
        return new ForStmt(init, test, step, Loop());
    }

    private Stmt ParseSimpleStatement()
    {
        var token = Peek();
        if (IsKeyword(token, "print") || IsKeyword(token, "printf")) return ParsePrint();
        if (IsKeyword(token, "delete"))
        {
            Advance();
            var parenthesized = Peek().Kind == TokenKind.LeftParen;
            if (parenthesized) Advance();
            var name = Advance();
            if (name.Kind != TokenKind.Name) throw Error(name);
            var array = Variable(name.Text);
            IReadOnlyList<Expr>? subscripts = null;
            if (Peek().Kind == TokenKind.LeftBracket)
            {
                Advance();
                subscripts = ParseExpressionList(TokenKind.RightBracket);
            }
            if (parenthesized) Expect(TokenKind.RightParen);
            return new DeleteStmt(array, subscripts);
        }
        return new ExprStmt(ParseExpression());
    }

    private Stmt ParsePrint()
    {
        var formatted = Advance().Text == "printf";
        var arguments = new List<Expr>();
        var saved = _noGreater;
        _noGreater = true;
        try
        {
            if (!AtSimpleEnd() && !IsRedirect(Peek()))
            {
                arguments.Add(ParseExpression());
                while (Peek().Kind == TokenKind.Comma)
                {
                    Advance();
                    SkipNewlines();
                    arguments.Add(ParseExpression());
                }
                if (arguments.Count == 1 && arguments[0] is ParenList list) arguments = [.. list.Items];
            }
            string? redirect = null;
            Expr? destination = null;
            if (IsRedirect(Peek()))
            {
                redirect = Advance().Text;
                destination = ParseConcatenation();
            }
            return new PrintStmt(formatted, arguments, redirect, destination);
        }
        finally
        {
            _noGreater = saved;
        }
    }

    private static bool IsRedirect(Token token) => token.Kind == TokenKind.Operator && token.Text is ">" or ">>" or "|";

    private bool AtSimpleEnd()
    {
        var kind = Peek().Kind;
        return kind is TokenKind.Semicolon or TokenKind.Newline or TokenKind.RightBrace or TokenKind.Eof;
    }

    private void EndSimple()
    {
        var token = Peek();
        if (token.Kind is TokenKind.Semicolon or TokenKind.Newline)
        {
            Advance();
            return;
        }
        if (token.Kind is TokenKind.RightBrace or TokenKind.Eof) return;
        throw Error(token);
    }

    private List<Expr> ParseExpressionList(TokenKind close)
    {
        var items = new List<Expr>();
        SkipNewlines();
        while (true)
        {
            items.Add(ParseExpression());
            SkipNewlines();
            if (Peek().Kind == TokenKind.Comma)
            {
                Advance();
                SkipNewlines();
                continue;
            }
            Expect(close);
            return items;
        }
    }

    public Expr ParseExpression()
    {
        var left = ParseTernary();
        var token = Peek();
        if (token.Kind == TokenKind.Operator && IsLvalue(left))
        {
            string? op = token.Text switch
            {
                "=" => "=",
                "+=" => "+",
                "-=" => "-",
                "*=" => "*",
                "/=" => "/",
                "%=" => "%",
                "^=" or "**=" => "^",
                _ => null,
            };
            if (op is not null)
            {
                Advance();
                SkipNewlines();
                return new AssignExpr(left, op, ParseExpression());
            }
        }
        return left;
    }

    private Expr ParseTernary()
    {
        var test = ParseOr();
        if (!IsOperator(Peek(), "?")) return test;
        Advance();
        SkipNewlines();
        var yes = ParseExpression();
        SkipNewlines();
        if (!IsOperator(Peek(), ":")) throw Error(Peek());
        Advance();
        SkipNewlines();
        var no = ParseExpression();
        return new CondExpr(test, yes, no);
    }

    private Expr ParseOr()
    {
        var left = ParseAnd();
        while (IsOperator(Peek(), "||"))
        {
            Advance();
            SkipNewlines();
            left = new OrExpr(left, ParseAnd());
        }
        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseIn();
        while (IsOperator(Peek(), "&&"))
        {
            Advance();
            SkipNewlines();
            left = new AndExpr(left, ParseIn());
        }
        return left;
    }

    private Expr ParseIn()
    {
        var left = ParseMatch();
        while (IsKeyword(Peek(), "in"))
        {
            Advance();
            left = new InExpr([left], ParseArrayName());
        }
        return left;
    }

    private Expr ParseArrayName()
    {
        var name = Advance();
        if (name.Kind != TokenKind.Name) throw Error(name);
        return Variable(name.Text);
    }

    private Expr ParseMatch()
    {
        var left = ParseComparison();
        while (Peek() is { Kind: TokenKind.Operator, Text: "~" or "!~" } token)
        {
            Advance();
            left = new MatchExpr(left, ParseComparison(), token.Text == "!~");
        }
        return left;
    }

    private Expr ParseComparison()
    {
        var left = ParseConcatenation();
        while (true)
        {
            var token = Peek();
            if (token.Kind != TokenKind.Operator) return left;
            if (token.Text == "|" && IsKeyword(Peek(1), "getline"))
            {
                Advance();
                Advance();
                var target = StartsLvalue(Peek()) ? ParseLvalue() : null;
                left = new GetlineExpr(GetlineSource.Command, target, left);
                continue;
            }
            if (token.Text is "<" or "<=" or "==" or "!=" or ">=" || (token.Text == ">" && !_noGreater))
            {
                Advance();
                left = new CompareExpr(left, token.Text, ParseConcatenation());
                continue;
            }
            return left;
        }
    }

    private Expr ParseConcatenation()
    {
        var left = ParseAdditive();
        while (StartsConcatOperand(Peek()))
            left = new ConcatExpr(left, ParseAdditive());
        return left;
    }

    private static bool StartsConcatOperand(Token token) => token.Kind switch
    {
        TokenKind.Number or TokenKind.String or TokenKind.Name or TokenKind.FuncName or TokenKind.Builtin or TokenKind.LeftParen => true,
        TokenKind.Operator => token.Text is "$" or "++" or "--" or "!",
        TokenKind.Keyword => false,
        _ => false,
    };

    private Expr ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Peek() is { Kind: TokenKind.Operator, Text: "+" or "-" } token)
        {
            Advance();
            left = new BinaryExpr(left, token.Text[0], ParseMultiplicative());
        }
        return left;
    }

    private Expr ParseMultiplicative()
    {
        var left = ParseUnary();
        while (Peek() is { Kind: TokenKind.Operator, Text: "*" or "/" or "%" } token)
        {
            Advance();
            var right = ParseUnary();
            if (token.Text is "/" or "%" && left is NumberExpr && right is NumberExpr { Value: var divisor } && divisor.ToNumber() == 0)
                throw new AwkSyntaxException("division by zero attempted" + (token.Text == "%" ? " in `%'" : ""), -2);
            left = new BinaryExpr(left, token.Text[0], right);
        }
        return left;
    }

    private Expr ParseUnary()
    {
        var token = Peek();
        if (token.Kind == TokenKind.Operator && token.Text is "!" or "-" or "+")
        {
            Advance();
            return new UnaryExpr(token.Text[0], ParseUnary());
        }
        return ParsePower();
    }

    private Expr ParsePower()
    {
        var left = ParsePostfix();
        if (Peek() is { Kind: TokenKind.Operator, Text: "^" or "**" })
        {
            Advance();
            return new BinaryExpr(left, '^', ParsePowerOperand());
        }
        return left;
    }

    private Expr ParsePowerOperand()
    {
        var token = Peek();
        if (token.Kind == TokenKind.Operator && token.Text is "-" or "+" or "!")
        {
            Advance();
            return new UnaryExpr(token.Text[0], ParsePowerOperand());
        }
        return ParsePower();
    }

    private Expr ParsePostfix()
    {
        var primary = ParsePrimary();
        if (IsLvalue(primary) && Peek() is { Kind: TokenKind.Operator, Text: "++" or "--" } token)
        {
            Advance();
            return new IncrementExpr(primary, token.Text == "++" ? 1 : -1, prefix: false);
        }
        return primary;
    }

    private Expr ParsePrimary()
    {
        var token = Peek();
        switch (token.Kind)
        {
            case TokenKind.Number:
                Advance();
                return new NumberExpr(token.Number);
            case TokenKind.String:
                Advance();
                return new StringExpr(token.Text);
            case TokenKind.LeftParen:
                {
                    Advance();
                    var saved = _noGreater;
                    _noGreater = false;
                    List<Expr> items;
                    try
                    {
                        items = ParseExpressionList(TokenKind.RightParen);
                    }
                    finally
                    {
                        _noGreater = saved;
                    }
                    if (items.Count == 1) return new GroupExpr(items[0]);
                    if (IsKeyword(Peek(), "in"))
                    {
                        Advance();
                        return new InExpr(items, ParseArrayName());
                    }
                    return new ParenList(items);
                }
            case TokenKind.Name:
                {
                    Advance();
                    var variable = Variable(token.Text);
                    if (Peek().Kind == TokenKind.LeftBracket)
                    {
                        Advance();
                        return new IndexExpr(variable, ParseExpressionList(TokenKind.RightBracket));
                    }
                    return variable;
                }
            case TokenKind.FuncName:
                {
                    Advance();
                    Expect(TokenKind.LeftParen);
                    IReadOnlyList<Expr> arguments = [];
                    if (Peek().Kind == TokenKind.RightParen) Advance();
                    else arguments = ParseExpressionList(TokenKind.RightParen);
                    var call = new CallExpr(token.Text, arguments, token.Start);
                    _calls.Add(call);
                    return call;
                }
            case TokenKind.Builtin:
                {
                    Advance();
                    IReadOnlyList<Expr> arguments = [];
                    if (Peek().Kind == TokenKind.LeftParen)
                    {
                        Advance();
                        if (Peek().Kind == TokenKind.RightParen) Advance();
                        else
                        {
                            var saved = _noGreater;
                            _noGreater = false;
                            try
                            {
                                arguments = ParseExpressionList(TokenKind.RightParen);
                            }
                            finally
                            {
                                _noGreater = saved;
                            }
                        }
                    }
                    else if (token.Text != "length")
                    {
                        throw Error(Peek());
                    }
                    var (min, max) = Arity(token.Text);
                    if (arguments.Count < min || arguments.Count > max)
                        throw new AwkSyntaxException($"{arguments.Count} is invalid as number of arguments for {token.Text}", _previous.Start);
                    return new BuiltinExpr(token.Text, arguments);
                }
            case TokenKind.Keyword when token.Text == "getline":
                {
                    Advance();
                    var target = StartsLvalue(Peek()) ? ParseLvalue() : null;
                    if (IsOperator(Peek(), "<"))
                    {
                        Advance();
                        return new GetlineExpr(GetlineSource.File, target, ParsePrimaryNoConcat());
                    }
                    return new GetlineExpr(GetlineSource.Main, target, null);
                }
            case TokenKind.Operator:
                switch (token.Text)
                {
                    case "$":
                        Advance();
                        return new FieldExpr(ParseFieldOperand());
                    case "++" or "--":
                        {
                            Advance();
                            var target = ParseLvalue();
                            return new IncrementExpr(target, token.Text == "++" ? 1 : -1, prefix: true);
                        }
                    case "-" or "+" or "!":
                        Advance();
                        return new UnaryExpr(token.Text[0], ParseUnary());
                    case "/" or "/=":
                        {
                            _lookahead.Clear();
                            var regex = _lexer.RescanRegex(token);
                            _previous = regex;
                            try
                            {
                                PatternMatcher.CreateSingle(AwkInterpreter.TranslateAwkEscapes(regex.Text), new RegexDialect(RegexSyntax.Extended, DotMatchesNewline: true), false, out _);
                            }
                            catch (RegexSyntaxException e)
                            {
                                throw new AwkSyntaxException($"{e.Message}: /{regex.Text}/", -2);
                            }
                            return new RegexExpr(regex.Text);
                        }
                }
                break;
        }
        throw Error(token);
    }

    private static (int Min, int Max) Arity(string name) => name switch
    {
        "length" or "srand" or "fflush" => (0, 1),
        "rand" or "systime" => (0, 0),
        "substr" or "sub" or "gsub" or "match" => (2, 3),
        "index" or "atan2" or "lshift" or "rshift" => (2, 2),
        "split" or "patsplit" => (2, 4),
        "gensub" => (3, 4),
        "sprintf" => (1, int.MaxValue),
        "and" or "or" or "xor" => (2, int.MaxValue),
        "strftime" => (0, 3),
        "mktime" or "close" or "typeof" => (1, 2),
        "asort" or "asorti" => (1, 3),
        _ => (1, 1),
    };

    private Expr ParsePrimaryNoConcat()
    {
        var token = Peek();
        if (IsOperator(token, "$"))
        {
            Advance();
            return new FieldExpr(ParseFieldOperand());
        }
        return ParsePrimary();
    }

    private Expr ParseFieldOperand()
    {
        var token = Peek();
        if (token.Kind == TokenKind.Operator && token.Text is "++" or "--")
        {
            Advance();
            return new IncrementExpr(ParseLvalue(), token.Text == "++" ? 1 : -1, prefix: true);
        }
        if (token.Kind == TokenKind.Operator && token.Text is "-" or "+" or "!")
        {
            Advance();
            return new UnaryExpr(token.Text[0], ParseFieldOperand());
        }
        return ParsePrimary();
    }

    private static bool StartsLvalue(Token token) => token.Kind == TokenKind.Name || IsOperator(token, "$");

    private Expr ParseLvalue()
    {
        var token = Peek();
        if (IsOperator(token, "$"))
        {
            Advance();
            return new FieldExpr(ParseFieldOperand());
        }
        if (token.Kind != TokenKind.Name) throw Error(token);
        var primary = ParsePrimary();
        return primary;
    }

    private Expr Variable(string name)
    {
        if (_functions.ContainsKey(name) && !(_locals?.ContainsKey(name) ?? false))
            throw Error(_previous, $"function `{name}' called with space between name and `(',\nor used as a variable or an array");
        if (_locals is not null && _locals.TryGetValue(name, out var local)) return new LocalVar(name, local);
        return new GlobalVar(name, Slot(name));
    }

    private static bool IsLvalue(Expr expr) => expr is GlobalVar or LocalVar or IndexExpr or FieldExpr;

    private static bool IsKeyword(Token token, string word) => token.Kind == TokenKind.Keyword && token.Text == word;

    private static bool IsOperator(Token token, string op) => token.Kind == TokenKind.Operator && token.Text == op;

    private Token Peek(int offset = 0)
    {
        while (_lookahead.Count <= offset) _lookahead.Add(_lexer.Next());
        return _lookahead[offset];
    }

    private Token Advance()
    {
        var token = Peek();
        _lookahead.RemoveAt(0);
        _previous = token;
        return token;
    }

    private void Expect(TokenKind kind)
    {
        var token = Peek();
        if (token.Kind != kind) throw Error(token);
        Advance();
    }

    private void SkipNewlines()
    {
        while (Peek().Kind == TokenKind.Newline) Advance();
    }

    private void SkipTerminators()
    {
        while (Peek().Kind is TokenKind.Newline or TokenKind.Semicolon) Advance();
    }

    private static AwkSyntaxException Error(Token token, string? message = null)
    {
        message ??= token.Kind is TokenKind.Eof or TokenKind.Newline ? "unexpected newline or end of string" : "syntax error";
        return new AwkSyntaxException(message, token.Start);
    }

    /// <summary>"(a, b)" outside "in" and print: only print accepts it.</summary>
    private sealed class ParenList(IReadOnlyList<Expr> items) : Expr
    {
        public IReadOnlyList<Expr> Items { get; } = items;
    }
}
