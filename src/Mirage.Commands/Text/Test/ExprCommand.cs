using System.Globalization;
using System.Numerics;
using Mirage.Commands.Common;
using Mirage.Commands.Text.RegexTranslation;
using Mirage.Commands.Text.Shared;

namespace Mirage.Commands.Text.Test;

/// <summary>coreutils expr: | &amp; comparisons + - * / % and ':' matching, substr/index/length; exit 1 for null or 0.</summary>
public sealed class ExprCommand : ICommand
{
    public string Name => "expr";

    private sealed class ExprException(string message, int status) : Exception(message)
    {
        public int Status { get; } = status;
    }

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var io = new CommandIO(context);
        var arguments = context.Arguments.ToList();
        if (arguments.Count > 0 && arguments[0] == "--") arguments.RemoveAt(0);
        if (arguments.Count == 0)
        {
            await io.ErrorAsync("missing operand").ConfigureAwait(false);
            return await io.UsageErrorAsync(null, 2).ConfigureAwait(false);
        }
        try
        {
            var parser = new Parser(arguments.Select(Latin1.FromArgument).ToList());
            var value = parser.Parse();
            await io.Out.WriteAsync(Latin1.GetBytes(value + "\n")).ConfigureAwait(false);
            await io.Out.FlushAsync().ConfigureAwait(false);
            return IsNull(value) ? 1 : 0;
        }
        catch (ExprException e)
        {
            await io.ErrorAsync(Latin1.ToDisplay(e.Message)).ConfigureAwait(false);
            return e.Status;
        }
    }

    private static bool IsNull(string value) => value.Length == 0 || (BigInteger.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n.IsZero && value.TrimStart('-').All(c => c == '0'));

    private static bool TryInteger(string value, out BigInteger number)
    {
        number = default;
        var body = value.StartsWith('-') ? value[1..] : value;
        return body.Length > 0 && body.All(char.IsAsciiDigit) && BigInteger.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number);
    }

    private sealed class Parser(List<string> tokens)
    {
        private int _position;

        public string Parse()
        {
            var value = Or();
            if (_position < tokens.Count) throw new ExprException("syntax error: unexpected argument " + Quoting.Locale(tokens[_position]), 2);
            return value;
        }

        private bool At(string token) => _position < tokens.Count && tokens[_position] == token;

        private string Or()
        {
            var left = And();
            while (At("|"))
            {
                _position++;
                var right = And();
                left = !IsNull(left) ? left : !IsNull(right) ? right : "0";
            }
            return left;
        }

        private string And()
        {
            var left = Compare();
            while (At("&"))
            {
                _position++;
                var right = Compare();
                left = !IsNull(left) && !IsNull(right) ? left : "0";
            }
            return left;
        }

        private string Compare()
        {
            var left = Sum();
            while (_position < tokens.Count && tokens[_position] is "<" or "<=" or "=" or "==" or "!=" or ">=" or ">")
            {
                var op = tokens[_position++];
                var right = Sum();
                int order = TryInteger(left, out var a) && TryInteger(right, out var b) ? a.CompareTo(b) : string.CompareOrdinal(left, right);
                var result = op switch
                {
                    "<" => order < 0,
                    "<=" => order <= 0,
                    "=" or "==" => order == 0,
                    "!=" => order != 0,
                    ">=" => order >= 0,
                    _ => order > 0,
                };
                left = result ? "1" : "0";
            }
            return left;
        }

        private string Sum()
        {
            var left = Product();
            while (At("+") || At("-"))
            {
                var op = tokens[_position++];
                var right = Product();
                var (a, b) = Numbers(left, right);
                left = (op == "+" ? a + b : a - b).ToString(CultureInfo.InvariantCulture);
            }
            return left;
        }

        private string Product()
        {
            var left = Match();
            while (At("*") || At("/") || At("%"))
            {
                var op = tokens[_position++];
                var right = Match();
                var (a, b) = Numbers(left, right);
                if (op != "*" && b.IsZero) throw new ExprException("division by zero", 2);
                left = (op == "*" ? a * b : op == "/" ? BigInteger.Divide(a, b) : BigInteger.Remainder(a, b)).ToString(CultureInfo.InvariantCulture);
            }
            return left;
        }

        private static (BigInteger, BigInteger) Numbers(string left, string right)
        {
            if (!TryInteger(left, out var a) || !TryInteger(right, out var b)) throw new ExprException("non-integer argument", 2);
            return (a, b);
        }

        private string Match()
        {
            var left = Primary();
            while (At(":"))
            {
                _position++;
                var pattern = Primary();
                left = RegexMatch(left, pattern);
            }
            return left;
        }

        private static string RegexMatch(string text, string pattern)
        {
            PatternMatcher matcher;
            int groups;
            try
            {
                matcher = PatternMatcher.CreateSingle("\\`" + pattern, new RegexDialect(RegexSyntax.Basic, DotMatchesNewline: true), false, out groups);
            }
            catch (RegexSyntaxException e)
            {
                throw new ExprException(e.Message, 2);
            }
            var match = matcher.FindMatch(text, 0);
            if (groups > 0) return match is { } m && m.Groups[1].Success ? m.Groups[1].Value : "";
            return (match?.Length ?? 0).ToString(CultureInfo.InvariantCulture);
        }

        private string Operand()
        {
            if (_position >= tokens.Count) throw new ExprException("syntax error: missing argument after " + Quoting.Locale(tokens[^1]), 2);
            return tokens[_position++];
        }

        private string Primary()
        {
            if (_position >= tokens.Count)
                throw new ExprException(tokens.Count == 0 ? "syntax error: missing argument" : "syntax error: missing argument after " + Quoting.Locale(tokens[^1]), 2);
            var token = tokens[_position];
            switch (token)
            {
                case "(":
                    {
                        _position++;
                        var value = Or();
                        if (!At(")"))
                        {
                            if (_position >= tokens.Count) throw new ExprException("syntax error: expecting ')' after " + Quoting.Locale(tokens[^1]), 2);
                            throw new ExprException("syntax error: expecting ')' instead of " + Quoting.Locale(tokens[_position]), 2);
                        }
                        _position++;
                        return value;
                    }
                case "+":
                    _position++;
                    return Operand();
                case "length":
                    _position++;
                    return Operand().Length.ToString(CultureInfo.InvariantCulture);
                case "match":
                    {
                        _position++;
                        var text = Operand();
                        return RegexMatch(text, Operand());
                    }
                case "index":
                    {
                        _position++;
                        var text = Operand();
                        var chars = Operand();
                        var index = text.IndexOfAny(chars.ToCharArray());
                        return (index + 1).ToString(CultureInfo.InvariantCulture);
                    }
                case "substr":
                    {
                        _position++;
                        var text = Operand();
                        var start = Operand();
                        var length = Operand();
                        if (!TryInteger(start, out var s) || !TryInteger(length, out var l) || s < 1 || l < 1 || s > text.Length) return "";
                        var from = (int)s - 1;
                        var count = (int)BigInteger.Min(l, text.Length - from);
                        return text.Substring(from, count);
                    }
                default:
                    _position++;
                    return token;
            }
        }
    }
}
