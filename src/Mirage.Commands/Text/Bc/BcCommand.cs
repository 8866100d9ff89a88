using System.Globalization;
using System.Numerics;
using System.Text;
using Mirage.Commands.Common;
using Mirage.Commands.Text.Shared;

namespace Mirage.Commands.Text.Bc;

/// <summary>GNU bc, the common subset: exact decimal arithmetic with scale, variables, comparisons, if/while/for, print, -l functions.</summary>
public sealed class BcCommand : GnuCommand
{
    private static readonly ArgParser OptionParser = new("lhiqswv", "mathlib=l", "help=h", "interactive=i", "quiet=q", "standard=s", "warn=w", "version=v");

    public BcCommand()
        : base("bc")
    {
    }

    protected override ArgParser Parser => OptionParser;

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var interpreter = new BcInterpreter(arguments.Has("l"));
        var sources = new List<string>();
        foreach (var file in arguments.Operands)
        {
            var stream = await TextInput.OpenAsync(io, file, (name, _) => $"File {name} is unavailable.").ConfigureAwait(false);
            if (stream is null) return 1;
            await using (stream.ConfigureAwait(false))
            {
                sources.Add(Encoding.UTF8.GetString(await TextInput.ReadAllAsync(stream, io.CancellationToken).ConfigureAwait(false)));
            }
        }
        sources.Add(Encoding.UTF8.GetString(await TextInput.ReadAllAsync(new NonClosingStream(io.Context.Stdin), io.CancellationToken).ConfigureAwait(false)));
        var output = new StringBuilder();
        var errors = new StringBuilder();
        var status = interpreter.Run(string.Join("\n", sources), output, errors);
        await io.Out.WriteAsync(output.ToString()).ConfigureAwait(false);
        if (errors.Length > 0)
        {
            await io.Out.FlushAsync().ConfigureAwait(false);
            await io.WriteStderrAsync(errors.ToString()).ConfigureAwait(false);
        }
        return status;
    }
}

/// <summary>Parses and runs bc statements line by line, as bc does: a syntax error skips the rest of its line.</summary>
internal sealed class BcInterpreter(bool mathLibrary)
{
    private readonly Dictionary<string, BcNumber> _variables = new(StringComparer.Ordinal);
    private int _scale = mathLibrary ? 20 : 0;
    private List<string> _tokens = [];
    private int _position;
    private int _line;

    private sealed class BcSyntaxException : Exception;

    private sealed class QuitException : Exception;

    private abstract record Node;
    private sealed record NumberNode(BcNumber Value) : Node;
    private sealed record VariableNode(string Name) : Node;
    private sealed record UnaryNode(string Op, Node Operand) : Node;
    private sealed record BinaryNode(string Op, Node Left, Node Right) : Node;
    private sealed record AssignNode(string Name, string Op, Node Value) : Node;
    private sealed record IncrementNode(string Name, int Delta, bool Prefix) : Node;
    private sealed record CallNode(string Name, List<Node> Arguments) : Node;

    private abstract record Statement;
    private sealed record ExpressionStatement(Node Expression) : Statement;
    private sealed record StringStatement(string Text) : Statement;
    private sealed record PrintStatement(List<object> Items) : Statement;
    private sealed record BlockStatement(List<Statement> Body) : Statement;
    private sealed record IfStatement(Node Condition, Statement Then, Statement? Else) : Statement;
    private sealed record WhileStatement(Node Condition, Statement Body) : Statement;
    private sealed record ForStatement(Node? Init, Node? Condition, Node? Step, Statement Body) : Statement;
    private sealed record QuitStatement : Statement;
    private sealed record BreakStatement : Statement;

    private sealed class BreakException : Exception;

