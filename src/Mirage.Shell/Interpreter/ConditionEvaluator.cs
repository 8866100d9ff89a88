using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Mirage.Shell.Expansion;
using Mirage.Shell.Syntax.Ast;
using Mirage.Vfs;

namespace Mirage.Shell.Interpreter;

/// <summary>A test or [[ ]] error: reported, status 2.</summary>
public sealed class ConditionException : Exception
{
    public ConditionException()
    {
    }

    public ConditionException(string message)
        : base(message)
    {
    }

    public ConditionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Evaluates <c>[[ ]]</c> expressions and the primaries shared with <c>test</c>.</summary>
internal sealed class ConditionEvaluator(Shell shell)
{
    private static readonly HashSet<string> UnaryFileOperators = new(StringComparer.Ordinal)
    {
        "-a", "-b", "-c", "-d", "-e", "-f", "-g", "-h", "-k", "-p", "-r", "-s", "-t", "-u", "-w", "-x", "-G", "-L", "-N", "-O", "-S",
    };

    public static bool IsUnaryOperator(string op) => UnaryFileOperators.Contains(op) || op is "-z" or "-n" or "-v" or "-o" or "-R";

    public static bool IsBinaryOperator(string op) =>
        op is "=" or "==" or "!=" or "<" or ">" or "-eq" or "-ne" or "-lt" or "-le" or "-gt" or "-ge" or "-nt" or "-ot" or "-ef" or "=~";

