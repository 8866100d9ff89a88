namespace Mirage.Shell.Expansion;

/// <summary>What arithmetic needs from the shell's variables.</summary>
public interface IArithmeticVariables
{
    /// <summary>The text of <paramref name="name"/> (or its element <paramref name="subscript"/>, raw text); null when unset.</summary>
    string? GetValue(string name, string? subscript);

    void SetValue(string name, string? subscript, long value);

    /// <summary>True under <c>set -u</c>: an unset variable is an error.</summary>
    bool NoUnset { get; }
}

/// <summary>
/// Bash arithmetic over already-expanded text: 64-bit two's complement, bash's precedence and
/// error wording. The structure follows bash's expr.c so error tokens come out the same.
/// </summary>
public sealed class Arithmetic
{
    private const int MaxDepth = 1024;

    private readonly IArithmeticVariables variables;
    private readonly int depth;
    private readonly string expression;
    private int position;
    private int lastTokenStart;
    private Token current;
    private Token previous;
    private long tokenValue;
    private string tokenName = "";
    private string? tokenSubscript;
    private int noEval;

    private Arithmetic(string expression, IArithmeticVariables variables, int depth)
    {
        this.expression = expression;
        this.variables = variables;
        this.depth = depth;
    }

    private enum Token
    {
        End, Number, Identifier, LeftParen, RightParen, Comma, Assign, OpAssign,
        Question, Colon, LogicalOr, LogicalAnd, BitOr, BitXor, BitAnd, Equal, NotEqual,
        Less, Greater, LessEqual, GreaterEqual, ShiftLeft, ShiftRight, Plus, Minus,
        Multiply, Divide, Modulo, Power, Not, BitNot, PreIncrement, PreDecrement,
        PostIncrement, PostDecrement, Invalid,
    }

    /// <summary>Evaluates <paramref name="expression"/>; an empty expression is 0.</summary>
    public static long Evaluate(string expression, IArithmeticVariables variables) => Evaluate(expression, variables, 0);

    private static long Evaluate(string expression, IArithmeticVariables variables, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ArithmeticException(expression, "expression recursion level exceeded", expression);
        }

