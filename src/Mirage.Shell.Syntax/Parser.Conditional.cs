using Mirage.Shell.Syntax.Ast;

namespace Mirage.Shell.Syntax;

public sealed partial class Parser
{
    private static readonly HashSet<string> UnaryTestOperators =
    [
        "-a", "-b", "-c", "-d", "-e", "-f", "-g", "-h", "-k", "-p", "-r", "-s", "-t", "-u", "-w", "-x",
        "-G", "-L", "-N", "-O", "-S", "-o", "-v", "-R", "-z", "-n",
    ];

    private static readonly HashSet<string> BinaryTestOperators =
    [
        "==", "=", "!=", "=~", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef",
    ];

    private ConditionalCommand ParseConditional(int line)
    {
        var open = Next(); // [[
        Enter(open.Start);
        SkipNewlines();
        if (Peek().IsWord("]]"))
        {
            throw Unexpected(Peek());
        }

        var expression = ParseConditionalOr();
        SkipNewlines();
        var close = Next();
        if (!close.IsWord("]]"))
        {
            throw close.Kind == TokenKind.EndOfInput ? ConditionalEof()
                : close.Kind == TokenKind.Word
                ? ConditionalError("syntax error in conditional expression", close)
                : ConditionalError($"syntax error in conditional expression: unexpected token `{Shown(close)}'", close);
        }

        Leave();
        return new ConditionalCommand(expression, SyntaxList<Redirection>.Empty, line);
    }

    private static string Shown(Token token) => token.Kind switch
    {
        TokenKind.Newline => "newline",
        TokenKind.EndOfInput => "EOF",
        _ => token.Text,
    };

    private ParseException ConditionalError(string message, Token at) =>
        at.Kind == TokenKind.EndOfInput
            ? new ParseException(message, EndOfInputLine, incomplete: true)
            : Error(message, at.Start);

    private ParseException ConditionalEof() =>
        new("unexpected EOF while looking for `]]'", LineAt(text.Length), incomplete: true);

    private ConditionalExpression ParseConditionalOr()
    {
        var left = ParseConditionalAnd();
        while (true)
        {
            SkipNewlines();
            if (!Peek().IsOperator("||"))
            {
                return left;
            }

            Next();
            SkipNewlines();
            left = new ConditionalOr(left, ParseConditionalAnd());
        }
    }

    private ConditionalExpression ParseConditionalAnd()
    {
        var left = ParseConditionalNot();
        while (true)
        {
            SkipNewlines();
            if (!Peek().IsOperator("&&"))
            {
                return left;
            }

            Next();
            SkipNewlines();
            left = new ConditionalAnd(left, ParseConditionalNot());
        }
    }

    private ConditionalExpression ParseConditionalNot()
    {
        SkipNewlines();
        if (Peek().IsWord("!"))
        {
            Next();
            return new ConditionalNot(ParseConditionalNot());
        }

        return ParseConditionalPrimary();
    }

    private static bool IsConditionalWord(Token token) => token.Kind is TokenKind.Word or TokenKind.IoNumber or TokenKind.IoVariable;

    private ConditionalExpression ParseConditionalPrimary()
    {
        SkipNewlines();
        var token = Next();
        if (token.IsOperator("("))
        {
            Enter(token.Start);
            var inner = ParseConditionalOr();
            SkipNewlines();
            var close = Next();
            if (!close.IsOperator(")"))
            {
                throw close.IsWord("]]")
                    ? ConditionalError("unexpected token `]]', expected `)'", close)
                    : ConditionalError("expected `)'", close);
            }

            Leave();
            return new ConditionalGroup(inner);
        }

        if (!IsConditionalWord(token) || token.IsWord("]]"))
        {
            throw ConditionalError($"unexpected token `{Shown(token)}' in conditional command", token);
        }

        var word = token.Word!;
        var next = Peek();
        if (word.UnquotedText is { } op && UnaryTestOperators.Contains(op) && !IsBinaryOperator(next))
        {
            if (!IsConditionalWord(next) || next.IsWord("]]"))
            {
                throw ConditionalError($"unexpected argument `{Shown(next)}' to conditional unary operator", next);
            }

            Next();
            return new ConditionalUnary(op, next.Word!);
        }

        if (IsBinaryOperator(next))
        {
            Next();
            if (next.Text == "=~")
            {
                return new ConditionalBinary("=~", word, ReadRegexWord(next));
            }

            var right = Next();
            if (!IsConditionalWord(right) || right.IsWord("]]"))
            {
                throw ConditionalError($"unexpected argument `{Shown(right)}' to conditional binary operator", right);
            }

            return new ConditionalBinary(next.Text, word, right.Word!);
        }

        if (next.IsWord("]]") || next.IsOperator("&&") || next.IsOperator("||") || next.IsOperator(")"))
        {
            return new ConditionalWord(word);
        }

        throw next.Kind switch
        {
            TokenKind.EndOfInput => ConditionalEof(),
            TokenKind.Word => ConditionalError("conditional binary operator expected", next),
            _ => ConditionalError($"unexpected token `{Shown(next)}', conditional binary operator expected", next),
        };
    }

    private static bool IsBinaryOperator(Token token) =>
        (token.Kind == TokenKind.Word && token.Word!.UnquotedText is { } text && BinaryTestOperators.Contains(text))
        || token.IsOperator("<") || token.IsOperator(">");

    /// <summary>After <c>=~</c> bash reads the regex with parentheses and <c>|</c> as plain characters.</summary>
    private Word ReadRegexWord(Token op)
    {
        while (Cur is ' ' or '\t')
        {
            pos++;
        }

        if (AtEnd || Cur == '\n')
        {
            throw ConditionalError("unexpected argument `newline' to conditional binary operator", op);
        }

        return ReadDelimitedWord(
            static (_, c, depth) => depth == 0 && c is ' ' or '\t' or '\n',
            '(',
            ')',
            missing: ")",
            openedAt: pos);
    }
}
