using System.Numerics;
using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.Text.Test;

/// <summary>coreutils test and [: POSIX's rules by argument count, then a recursive -o / -a / ! / ( ) grammar.</summary>
public sealed class TestCommand(string name) : ICommand
{
    public string Name { get; } = name;

    private sealed class TestSyntaxException(string message) : Exception(message);

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var io = new CommandIO(context);
        var arguments = context.Arguments.ToList();
        if (Name == "[")
        {
            if (arguments.Count == 1 && arguments[0] is "--help" or "--version")
            {
                await io.Out.WriteAsync(arguments[0] == "--help" ? "Usage: test EXPRESSION\n  or:  [ EXPRESSION ]\n" : "[ (GNU coreutils) 9.1\n").ConfigureAwait(false);
                await io.Out.FlushAsync().ConfigureAwait(false);
                return 0;
            }
            if (arguments.Count == 0 || arguments[^1] != "]")
            {
                await io.ErrorAsync("missing ']'").ConfigureAwait(false);
                return 2;
            }
            arguments.RemoveAt(arguments.Count - 1);
        }
        try
        {
            var evaluator = new Evaluator(io, arguments);
            return await evaluator.EvaluateAsync().ConfigureAwait(false) ? 0 : 1;
        }
        catch (TestSyntaxException e)
        {
            await io.ErrorAsync(e.Message).ConfigureAwait(false);
            return 2;
        }
    }

    private sealed class Evaluator(CommandIO io, List<string> args)
    {
        private int _position;

        public async ValueTask<bool> EvaluateAsync()
        {
            if (args.Count == 0) return false;
            var result = args.Count switch
            {
                1 => args[0].Length > 0,
                2 => await TwoAsync(0).ConfigureAwait(false),
                3 => await ThreeAsync(0).ConfigureAwait(false),
                4 => await FourAsync().ConfigureAwait(false),
                _ => await ExpressionAsync().ConfigureAwait(false),
            };
            if (args.Count > 4 && _position < args.Count) throw new TestSyntaxException("extra argument " + Quoting.Locale(args[_position]));
            return result;
        }

        private async ValueTask<bool> FourAsync()
        {
            if (args[0] == "!") return !await ThreeAsync(1).ConfigureAwait(false);
            if (args[0] == "(" && args[3] == ")") return await TwoAsync(1).ConfigureAwait(false);
            var result = await ExpressionAsync().ConfigureAwait(false);
            if (_position < args.Count) throw new TestSyntaxException("extra argument " + Quoting.Locale(args[_position]));
            return result;
        }

        private async ValueTask<bool> TwoAsync(int at)
        {
            if (args[at] == "!") return args[at + 1].Length == 0;
            if (args[at].Length == 2 && args[at][0] == '-' && IsUnary(args[at][1])) return await UnaryAsync(args[at][1], args[at + 1]).ConfigureAwait(false);
            if (args[at].StartsWith('-')) throw new TestSyntaxException(Quoting.Locale(args[at]) + ": unary operator expected");
            throw new TestSyntaxException("missing argument after " + Quoting.Locale(args[at + 1]));
        }

        private async ValueTask<bool> ThreeAsync(int at)
        {
            if (IsBinary(args[at + 1])) return await BinaryAsync(args[at], args[at + 1], args[at + 2]).ConfigureAwait(false);
            if (args[at] == "!") return !await TwoAsync(at + 1).ConfigureAwait(false);
            if (args[at] == "(" && args[at + 2] == ")") return args[at + 1].Length > 0;
            if (args[at + 1] == "-a") return args[at].Length > 0 && args[at + 2].Length > 0;
            if (args[at + 1] == "-o") return args[at].Length > 0 || args[at + 2].Length > 0;
            throw new TestSyntaxException(Quoting.Locale(args[at + 1]) + ": binary operator expected");
        }

        private async ValueTask<bool> ExpressionAsync()
        {
            var result = await AndAsync().ConfigureAwait(false);
            while (_position < args.Count && args[_position] == "-o")
            {
                _position++;
                var right = await AndAsync().ConfigureAwait(false);
                result = result || right;
            }
            return result;
        }

        private async ValueTask<bool> AndAsync()
        {
            var result = await TermAsync().ConfigureAwait(false);
            while (_position < args.Count && args[_position] == "-a")
            {
                _position++;
                var right = await TermAsync().ConfigureAwait(false);
                result = result && right;
            }
            return result;
        }

        private async ValueTask<bool> TermAsync()
        {
            if (_position >= args.Count) throw new TestSyntaxException("missing argument after " + Quoting.Locale(args[^1]));
            var token = args[_position];
            if (token == "!")
            {
                _position++;
                return !await TermAsync().ConfigureAwait(false);
            }
            if (token == "(")
            {
                _position++;
                var inner = await ExpressionAsync().ConfigureAwait(false);
                if (_position >= args.Count || args[_position] != ")") throw new TestSyntaxException("')' expected");
                _position++;
                return inner;
            }
            if (_position + 2 < args.Count + 0 && IsBinary(args[_position + 1]))
            {
                var result = await BinaryAsync(token, args[_position + 1], args[_position + 2]).ConfigureAwait(false);
                _position += 3;
                return result;
            }
            if (token.Length == 2 && token[0] == '-' && IsUnary(token[1]) && _position + 1 < args.Count)
            {
                var result = await UnaryAsync(token[1], args[_position + 1]).ConfigureAwait(false);
                _position += 2;
                return result;
            }
            _position++;
            return token.Length > 0;
        }

        private static bool IsUnary(char op) => "bcdefghknprstuwxzGLOSN".Contains(op);

        private static bool IsBinary(string op) => op is "=" or "==" or "!=" or "<" or ">" or "-eq" or "-ne" or "-lt" or "-le" or "-gt" or "-ge" or "-nt" or "-ot" or "-ef";

        private async ValueTask<bool> UnaryAsync(char op, string operand)
        {
            switch (op)
            {
                case 'n': return operand.Length > 0;
                case 'z': return operand.Length == 0;
                case 't': return false;
            }
            EntryInfo? info = null;
            if (operand.Length > 0)
            {
                try
                {
                    info = await io.StatAsync(operand).ConfigureAwait(false);
                }
                catch (ResourceException)
                {
                    info = null;
                }
            }
            return op switch
            {
                'e' or 'r' or 'w' => info is not null,
                'f' => info is { IsFile: true },
                'd' => info is { IsDirectory: true },
                's' => info is not null && (info.Size ?? 0) > 0,
                'x' => info is { IsDirectory: true },
                'L' or 'h' => info is { Kind: EntryKind.Symlink },
                'O' or 'G' => info is not null,
                _ => false,
            };
        }

        private async ValueTask<bool> BinaryAsync(string left, string op, string right)
        {
            switch (op)
            {
                case "=" or "==": return left == right;
                case "!=": return left != right;
                case "<": return string.CompareOrdinal(left, right) < 0;
                case ">": return string.CompareOrdinal(left, right) > 0;
                case "-nt" or "-ot":
                    {
                        var a = await io.StatAsync(left).ConfigureAwait(false);
                        var b = await io.StatAsync(right).ConfigureAwait(false);
                        if (op == "-nt") return a is not null && (b is null || a.Modified > b.Modified);
                        return b is not null && (a is null || a.Modified < b.Modified);
                    }
                case "-ef": return io.Resolve(left) == io.Resolve(right) && await io.StatAsync(left).ConfigureAwait(false) is not null;
            }
            var x = Integer(left);
            var y = Integer(right);
            return op switch
            {
                "-eq" => x == y,
                "-ne" => x != y,
                "-lt" => x < y,
                "-le" => x <= y,
                "-gt" => x > y,
                _ => x >= y,
            };
        }

        private static BigInteger Integer(string text)
        {
            var trimmed = text.Trim(' ', '\t');
            var body = trimmed.StartsWith('-') || trimmed.StartsWith('+') ? trimmed[1..] : trimmed;
            if (body.Length == 0 || !body.All(char.IsAsciiDigit)) throw new TestSyntaxException("invalid integer " + Quoting.Locale(text));
            return BigInteger.Parse(trimmed, System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