        var evaluator = new Arithmetic(expression, variables, depth);
        return evaluator.Run();
    }

    private long Run()
    {
        ReadToken();
        if (current == Token.End)
        {
            return 0;
        }

        var value = Comma();
        if (current != Token.End)
        {
            if (current == Token.Invalid)
            {
                Fail("syntax error: invalid arithmetic operator");
            }

            Fail("syntax error in expression");
        }

        return value;
    }

    private ArithmeticException Error(string problem) =>
        new(expression.TrimStart(' ', '\t', '\n'), problem, expression[Math.Min(lastTokenStart, expression.Length)..]);

    private void Fail(string problem) => throw Error(problem);

    private long Comma()
    {
        var value = AssignmentExpression();
        while (current == Token.Comma)
        {
            ReadToken();
            value = AssignmentExpression();
        }

        return value;
    }

    private OpKind pendingOp;

    private enum OpKind { None, Multiply, Divide, Modulo, Plus, Minus, ShiftLeft, ShiftRight, BitAnd, BitXor, BitOr }

    private long AssignmentExpression()
    {
        var value = Conditional();
        if (current is Token.Assign or Token.OpAssign)
        {
            var op = current == Token.OpAssign ? pendingOp : OpKind.None;
            if (previous != Token.Identifier)
            {
                Fail("attempted assignment to non-variable");
            }

            var name = tokenName;
            var subscript = tokenSubscript;
            var left = value;
            ReadToken();
            var right = AssignmentExpression();
            if (op != OpKind.None)
            {
                right = Binary(op, left, right);
            }

            if (noEval == 0)
            {
                variables.SetValue(name, subscript, right);
            }

            return right;
        }

        return value;
    }

    private long Conditional()
    {
        var condition = LogicalOr();
        if (current != Token.Question)
        {
            return condition;
        }

        ReadToken();
        if (current is Token.Colon or Token.End)
        {
            Fail("expression expected");
        }

        if (condition == 0)
        {
            noEval++;
        }

        var whenTrue = Comma();
        if (condition == 0)
        {
            noEval--;
        }

        if (current != Token.Colon)
        {
            Fail("`:' expected for conditional expression");
        }

        ReadToken();
        if (current == Token.End)
        {
            Fail("expression expected");
        }

        if (condition != 0)
        {
            noEval++;
        }

        var whenFalse = Conditional();
        if (condition != 0)
        {
            noEval--;
        }

        previous = Token.Number;
        return condition != 0 ? whenTrue : whenFalse;
    }

    private long LogicalOr()
    {
        var value = LogicalAnd();
        while (current == Token.LogicalOr)
        {
            var skip = value != 0;
            if (skip)
            {
                noEval++;
            }

            ReadToken();
            var right = LogicalAnd();
            if (skip)
            {
                noEval--;
            }

            value = value != 0 || right != 0 ? 1 : 0;
            previous = Token.Number;
        }

        return value;
    }

    private long LogicalAnd()
    {
        var value = BitOr();
        while (current == Token.LogicalAnd)
        {
            var skip = value == 0;
            if (skip)
            {
                noEval++;
            }

            ReadToken();
            var right = BitOr();
            if (skip)
            {
                noEval--;
            }

            value = value != 0 && right != 0 ? 1 : 0;
            previous = Token.Number;
        }

        return value;
    }

    private long BitOr()
    {
        var value = BitXor();
        while (current == Token.BitOr)
        {
            ReadToken();
            value |= BitXor();
            previous = Token.Number;
        }

        return value;
    }

    private long BitXor()
    {
        var value = BitAnd();
        while (current == Token.BitXor)
        {
            ReadToken();
            value ^= BitAnd();
            previous = Token.Number;
        }

        return value;
    }

    private long BitAnd()
    {
        var value = Equality();
        while (current == Token.BitAnd)
        {
            ReadToken();
            value &= Equality();
            previous = Token.Number;
        }

        return value;
    }

    private long Equality()
    {
        var value = Relational();
        while (current is Token.Equal or Token.NotEqual)
        {
            var op = current;
            ReadToken();
            var right = Relational();
            value = (op == Token.Equal ? value == right : value != right) ? 1 : 0;
            previous = Token.Number;
        }

        return value;
    }

    private long Relational()
    {
        var value = Shift();
        while (current is Token.Less or Token.Greater or Token.LessEqual or Token.GreaterEqual)
        {
            var op = current;
            ReadToken();
            var right = Shift();
            value = op switch
            {
                Token.Less => value < right,
                Token.Greater => value > right,
                Token.LessEqual => value <= right,
                _ => value >= right,
            } ? 1 : 0;
            previous = Token.Number;
        }

        return value;
    }

    private long Shift()
    {
        var value = Additive();
        while (current is Token.ShiftLeft or Token.ShiftRight)
        {
            var op = current == Token.ShiftLeft ? OpKind.ShiftLeft : OpKind.ShiftRight;
            ReadToken();
            value = Binary(op, value, Additive());
            previous = Token.Number;
        }

        return value;
    }

    private long Additive()
    {
        var value = Multiplicative();
        while (current is Token.Plus or Token.Minus)
        {
            var op = current == Token.Plus ? OpKind.Plus : OpKind.Minus;
            ReadToken();
            value = Binary(op, value, Multiplicative());
            previous = Token.Number;
        }

        return value;
    }

    private long Multiplicative()
    {
        var value = Power();
        while (current is Token.Multiply or Token.Divide or Token.Modulo)
        {
            var op = current switch
            {
                Token.Multiply => OpKind.Multiply,
                Token.Divide => OpKind.Divide,
                _ => OpKind.Modulo,
            };
            ReadToken();
            var right = Power();
            value = Binary(op, value, right);
            previous = Token.Number;
        }

        return value;
    }

    private long Binary(OpKind op, long left, long right)
    {
        switch (op)
        {
            case OpKind.Divide or OpKind.Modulo when right == 0:
                if (noEval > 0)
                {
                    return 0;
                }

                Fail("division by 0");
                return 0;
            case OpKind.Divide:
                return left == long.MinValue && right == -1 ? long.MinValue : left / right;
            case OpKind.Modulo:
                return left == long.MinValue && right == -1 ? 0 : left % right;
            case OpKind.Multiply:
                return unchecked(left * right);
            case OpKind.Plus:
                return unchecked(left + right);
            case OpKind.Minus:
                return unchecked(left - right);
            case OpKind.ShiftLeft:
                return left << (int)(right & 63);
            case OpKind.ShiftRight:
                return left >> (int)(right & 63);
            case OpKind.BitAnd:
                return left & right;
            case OpKind.BitXor:
                return left ^ right;
            case OpKind.BitOr:
                return left | right;
            default:
                return right;
        }
    }

    private long Power()
    {
        var value = Unary();
        while (current == Token.Power)
        {
            ReadToken();
            var exponent = Power();
            previous = Token.Number;
            if (exponent == 0)
            {
                return 1;
            }

            if (exponent < 0)
            {
                Fail("exponent less than 0");
            }

            var result = 1L;
            var factor = value;
            while (exponent > 0)
            {
                if ((exponent & 1) != 0)
                {
                    result = unchecked(result * factor);
                }

                factor = unchecked(factor * factor);
                exponent >>= 1;
            }

            value = result;
        }

        return value;
    }

    private long Unary()
    {
        long value;
        switch (current)
        {
            case Token.Not:
                ReadToken();
                value = Unary() == 0 ? 1 : 0;
                previous = Token.Number;
                return value;
            case Token.BitNot:
                ReadToken();
                value = ~Unary();
                previous = Token.Number;
                return value;
            case Token.Minus:
                ReadToken();
                value = unchecked(-Unary());
                previous = Token.Number;
                return value;
            case Token.Plus:
                ReadToken();
                value = Unary();
                previous = Token.Number;
                return value;
            default:
                return Primary();
        }
    }

    private long Primary()
    {
        long value;
        switch (current)
        {
            case Token.PreIncrement or Token.PreDecrement:
            {
                var delta = current == Token.PreIncrement ? 1 : -1;
                ReadToken();
                if (current != Token.Identifier)
                {
                    Fail("identifier expected after pre-increment or pre-decrement");
                }

                var name = tokenName;
                var subscript = tokenSubscript;
                value = unchecked(VariableValue(name, subscript) + delta);
                if (noEval == 0)
                {
                    variables.SetValue(name, subscript, value);
                }

                ReadToken();
                previous = Token.Number;
                return value;
            }

            case Token.LeftParen:
                ReadToken();
                value = Comma();
                if (current != Token.RightParen)
                {
                    Fail("missing `)'");
                }

                ReadToken();
                previous = Token.Number;
                return value;
            case Token.Number:
                value = tokenValue;
                ReadToken();
                return value;
            case Token.Identifier:
            {
                var name = tokenName;
                var subscript = tokenSubscript;
                value = VariableValue(name, subscript);
                ReadToken();
                if (current is Token.PostIncrement or Token.PostDecrement)
                {
                    if (noEval == 0)
                    {
                        variables.SetValue(name, subscript, unchecked(value + (current == Token.PostIncrement ? 1 : -1)));
                    }

                    ReadToken();
                    previous = Token.Number;
                }
                else
                {
                    // Keep the name visible to an assignment that follows.
                    tokenName = name;
                    tokenSubscript = subscript;
                }

                return value;
            }

            case Token.Invalid:
                Fail("syntax error: invalid arithmetic operator");
                return 0;
            default:
                Fail("syntax error: operand expected");
                return 0;
        }
    }

    private long VariableValue(string name, string? subscript)
    {
        if (noEval > 0)
        {
            return 0;
        }

        var text = variables.GetValue(name, subscript);
        if (text is null)
        {
            if (variables.NoUnset)
            {
                throw new ExpansionException($"{name}: unbound variable", 127, true);
            }

            return 0;
        }

        text = text.Trim(' ', '\t', '\n');
        if (text.Length == 0)
        {
            return 0;
        }

        // Plain numbers are the common case; anything else is an expression of its own.
        if (long.TryParse(text, System.Globalization.NumberStyles.None, null, out var simple) && (text.Length == 1 || text[0] != '0'))
        {
            return simple;
        }

        return Evaluate(text, variables, depth + 1);
    }

    private void ReadToken()
    {
        var text = expression;
        var index = position;
        while (index < text.Length && text[index] is ' ' or '\t' or '\n' or '\r')
        {
            index++;
        }

        if (index >= text.Length)
        {
            position = index;
            previous = current;
            current = Token.End;
            return;
        }

        lastTokenStart = index;
        previous = current;
        var c = text[index];
        if (char.IsAsciiLetter(c) || c == '_')
        {
            var start = index;
            while (index < text.Length && (char.IsAsciiLetterOrDigit(text[index]) || text[index] == '_'))
            {
                index++;
            }

            tokenName = text[start..index];
            tokenSubscript = null;
            var probe = index;
            while (probe < text.Length && text[probe] is ' ' or '\t')
            {
                probe++;
            }

            if (probe < text.Length && text[probe] == '[')
            {
                var close = FindClosingBracket(text, probe);
                if (close < 0)
                {
                    position = text.Length;
                    Fail("bad array subscript");
                }

                tokenSubscript = text[(probe + 1)..close];
                index = close + 1;
            }

            position = index;
            current = Token.Identifier;
            return;
        }

        if (char.IsAsciiDigit(c))
        {
            var start = index;
            while (index < text.Length && (char.IsAsciiLetterOrDigit(text[index]) || text[index] is '#' or '@' or '_'))
            {
                index++;
            }

            position = index;
            tokenValue = ParseNumber(text[start..index]);
            current = Token.Number;
            return;
        }

        index++;
        var next = index < text.Length ? text[index] : '\0';
        var third = index + 1 < text.Length ? text[index + 1] : '\0';
        Token token;
        var length = 1;
        pendingOp = OpKind.None;
        switch (c)
        {
            case '(': token = Token.LeftParen; break;
            case ')': token = Token.RightParen; break;
            case ',': token = Token.Comma; break;
            case '?': token = Token.Question; break;
            case ':': token = Token.Colon; break;
            case '~': token = Token.BitNot; break;
            case '=' when next == '=': token = Token.Equal; length = 2; break;
            case '=': token = Token.Assign; break;
            case '!' when next == '=': token = Token.NotEqual; length = 2; break;
            case '!': token = Token.Not; break;
            case '<' when next == '<' && third == '=': token = Token.OpAssign; pendingOp = OpKind.ShiftLeft; length = 3; break;
            case '>' when next == '>' && third == '=': token = Token.OpAssign; pendingOp = OpKind.ShiftRight; length = 3; break;
            case '<' when next == '<': token = Token.ShiftLeft; length = 2; break;
            case '>' when next == '>': token = Token.ShiftRight; length = 2; break;
            case '<' when next == '=': token = Token.LessEqual; length = 2; break;
            case '>' when next == '=': token = Token.GreaterEqual; length = 2; break;
            case '<': token = Token.Less; break;
            case '>': token = Token.Greater; break;
            case '&' when next == '&': token = Token.LogicalAnd; length = 2; break;
            case '|' when next == '|': token = Token.LogicalOr; length = 2; break;
            case '*' when next == '*': token = Token.Power; length = 2; break;
            case '+' or '-' when next == c:
                if (current == Token.Identifier)
                {
                    token = c == '+' ? Token.PostIncrement : Token.PostDecrement;
                    length = 2;
                }
                else if (current != Token.Number && FollowedByIdentifier(text, index + 1))
                {
                    token = c == '+' ? Token.PreIncrement : Token.PreDecrement;
                    length = 2;
                }
                else
                {
                    token = c == '+' ? Token.Plus : Token.Minus;
                }

                break;
            case '*' or '/' or '%' or '+' or '-' or '&' or '^' or '|' when next == '=':
                token = Token.OpAssign;
                pendingOp = c switch
                {
                    '*' => OpKind.Multiply,
                    '/' => OpKind.Divide,
                    '%' => OpKind.Modulo,
                    '+' => OpKind.Plus,
                    '-' => OpKind.Minus,
                    '&' => OpKind.BitAnd,
                    '^' => OpKind.BitXor,
                    _ => OpKind.BitOr,
                };
                length = 2;
                break;
            case '*': token = Token.Multiply; break;
            case '/': token = Token.Divide; break;
            case '%': token = Token.Modulo; break;
            case '+': token = Token.Plus; break;
            case '-': token = Token.Minus; break;
            case '&': token = Token.BitAnd; break;
            case '^': token = Token.BitXor; break;
            case '|': token = Token.BitOr; break;
            default: token = Token.Invalid; break;
        }

        position = index - 1 + length;
        current = token;
    }

    private static bool FollowedByIdentifier(string text, int index)
    {
        while (index < text.Length && text[index] is ' ' or '\t')
        {
            index++;
        }

        return index < text.Length && (char.IsAsciiLetter(text[index]) || text[index] == '_');
    }

    private static int FindClosingBracket(string text, int open)
    {
        var level = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '[')
            {
                level++;
            }
            else if (text[i] == ']' && --level == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private long ParseNumber(string text)
    {
        long numberBase = 10;
        var digits = text;
        var hash = text.IndexOf('#');
        if (hash >= 0)
        {
            if (!long.TryParse(text.AsSpan(0, hash), out numberBase) || numberBase < 2 || numberBase > 64)
            {
                Fail("invalid arithmetic base");
            }

            digits = text[(hash + 1)..];
            if (digits.Length == 0)
            {
                Fail("invalid integer constant");
            }
        }
        else if (text.Length > 1 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
        {
            numberBase = 16;
            digits = text[2..];
        }
        else if (text.Length > 1 && text[0] == '0')
        {
            numberBase = 8;
            digits = text[1..];
        }

        long value = 0;
        foreach (var c in digits)
        {
            long digit;
            if (char.IsAsciiDigit(c))
            {
                digit = c - '0';
            }
            else if (char.IsAsciiLetterLower(c))
            {
                digit = c - 'a' + 10;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                digit = numberBase <= 36 ? c - 'A' + 10 : c - 'A' + 36;
            }
            else if (c == '@')
            {
                digit = 62;
            }
            else if (c == '_')
            {
                digit = 63;
            }
            else
            {
                digit = 99;
            }

            if (digit >= numberBase)
            {
                Fail("value too great for base");
            }

            value = unchecked((value * numberBase) + digit);
        }

        return value;
    }
}