    public int Run(string source, StringBuilder output, StringBuilder errors)
    {
        _tokens = Tokenize(source);
        _position = 0;
        _line = 1;
        while (_position < _tokens.Count)
        {
            if (Peek is "\n" or ";")
            {
                if (Peek == "\n") _line++;
                _position++;
                continue;
            }
            Statement statement;
            try
            {
                statement = ParseStatement();
            }
            catch (BcSyntaxException)
            {
                errors.Append($"(standard_in) {_line}: syntax error\n");
                while (_position < _tokens.Count && Peek != "\n") _position++;
                continue;
            }
            try
            {
                Execute(statement, output);
            }
            catch (QuitException)
            {
                return 0;
            }
            catch (DivideByZeroException)
            {
                errors.Append("Runtime error (func=(main), adr=0): Divide by zero\n");
            }
            catch (ArithmeticException e)
            {
                errors.Append($"Runtime error (func=(main), adr=0): {e.Message}\n");
            }
        }
        return 0;
    }

    private string Peek => _position < _tokens.Count ? _tokens[_position] : "";

    private string Next()
    {
        if (_position >= _tokens.Count) throw new BcSyntaxException();
        return _tokens[_position++];
    }

    private void Expect(string token)
    {
        if (Next() != token) throw new BcSyntaxException();
    }