    public async ValueTask<bool> EvaluateAsync(ConditionalExpression expression, CancellationToken cancellationToken)
    {
        var expander = shell.Expander;
        switch (expression)
        {
            case ConditionalWord word:
                return (await expander.ExpandStringAsync(word.Word, cancellationToken, tilde: true).ConfigureAwait(false)).Length > 0;
            case ConditionalNot not:
                return !await EvaluateAsync(not.Operand, cancellationToken).ConfigureAwait(false);
            case ConditionalAnd and:
                return await EvaluateAsync(and.Left, cancellationToken).ConfigureAwait(false) && await EvaluateAsync(and.Right, cancellationToken).ConfigureAwait(false);
            case ConditionalOr or:
                return await EvaluateAsync(or.Left, cancellationToken).ConfigureAwait(false) || await EvaluateAsync(or.Right, cancellationToken).ConfigureAwait(false);
            case ConditionalGroup group:
                return await EvaluateAsync(group.Inner, cancellationToken).ConfigureAwait(false);
            case ConditionalUnary unary:
            {
                var operand = await expander.ExpandStringAsync(unary.Operand, cancellationToken, tilde: true).ConfigureAwait(false);
                return await UnaryAsync(unary.Operator, operand, cancellationToken).ConfigureAwait(false);
            }

            case ConditionalBinary binary:
            {
                var left = await expander.ExpandStringAsync(binary.Left, cancellationToken, tilde: true).ConfigureAwait(false);
                switch (binary.Operator)
                {
                    case "==" or "=" or "!=":
                    {
                        var pattern = await expander.ExpandPatternAsync(binary.Right, cancellationToken).ConfigureAwait(false);
                        var matched = GlobPattern.Compile(pattern, shell.Settings.NoCaseMatch, extendedGlob: true).IsMatch(left);
                        return binary.Operator == "!=" ? !matched : matched;
                    }

                    case "=~":
                        return MatchRegex(left, await RegexTextAsync(binary.Right, cancellationToken).ConfigureAwait(false));
                    case "-eq" or "-ne" or "-lt" or "-le" or "-gt" or "-ge":
                    {
                        var right = await expander.ExpandStringAsync(binary.Right, cancellationToken, tilde: true).ConfigureAwait(false);
                        return Compare(binary.Operator, shell.EvaluateArithmetic(left), shell.EvaluateArithmetic(right));
                    }

                    default:
                    {
                        var right = await expander.ExpandStringAsync(binary.Right, cancellationToken, tilde: true).ConfigureAwait(false);
                        return await BinaryAsync(binary.Operator, left, right, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            default:
                return false;
        }
    }

    /// <summary>The regex of <c>=~</c>: quoted parts match literally.</summary>
    private async ValueTask<string> RegexTextAsync(Word word, CancellationToken cancellationToken)
    {
        var builder = new StringBuilder();
        foreach (var part in word.Parts)
        {
            var text = await shell.Expander.ExpandStringAsync(new Word(SyntaxList.Of(part)), cancellationToken).ConfigureAwait(false);
            builder.Append(part is QuotedLiteralPart or DoubleQuotedPart ? Regex.Escape(text) : text);
        }

        return builder.ToString();
    }

    private bool MatchRegex(string text, string pattern)
    {
        Regex regex;
        try
        {
            var options = RegexOptions.CultureInvariant | (shell.Settings.NoCaseMatch ? RegexOptions.IgnoreCase : RegexOptions.None);
            regex = new Regex(TranslateRegex(pattern), options, TimeSpan.FromSeconds(5));
        }
        catch (ArgumentException)
        {
            throw new ConditionException("syntax error in regular expression");
        }

        var match = regex.Match(text);
        var variable = shell.Variables.DeclareGlobal("BASH_REMATCH");
        variable.Scalar = null;
        variable.Attributes |= VariableAttributes.IndexedArray;
        variable.Indexed = [];
        if (!match.Success)
        {
            return false;
        }

        for (var i = 0; i < match.Groups.Count; i++)
        {
            variable.Indexed[i] = match.Groups[i].Success ? match.Groups[i].Value : "";
        }

        return true;
    }

    /// <summary>POSIX ERE to .NET: bracket classes such as [[:alpha:]] become explicit ranges.</summary>
    private static string TranslateRegex(string pattern)
    {
        var builder = new StringBuilder();
        var inBracket = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (!inBracket && c == '\\' && i + 1 < pattern.Length)
            {
                builder.Append(c).Append(pattern[++i]);
                continue;
            }

            if (!inBracket && c == '[')
            {
                inBracket = true;
                builder.Append(c);
                if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                {
                    builder.Append('^');
                    i++;
                }

                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    builder.Append("\\]");
                    i++;
                }

                continue;
            }

            if (inBracket)
            {
                if (c == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':')
                {
                    var close = pattern.IndexOf(":]", i + 2, StringComparison.Ordinal);
                    if (close > 0)
                    {
                        builder.Append(pattern[(i + 2)..close] switch
                        {
                            "alpha" => "a-zA-Z",
                            "digit" => "0-9",
                            "alnum" => "a-zA-Z0-9",
                            "upper" => "A-Z",
                            "lower" => "a-z",
                            "space" => "\\s",
                            "blank" => " \\t",
                            "punct" => "!-/:-@\\[-`{-~",
                            "xdigit" => "0-9A-Fa-f",
                            "word" => "\\w",
                            "print" => " -~",
                            "graph" => "!-~",
                            "cntrl" => "\\x00-\\x1f\\x7f",
                            _ => "",
                        });
                        i = close + 1;
                        continue;
                    }
                }

                if (c == ']')
                {
                    inBracket = false;
                }
                else if (c == '\\' || c == '[')
                {
                    builder.Append('\\');
                }

                builder.Append(c);
                continue;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    public static bool Compare(string op, long left, long right) => op switch
    {
        "-eq" => left == right,
        "-ne" => left != right,
        "-lt" => left < right,
        "-le" => left <= right,
        "-gt" => left > right,
        _ => left >= right,
    };

    public async ValueTask<bool> UnaryAsync(string op, string operand, CancellationToken cancellationToken)
    {
        switch (op)
        {
            case "-z":
                return operand.Length == 0;
            case "-n":
                return operand.Length > 0;
            case "-o":
                return Builtins.SetBuiltin.IsOptionOn(shell, operand);
            case "-v":
            {
                var bracket = operand.IndexOf('[', StringComparison.Ordinal);
                if (bracket > 0 && operand.EndsWith(']'))
                {
                    var variable = shell.Variables.Find(operand[..bracket]);
                    var subscript = operand[(bracket + 1)..^1];
                    return variable is not null && (subscript is "@" or "*" ? variable.IsSet : shell.Variables.GetElement(variable, subscript) is not null);
                }

                return shell.GetSpecial(operand) is not null || shell.Variables.Find(operand)?.IsSet == true
                    || (operand.All(char.IsAsciiDigit) && int.Parse(operand, CultureInfo.InvariantCulture) <= shell.Positional.Count && operand != "0");
            }

            case "-R":
                return shell.Variables.FindRaw(operand)?.Has(VariableAttributes.NameReference) == true;
            case "-t":
                return false;
        }

        if (operand.Length == 0)
        {
            return false;
        }

        var entry = await shell.StatOrNullAsync(operand, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return false;
        }

        return op switch
        {
            "-e" or "-a" => true,
            "-f" => entry.Kind == EntryKind.File,
            "-d" => entry.Kind == EntryKind.Directory,
            "-h" or "-L" => entry.Kind == EntryKind.Symlink,
            "-s" => entry.Kind == EntryKind.Directory || entry.Size is null || entry.Size > 0,
            // Nothing in the tree refuses a read or write for want of permission bits (cat of a 000 file works),
            // so -r and -w answer as they do for root; -x still needs an execute bit on a file.
            "-r" or "-w" => true,
            "-x" => entry.Kind == EntryKind.Directory || (entry.Mode is { } mode && (mode & 0x49) != 0),
            "-O" or "-G" => true,
            "-N" => false,
            _ => false,
        };
    }

    public async ValueTask<bool> BinaryAsync(string op, string left, string right, CancellationToken cancellationToken)
    {
        switch (op)
        {
            case "=" or "==":
                return left == right;
            case "!=":
                return left != right;
            case "<":
                return string.CompareOrdinal(left, right) < 0;
            case ">":
                return string.CompareOrdinal(left, right) > 0;
            case "-nt" or "-ot":
            {
                var a = await shell.StatOrNullAsync(left, cancellationToken).ConfigureAwait(false);
                var b = await shell.StatOrNullAsync(right, cancellationToken).ConfigureAwait(false);
                if (op == "-nt")
                {
                    return a is not null && (b is null || (a.Modified ?? default) > (b.Modified ?? default));
                }

                return b is not null && (a is null || (a.Modified ?? default) < (b.Modified ?? default));
            }

            case "-ef":
            {
                var a = await shell.StatOrNullAsync(left, cancellationToken).ConfigureAwait(false);
                var b = await shell.StatOrNullAsync(right, cancellationToken).ConfigureAwait(false);
                return a is not null && b is not null && a.Path == b.Path;
            }

            default:
                throw new ConditionException($"{op}: binary operator expected");
        }
    }
}
