using System.Globalization;

namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>test expr</c> and <c>[ expr ]</c> with POSIX's argument-count rules and <c>-a -o ! ( )</c>.</summary>
internal static class TestBuiltin
{
    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        var arguments = context.Arguments.ToList();
        if (context.Name == "[")
        {
            if (arguments.Count == 0 || arguments[^1] != "]")
            {
                await context.ErrorAsync("missing `]'").ConfigureAwait(false);
                return 2;
            }

            arguments.RemoveAt(arguments.Count - 1);
        }

        try
        {
            var evaluator = new Evaluator(context.Shell, arguments, cancellationToken);
            return await evaluator.RunAsync().ConfigureAwait(false) ? 0 : 1;
        }
        catch (ConditionException error)
        {
            await context.ErrorAsync(error.Message).ConfigureAwait(false);
            return 2;
        }
    }

    private sealed class Evaluator(Shell shell, List<string> arguments, CancellationToken cancellationToken)
    {
        private readonly ConditionEvaluator conditions = new(shell);
        private int position;

        public async ValueTask<bool> RunAsync()
        {
            if (arguments.Count == 0)
            {
                return false;
            }

            var result = await ShortFormAsync(0, arguments.Count).ConfigureAwait(false);
            if (result is { } value)
            {
                return value;
            }

            position = 0;
            var parsed = await OrAsync().ConfigureAwait(false);
            if (position < arguments.Count)
            {
                throw new ConditionException(position + 1 < arguments.Count || arguments[position] != ")" ? "too many arguments" : $"{arguments[position]}: binary operator expected");
            }

            return parsed;
        }

        /// <summary>The POSIX rules for up to four arguments; null to use the full grammar.</summary>
        private async ValueTask<bool?> ShortFormAsync(int start, int count)
        {
            switch (count)
            {
                case 0:
                    return false;
                case 1:
                    return arguments[start].Length > 0;
                case 2:
                    if (arguments[start] == "!")
                    {
                        return arguments[start + 1].Length == 0;
                    }

                    if (ConditionEvaluator.IsUnaryOperator(arguments[start]))
                    {
                        return await conditions.UnaryAsync(arguments[start], arguments[start + 1], cancellationToken).ConfigureAwait(false);
                    }

                    throw new ConditionException($"{arguments[start]}: unary operator expected");
                case 3:
                    if (ConditionEvaluator.IsBinaryOperator(arguments[start + 1]) && arguments[start + 1] != "=~")
                    {
                        return await BinaryAsync(arguments[start], arguments[start + 1], arguments[start + 2]).ConfigureAwait(false);
                    }

                    if (arguments[start + 1] is "-a" or "-o")
                    {
                        var left = arguments[start].Length > 0;
                        var right = arguments[start + 2].Length > 0;
                        return arguments[start + 1] == "-a" ? left && right : left || right;
                    }

                    if (arguments[start] == "!")
                    {
                        return !(await ShortFormAsync(start + 1, 2).ConfigureAwait(false) ?? false);
                    }

                    if (arguments[start] == "(" && arguments[start + 2] == ")")
                    {
                        return arguments[start + 1].Length > 0;
                    }

                    throw new ConditionException($"{arguments[start + 1]}: binary operator expected");
                case 4:
                    if (arguments[start] == "!")
                    {
                        return !(await ShortFormAsync(start + 1, 3).ConfigureAwait(false) ?? false);
                    }

                    if (arguments[start] == "(" && arguments[start + 3] == ")")
                    {
                        return await ShortFormAsync(start + 1, 2).ConfigureAwait(false);
                    }

                    return null;
                default:
                    return null;
            }
        }

        private async ValueTask<bool> BinaryAsync(string left, string op, string right)
        {
            switch (op)
            {
                case "-eq" or "-ne" or "-lt" or "-le" or "-gt" or "-ge":
                    return ConditionEvaluator.Compare(op, Integer(left), Integer(right));
                default:
                    return await conditions.BinaryAsync(op, left, right, cancellationToken).ConfigureAwait(false);
            }
        }

        private static long Integer(string text)
        {
            var trimmed = text.Trim(' ', '\t', '\n');
            if (long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            throw new ConditionException($"{text}: integer expression expected");
        }

        private async ValueTask<bool> OrAsync()
        {
            var value = await AndAsync().ConfigureAwait(false);
            while (position < arguments.Count && arguments[position] == "-o")
            {
                position++;
                var right = await AndAsync().ConfigureAwait(false);
                value = value || right;
            }

            return value;
        }

        private async ValueTask<bool> AndAsync()
        {
            var value = await NotAsync().ConfigureAwait(false);
            while (position < arguments.Count && arguments[position] == "-a")
            {
                position++;
                var right = await NotAsync().ConfigureAwait(false);
                value = value && right;
            }

            return value;
        }

        private async ValueTask<bool> NotAsync()
        {
            if (position < arguments.Count && arguments[position] == "!")
            {
                position++;
                return !await NotAsync().ConfigureAwait(false);
            }

            return await PrimaryAsync().ConfigureAwait(false);
        }

        private async ValueTask<bool> PrimaryAsync()
        {
            if (position >= arguments.Count)
            {
                throw new ConditionException("argument expected");
            }

            var current = arguments[position];
            if (current == "(")
            {
                position++;
                var inner = await OrAsync().ConfigureAwait(false);
                if (position >= arguments.Count || arguments[position] != ")")
                {
                    throw new ConditionException("`)' expected");
                }

                position++;
                return inner;
            }

            if (position + 2 < arguments.Count && ConditionEvaluator.IsBinaryOperator(arguments[position + 1]))
            {
                var result = await BinaryAsync(current, arguments[position + 1], arguments[position + 2]).ConfigureAwait(false);
                position += 3;
                return result;
            }

            if (ConditionEvaluator.IsUnaryOperator(current) && position + 1 < arguments.Count)
            {
                var result = await conditions.UnaryAsync(current, arguments[position + 1], cancellationToken).ConfigureAwait(false);
                position += 2;
                return result;
            }

            position++;
            return current.Length > 0;
        }
    }
}