    private static List<string> Tokenize(string source)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < source.Length)
        {
            var c = source[i];
            if (c is ' ' or '\t' or '\r') { i++; continue; }
            if (c == '\\' && i + 1 < source.Length && source[i + 1] == '\n') { i += 2; continue; }
            if (c == '#') { while (i < source.Length && source[i] != '\n') i++; continue; }
            if (c == '/' && i + 1 < source.Length && source[i + 1] == '*')
            {
                var end = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? source.Length : end + 2;
                continue;
            }
            if (c == '"')
            {
                var end = source.IndexOf('"', i + 1);
                if (end < 0) end = source.Length - 1;
                tokens.Add(source[i..(end + 1)]);
                i = end + 1;
                continue;
            }
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < source.Length && char.IsAsciiDigit(source[i + 1])) || c is >= 'A' and <= 'F' && (i == 0 || !char.IsAsciiLetter(source[i - 1])) && (i + 1 >= source.Length || !char.IsAsciiLetterLower(source[i + 1])))
            {
                var start = i;
                while (i < source.Length && (char.IsAsciiDigit(source[i]) || source[i] is >= 'A' and <= 'F' || source[i] == '.' || (source[i] == '\\' && i + 1 < source.Length && source[i + 1] == '\n')))
                    i += source[i] == '\\' ? 2 : 1;
                tokens.Add(source[start..i].Replace("\\\n", "", StringComparison.Ordinal));
                continue;
            }
            if (char.IsAsciiLetterLower(c))
            {
                var start = i;
                while (i < source.Length && (char.IsAsciiLetterLower(source[i]) || char.IsAsciiDigit(source[i]) || source[i] == '_')) i++;
                tokens.Add(source[start..i]);
                continue;
            }
            var two = i + 1 < source.Length ? source.Substring(i, 2) : "";
            if (two is "==" or "<=" or ">=" or "!=" or "&&" or "||" or "++" or "--" or "+=" or "-=" or "*=" or "/=" or "%=" or "^=")
            {
                tokens.Add(two);
                i += 2;
                continue;
            }
            tokens.Add(c.ToString());
            i++;
        }
        return tokens;
    }

    private Statement ParseStatement()
    {
        var token = Peek;
        switch (token)
        {
            case "{":
                {
                    _position++;
                    var body = new List<Statement>();
                    while (Peek != "}")
                    {
                        if (_position >= _tokens.Count) throw new BcSyntaxException();
                        if (Peek is "\n" or ";")
                        {
                            if (Peek == "\n") _line++;
                            _position++;
                            continue;
                        }
                        body.Add(ParseStatement());
                    }
                    _position++;
                    return new BlockStatement(body);
                }
            case "if":
                {
                    _position++;
                    Expect("(");
                    var condition = ParseExpression();
                    Expect(")");
                    SkipNewlines();
                    var then = ParseStatement();
                    Statement? otherwise = null;
                    var save = _position;
                    SkipSemicolonsAndNewlines();
                    if (Peek == "else")
                    {
                        _position++;
                        SkipNewlines();
                        otherwise = ParseStatement();
                    }
                    else
                    {
                        _position = save;
                    }
                    return new IfStatement(condition, then, otherwise);
                }
            case "while":
                {
                    _position++;
                    Expect("(");
                    var condition = ParseExpression();
                    Expect(")");
                    SkipNewlines();
                    return new WhileStatement(condition, ParseStatement());
                }
            case "for":
                {
                    _position++;
                    Expect("(");
                    var init = Peek == ";" ? null : ParseExpression();
                    Expect(";");
                    var condition = Peek == ";" ? null : ParseExpression();
                    Expect(";");
                    var step = Peek == ")" ? null : ParseExpression();
                    Expect(")");
                    SkipNewlines();
                    return new ForStatement(init, condition, step, ParseStatement());
                }
            case "quit":
                _position++;
                return new QuitStatement();
            case "break":
                _position++;
                return new BreakStatement();
            case "print":
                {
                    _position++;
                    var items = new List<object>();
                    do
                    {
                        if (Peek.StartsWith('"')) items.Add(Next());
                        else items.Add(ParseExpression());
                    }
                    while (Peek == "," && Next() == ",");
                    return new PrintStatement(items);
                }
        }
        if (token.StartsWith('"'))
        {
            _position++;
            return new StringStatement(token[1..^1]);
        }
        var expression = ParseExpression();
        if (_position < _tokens.Count && Peek is not ("\n" or ";" or "}" or "else")) throw new BcSyntaxException();
        return new ExpressionStatement(expression);
    }

    private void SkipNewlines()
    {
        while (Peek == "\n")
        {
            _line++;
            _position++;
        }
    }

    private void SkipSemicolonsAndNewlines()
    {
        while (Peek is "\n" or ";") _position++;
    }

    private Node ParseExpression() => ParseOr();

    private Node ParseOr()
    {
        var left = ParseAnd();
        while (Peek == "||") { _position++; left = new BinaryNode("||", left, ParseAnd()); }
        return left;
    }

    private Node ParseAnd()
    {
        var left = ParseNot();
        while (Peek == "&&") { _position++; left = new BinaryNode("&&", left, ParseNot()); }
        return left;
    }

    private Node ParseNot()
    {
        if (Peek == "!")
        {
            _position++;
            return new UnaryNode("!", ParseNot());
        }
        return ParseRelational();
    }

    private Node ParseRelational()
    {
        var left = ParseAssignment();
        if (Peek is "<" or "<=" or ">" or ">=" or "==" or "!=")
        {
            var op = Next();
            left = new BinaryNode(op, left, ParseAssignment());
        }
        return left;
    }

    private Node ParseAssignment()
    {
        if (_position + 1 < _tokens.Count && IsName(Peek) && _tokens[_position + 1] is "=" or "+=" or "-=" or "*=" or "/=" or "%=" or "^=")
        {
            var name = Next();
            var op = Next();
            return new AssignNode(name, op, ParseAssignment());
        }
        return ParseAdditive();
    }

    private static bool IsName(string token) => token.Length > 0 && char.IsAsciiLetterLower(token[0]) && token is not ("if" or "while" or "for" or "print" or "quit" or "else" or "break" or "define" or "return");

    private Node ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Peek is "+" or "-")
        {
            var op = Next();
            left = new BinaryNode(op, left, ParseMultiplicative());
        }
        return left;
    }

    private Node ParseMultiplicative()
    {
        var left = ParsePower();
        while (Peek is "*" or "/" or "%")
        {
            var op = Next();
            left = new BinaryNode(op, left, ParsePower());
        }
        return left;
    }

    private Node ParseUnary()
    {
        if (Peek == "-")
        {
            _position++;
            return new UnaryNode("-", ParseUnary());
        }
        return ParsePostfix();
    }

    // In bc unary minus binds tighter than '^' ("-2^2" is 4), and '^' groups to the right.
    private Node ParsePower()
    {
        var left = ParseUnary();
        if (Peek == "^")
        {
            _position++;
            return new BinaryNode("^", left, ParsePower());
        }
        return left;
    }

    private Node ParsePostfix()
    {
        var token = Peek;
        if (token is "++" or "--")
        {
            _position++;
            var name = Next();
            if (!IsName(name)) throw new BcSyntaxException();
            return new IncrementNode(name, token == "++" ? 1 : -1, true);
        }
        if (token == "(")
        {
            _position++;
            var inner = ParseExpression();
            Expect(")");
            return inner;
        }
        if (token.Length > 0 && (char.IsAsciiDigit(token[0]) || token[0] == '.' || token[0] is >= 'A' and <= 'F'))
        {
            _position++;
            return new NumberNode(ParseNumber(token));
        }
        if (IsName(token))
        {
            _position++;
            if (Peek == "(")
            {
                _position++;
                var arguments = new List<Node>();
                while (Peek != ")")
                {
                    arguments.Add(ParseExpression());
                    if (Peek == ",") _position++;
                    else if (Peek != ")") throw new BcSyntaxException();
                }
                _position++;
                return new CallNode(token, arguments);
            }
            if (Peek is "++" or "--")
            {
                var op = Next();
                return new IncrementNode(token, op == "++" ? 1 : -1, false);
            }
            return new VariableNode(token);
        }
        throw new BcSyntaxException();
    }

    private static BcNumber ParseNumber(string token)
    {
        if (token.Any(c => c is >= 'A' and <= 'F'))
        {
            // Single hex-like digits are valid in any base; with ibase=10 they count as 10..15 each.
            var value = BigInteger.Zero;
            foreach (var c in token.Where(c => c != '.')) value = value * 10 + (char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10);
            return BcNumber.FromInteger(value);
        }
        return BcNumber.Parse(token);
    }

    private void Execute(Statement statement, StringBuilder output)
    {
        switch (statement)
        {
            case ExpressionStatement { Expression: var expression }:
                {
                    var value = Evaluate(expression);
                    if (expression is not AssignNode) output.Append(value.Format()).Append('\n');
                    if (expression is not AssignNode) _variables["last"] = value;
                    break;
                }
            case StringStatement { Text: var text }:
                output.Append(text);
                break;
            case PrintStatement { Items: var items }:
                foreach (var item in items)
                {
                    if (item is string text) output.Append(Unescape(text[1..^1]));
                    else output.Append(Evaluate((Node)item).Format());
                }
                break;
            case BlockStatement { Body: var body }:
                foreach (var inner in body) Execute(inner, output);
                break;
            case IfStatement conditional:
                if (!Evaluate(conditional.Condition).IsZero) Execute(conditional.Then, output);
                else if (conditional.Else is not null) Execute(conditional.Else, output);
                break;
            case WhileStatement loop:
                try
                {
                    for (var guard = 0; !Evaluate(loop.Condition).IsZero && guard < 10_000_000; guard++) Execute(loop.Body, output);
                }
                catch (BreakException)
                {
                }
                break;
            case ForStatement loop:
                if (loop.Init is not null) Evaluate(loop.Init);
                try
                {
                    for (var guard = 0; (loop.Condition is null || !Evaluate(loop.Condition).IsZero) && guard < 10_000_000; guard++)
                    {
                        Execute(loop.Body, output);
                        if (loop.Step is not null) Evaluate(loop.Step);
                    }
                }
                catch (BreakException)
                {
                }
                break;
            case QuitStatement:
                throw new QuitException();
            case BreakStatement:
                throw new BreakException();
        }
    }

    private static string Unescape(string text)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 >= text.Length)
            {
                builder.Append(text[i]);
                continue;
            }
            var c = text[++i];
            builder.Append(c switch { 'n' => '\n', 't' => '\t', 'a' => '\a', 'b' => '\b', 'f' => '\f', 'r' => '\r', 'q' => '"', 'e' => '\\', _ => c });
        }
        return builder.ToString();
    }

    private BcNumber Get(string name) => name == "scale" ? BcNumber.FromInteger(_scale) : _variables.TryGetValue(name, out var value) ? value : BcNumber.Zero;

    private void Set(string name, BcNumber value)
    {
        if (name == "scale") _scale = (int)Math.Clamp((double)value.Rescale(0).Value, 0, 1000);
        else if (name is "ibase" or "obase") _variables[name] = value;
        else _variables[name] = value;
    }

    private BcNumber Evaluate(Node node)
    {
        switch (node)
        {
            case NumberNode { Value: var value }: return value;
            case VariableNode { Name: var name }: return Get(name);
            case UnaryNode { Op: "-", Operand: var operand }: return -Evaluate(operand);
            case UnaryNode { Op: "!", Operand: var operand }: return Evaluate(operand).IsZero ? BcNumber.One : BcNumber.Zero;
            case IncrementNode increment:
                {
                    var before = Get(increment.Name);
                    var after = before + BcNumber.FromInteger(increment.Delta);
                    Set(increment.Name, after);
                    return increment.Prefix ? Get(increment.Name) : before;
                }
            case AssignNode assign:
                {
                    var right = Evaluate(assign.Value);
                    var result = assign.Op == "=" ? right : Apply(assign.Op[..1], Get(assign.Name), right);
                    Set(assign.Name, result);
                    return Get(assign.Name);
                }
            case BinaryNode { Op: "&&" } and:
                return !Evaluate(and.Left).IsZero && !Evaluate(and.Right).IsZero ? BcNumber.One : BcNumber.Zero;
            case BinaryNode { Op: "||" } or:
                return !Evaluate(or.Left).IsZero || !Evaluate(or.Right).IsZero ? BcNumber.One : BcNumber.Zero;
            case BinaryNode binary:
                return Apply(binary.Op, Evaluate(binary.Left), Evaluate(binary.Right));
            case CallNode call:
                return Call(call.Name, call.Arguments.Select(Evaluate).ToList());
        }
        throw new BcSyntaxException();
    }

    private BcNumber Apply(string op, BcNumber left, BcNumber right)
    {
        switch (op)
        {
            case "+": return left + right;
            case "-": return left - right;
            case "*": return BcNumber.Multiply(left, right, _scale);
            case "/": return BcNumber.Divide(left, right, _scale);
            case "%": return BcNumber.Modulo(left, right, _scale);
            case "^":
                if (right.Scale > 0 && !right.Rescale(0).Rescale(right.Scale).Equals(right)) { }
                return BcNumber.Power(left, right.Rescale(0).Value, _scale);
        }
        var order = left.CompareTo(right);
        var truth = op switch
        {
            "<" => order < 0,
            "<=" => order <= 0,
            ">" => order > 0,
            ">=" => order >= 0,
            "==" => order == 0,
            _ => order != 0,
        };
        return truth ? BcNumber.One : BcNumber.Zero;
    }

    private BcNumber Call(string name, List<BcNumber> arguments)
    {
        var x = arguments.Count > 0 ? arguments[0] : BcNumber.Zero;
        switch (name)
        {
            case "sqrt": return BcNumber.Sqrt(x, _scale);
            case "length":
                {
                    var digits = BigInteger.Abs(x.Value).ToString(CultureInfo.InvariantCulture).TrimStart('0').Length;
                    return BcNumber.FromInteger(Math.Max(digits, x.Scale) is var d && d == 0 ? 1 : Math.Max(digits, x.Scale));
                }
            case "scale": return BcNumber.FromInteger(x.Scale);
        }
        if (!mathLibrary) throw new BcSyntaxException();
        return name switch
        {
            "s" => Series(x, sine: true),
            "c" => Series(x, sine: false),
            "a" => Arctangent(x),
            "l" => Logarithm(x),
            "e" => Exponential(x),
            _ => throw new BcSyntaxException(),
        };
    }

    // The math library works with guard digits and truncates to the current scale, as bc's own routines do.
    private int Guard => _scale + 10;

    private BcNumber Finish(BcNumber value) => value.Rescale(_scale);

    private BcNumber Exponential(BcNumber x)
    {
        var scale = Guard;
        var negative = x.Sign < 0;
        var value = negative ? -x : x;
        // e^x = (e^(x/2^k))^(2^k)
        var halvings = 0;
        while (value.CompareTo(BcNumber.One) > 0)
        {
            value = BcNumber.Divide(value, BcNumber.FromInteger(2), scale + 5);
            halvings++;
        }
        scale += halvings + 5;
        var sum = BcNumber.One;
        var term = BcNumber.One;
        for (var n = 1; n < 1000; n++)
        {
            term = BcNumber.Divide(BcNumber.Multiply(term, value, scale), BcNumber.FromInteger(n), scale);
            if (term.IsZero) break;
            sum += term;
        }
        for (var i = 0; i < halvings; i++) sum = BcNumber.Multiply(sum, sum, scale);
        if (negative) sum = BcNumber.Divide(BcNumber.One, sum, scale);
        return Finish(sum);
    }

    private BcNumber Logarithm(BcNumber x)
    {
        if (x.Sign <= 0) throw new ArithmeticException("Logarithm of a non-positive number");
        var scale = Guard + 5;
        // ln x = 2 atanh((x-1)/(x+1)), after bringing x near 1 by square roots.
        var doublings = 0;
        var value = x.Rescale(scale);
        var two = BcNumber.FromInteger(2);
        var upper = BcNumber.Parse("1.5");
        var lower = BcNumber.Parse("0.5");
        while (value.CompareTo(upper) > 0 || value.CompareTo(lower) < 0)
        {
            value = BcNumber.Sqrt(value, scale);
            doublings++;
        }
        var y = BcNumber.Divide(value - BcNumber.One, value + BcNumber.One, scale);
        var y2 = BcNumber.Multiply(y, y, scale);
        var sum = y;
        var power = y;
        for (var n = 3; n < 10000; n += 2)
        {
            power = BcNumber.Multiply(power, y2, scale);
            var term = BcNumber.Divide(power, BcNumber.FromInteger(n), scale);
            if (term.IsZero) break;
            sum += term;
        }
        var result = BcNumber.Multiply(sum, two, scale);
        for (var i = 0; i < doublings; i++) result = BcNumber.Multiply(result, two, scale);
        return Finish(result);
    }

    private BcNumber Series(BcNumber x, bool sine)
    {
        var scale = Guard + 5;
        var sum = sine ? x : BcNumber.One;
        var term = sum;
        var x2 = BcNumber.Multiply(x, x, scale);
        for (var n = sine ? 2 : 1; n < 10000; n += 2)
        {
            var k = sine ? n * (n + 1) : n * (n + 1) - (n + 1) + (n + 1);
            var divisor = sine ? BcNumber.FromInteger((long)n * (n + 1)) : BcNumber.FromInteger((long)n * (n + 1));
            _ = k;
            term = -BcNumber.Divide(BcNumber.Multiply(term, x2, scale), divisor, scale);
            if (term.IsZero) break;
            sum += term;
        }
        return Finish(sum);
    }

    private BcNumber Arctangent(BcNumber x)
    {
        var scale = Guard + 5;
        // Reduce: atan x = 2 atan(x / (1 + sqrt(1 + x^2))) until |x| is small.
        var value = x.Rescale(scale);
        var doublings = 0;
        var limit = BcNumber.Parse("0.2");
        while ((value.Sign < 0 ? -value : value).CompareTo(limit) > 0)
        {
            var root = BcNumber.Sqrt(BcNumber.One + BcNumber.Multiply(value, value, scale), scale);
            value = BcNumber.Divide(value, BcNumber.One + root, scale);
            doublings++;
        }
        var x2 = BcNumber.Multiply(value, value, scale);
        var sum = value;
        var power = value;
        for (var n = 3; n < 10000; n += 2)
        {
            power = -BcNumber.Multiply(power, x2, scale);
            var term = BcNumber.Divide(power, BcNumber.FromInteger(n), scale);
            if (term.IsZero) break;
            sum += term;
        }
        for (var i = 0; i < doublings; i++) sum = BcNumber.Multiply(sum, BcNumber.FromInteger(2), scale);
        return Finish(sum);
    }
}
