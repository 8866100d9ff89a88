using System.Globalization;
using System.Numerics;
using System.Text;
using Mirage.Commands.Common;
using Mirage.Commands.Text.Shared;

namespace Mirage.Commands.Text.Printf;

/// <summary>coreutils printf: the format is reused until the arguments run out; conversions as C printf.</summary>
public sealed class PrintfCommand : ICommand
{
    public string Name => "printf";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var io = new CommandIO(context);
        var arguments = context.Arguments.ToList();
        if (arguments.Count > 0 && arguments[0] == "--") arguments.RemoveAt(0);
        if (arguments.Count == 0)
        {
            await io.ErrorAsync("missing operand").ConfigureAwait(false);
            return await io.UsageErrorAsync(null).ConfigureAwait(false);
        }
        if (arguments.Count == 1 && arguments[0] == "--help")
        {
            await io.Out.WriteAsync("Usage: printf FORMAT [ARGUMENT]...\n  or:  printf OPTION\n").ConfigureAwait(false);
            await io.Out.FlushAsync().ConfigureAwait(false);
            return 0;
        }
        if (arguments.Count == 1 && arguments[0] == "--version")
        {
            await io.Out.WriteAsync("printf (GNU coreutils) 9.1\n").ConfigureAwait(false);
            await io.Out.FlushAsync().ConfigureAwait(false);
            return 0;
        }
        var formatter = new PrintfFormatter(arguments.Select(Latin1.FromArgument).ToList());
        var output = formatter.Run();
        await io.Out.WriteAsync(Latin1.GetBytes(output)).ConfigureAwait(false);
        foreach (var error in formatter.Errors) await io.ErrorAsync(error).ConfigureAwait(false);
        if (formatter.ExtraArgumentsIgnored is { } ignored)
            await io.ErrorAsync("warning: ignoring excess arguments, starting with " + Quoting.Locale(Latin1.ToDisplay(ignored))).ConfigureAwait(false);
        await io.Out.FlushAsync().ConfigureAwait(false);
        return formatter.Errors.Count > 0 ? 1 : 0;
    }
}

/// <summary>The printf engine over Latin-1 strings (one char per byte).</summary>
public sealed class PrintfFormatter(IReadOnlyList<string> arguments)
{
    private readonly StringBuilder _output = new();
    private int _next = 1;
    private bool _stopped;

    public List<string> Errors { get; } = [];

    public string? ExtraArgumentsIgnored { get; private set; }

    public string Run()
    {
        var format = arguments[0];
        do
        {
            var consumedBefore = _next;
            FormatOnce(format);
            if (_stopped || _next == consumedBefore) break;
        }
        while (_next < arguments.Count);
        if (!_stopped && _next < arguments.Count && !FormatHasConversions(format)) ExtraArgumentsIgnored = arguments[_next];
        return _output.ToString();
    }

    private static bool FormatHasConversions(string format)
    {
        for (var i = 0; i < format.Length - 1; i++)
        {
            if (format[i] == '\\') { i++; continue; }
            if (format[i] == '%' && format[i + 1] != '%') return true;
            if (format[i] == '%') i++;
        }
        return false;
    }

    private string? NextArgument() => _next < arguments.Count ? arguments[_next++] : null;

    private void FormatOnce(string format)
    {
        var i = 0;
        while (i < format.Length && !_stopped)
        {
            var c = format[i];
            if (c == '\\')
            {
                i = Escapes.Read(format, i, _output, inArgument: false, out var stop);
                if (stop) _stopped = true;
                continue;
            }
            if (c != '%')
            {
                _output.Append(c);
                i++;
                continue;
            }
            i++;
            if (i >= format.Length)
            {
                Errors.Add("%: invalid conversion specification");
                _stopped = true;
                return;
            }
            if (format[i] == '%')
            {
                _output.Append('%');
                i++;
                continue;
            }
            var start = i - 1;
            bool left = false, zero = false, plus = false, space = false, alternate = false;
            while (i < format.Length && format[i] is '-' or '0' or '+' or ' ' or '#' or '\'')
            {
                switch (format[i])
                {
                    case '-': left = true; break;
                    case '0': zero = true; break;
                    case '+': plus = true; break;
                    case ' ': space = true; break;
                    case '#': alternate = true; break;
                }
                i++;
            }
            int? width = null;
            if (i < format.Length && format[i] == '*')
            {
                width = (int)BigInteger.Clamp(ParseInteger(NextArgument()), int.MinValue, int.MaxValue);
                if (width < 0)
                {
                    left = true;
                    width = -width;
                }
                i++;
            }
            else
            {
                var digits = 0;
                while (i < format.Length && char.IsAsciiDigit(format[i])) { digits = digits * 10 + (format[i] - '0'); width = digits; i++; }
            }
            int? precision = null;
            if (i < format.Length && format[i] == '.')
            {
                i++;
                if (i < format.Length && format[i] == '*')
                {
                    var value = ParseInteger(NextArgument());
                    precision = value < 0 ? null : (int)BigInteger.Min(value, int.MaxValue);
                    i++;
                }
                else
                {
                    var digits = 0;
                    while (i < format.Length && char.IsAsciiDigit(format[i])) { digits = digits * 10 + (format[i] - '0'); i++; }
                    precision = digits;
                }
            }
            while (i < format.Length && format[i] is 'h' or 'l' or 'L' or 'q' or 'j' or 'z' or 't') i++;
            if (i >= format.Length)
            {
                Errors.Add(Quoting.Locale(Latin1.ToDisplay(format[start..])) + ": invalid conversion specification");
                Errors[^1] = "%" + format[(start + 1)..] + ": invalid conversion specification";
                _stopped = true;
                return;
            }
            var conversion = format[i];
            i++;
            var spec = new FormatSpec(left, zero, plus, space, alternate, width, precision, conversion);
            switch (conversion)
            {
                case 'd' or 'i' or 'o' or 'u' or 'x' or 'X':
                    _output.Append(CNumberFormat.FormatInteger(ParseInteger(NextArgument()), spec));
                    break;
                case 'f' or 'F' or 'e' or 'E' or 'g' or 'G' or 'a' or 'A':
                    _output.Append(CNumberFormat.FormatFloat(ParseFloat(NextArgument()), spec));
                    break;
                case 'c':
                    {
                        var argument = NextArgument() ?? "";
                        _output.Append(CNumberFormat.Pad("", argument.Length > 0 ? argument[..1] : "\0", spec with { ZeroPad = false }, false));
                        break;
                    }
                case 's':
                    {
                        var argument = NextArgument() ?? "";
                        if (precision is { } p && p < argument.Length) argument = argument[..p];
                        _output.Append(CNumberFormat.Pad("", argument, spec with { ZeroPad = false }, false));
                        break;
                    }
                case 'b':
                    {
                        var argument = NextArgument() ?? "";
                        var expanded = new StringBuilder();
                        var k = 0;
                        var stop = false;
                        while (k < argument.Length && !stop)
                        {
                            if (argument[k] == '\\') k = Escapes.Read(argument, k, expanded, inArgument: true, out stop);
                            else expanded.Append(argument[k++]);
                        }
                        var text = expanded.ToString();
                        if (precision is { } p && p < text.Length) text = text[..p];
                        _output.Append(CNumberFormat.Pad("", text, spec with { ZeroPad = false }, false));
                        if (stop) _stopped = true;
                        break;
                    }
                case 'q':
                    {
                        var argument = NextArgument() ?? "";
                        _output.Append(CNumberFormat.Pad("", Latin1.FromArgument(Quoting.ShellIfNeeded(Latin1.ToDisplay(argument))), spec with { ZeroPad = false }, false));
                        break;
                    }
                default:
                    Errors.Add("%" + format[(start + 1)..i] + ": invalid conversion specification");
                    _stopped = true;
                    return;
            }
        }
    }

    private BigInteger ParseInteger(string? argument)
    {
        if (argument is null) return BigInteger.Zero;
        if (argument.Length >= 2 && argument[0] is '\'' or '"') return argument[1];
        var text = argument.TrimStart(' ', '\t', '\n');
        var negative = false;
        var position = 0;
        if (position < text.Length && text[position] is '+' or '-')
        {
            negative = text[position] == '-';
            position++;
        }
        var radix = 10;
        if (text.Length > position + 1 && text[position] == '0' && text[position + 1] is 'x' or 'X') { radix = 16; position += 2; }
        else if (text.Length > position && text[position] == '0') radix = 8;
        var value = BigInteger.Zero;
        var digits = 0;
        while (position < text.Length)
        {
            var digit = HexDigit(text[position]);
            if (digit < 0 || digit >= radix) break;
            value = value * radix + digit;
            digits++;
            position++;
        }
        if (negative) value = -value;
        if (digits == 0 && !(radix == 8))
        {
            Errors.Add(Quoting.Locale(Latin1.ToDisplay(argument)) + ": expected a numeric value");
            return BigInteger.Zero;
        }
        if (position < text.Length)
        {
            Errors.Add(Quoting.Locale(Latin1.ToDisplay(argument)) + ": value not completely converted");
        }
        var max = new BigInteger(long.MaxValue);
        var min = new BigInteger(long.MinValue);
        if (value > ulong.MaxValue || value < min)
        {
            Errors.Add(Quoting.Locale(Latin1.ToDisplay(argument)) + ": Numerical result out of range");
            value = value > 0 ? max : min;
        }
        return value;
    }

    private double ParseFloat(string? argument)
    {
        if (argument is null) return 0;
        if (argument.Length >= 2 && argument[0] is '\'' or '"') return argument[1];
        var text = argument.Trim(' ', '\t', '\n');
        var length = text.Length;
        while (length > 0)
        {
            var candidate = text[..length];
            if (TryParseFloat(candidate, out var value))
            {
                if (length < text.Length) Errors.Add(Quoting.Locale(Latin1.ToDisplay(argument)) + ": value not completely converted");
                return value;
            }
            length--;
        }
        Errors.Add(Quoting.Locale(Latin1.ToDisplay(argument)) + ": expected a numeric value");
        return 0;
    }

    private static bool TryParseFloat(string text, out double value)
    {
        value = 0;
        if (text.Length == 0 || text.EndsWith('e') || text.EndsWith('E') || text.EndsWith('+') || text.EndsWith('-')) return false;
        var body = text.TrimStart('+', '-');
        var negative = text.StartsWith('-');
        if (body.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            if (!long.TryParse(body[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex)) return false;
            value = negative ? -hex : hex;
            return true;
        }
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }
        if (body.Length == 0 || !(char.IsAsciiDigit(body[0]) || body[0] == '.')) return false;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static int HexDigit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}

/// <summary>Backslash escapes of printf formats, %b arguments and echo -e.</summary>
public static class Escapes
{
    /// <summary>Reads the escape at <paramref name="index"/> (a backslash); returns the index after it.</summary>
    public static int Read(string text, int index, StringBuilder output, bool inArgument, out bool stop)
    {
        stop = false;
        if (index + 1 >= text.Length)
        {
            output.Append('\\');
            return index + 1;
        }
        var c = text[index + 1];
        var i = index + 2;
        switch (c)
        {
            case '\\': output.Append('\\'); break;
            case 'a': output.Append('\a'); break;
            case 'b': output.Append('\b'); break;
            case 'c': stop = true; break;
            case 'e': output.Append('\x1b'); break;
            case 'f': output.Append('\f'); break;
            case 'n': output.Append('\n'); break;
            case 'r': output.Append('\r'); break;
            case 't': output.Append('\t'); break;
            case 'v': output.Append('\v'); break;
            case '"' when !inArgument: output.Append('"'); break;
            case '\'' when !inArgument: output.Append('\''); break;
            case 'x':
                {
                    var value = 0;
                    var digits = 0;
                    while (digits < 2 && i < text.Length && Uri.IsHexDigit(text[i]))
                    {
                        value = value * 16 + Convert.ToInt32(text[i].ToString(), 16);
                        digits++;
                        i++;
                    }
                    if (digits == 0)
                    {
                        output.Append("\\x");
                        break;
                    }
                    output.Append((char)value);
                    break;
                }
            case >= '0' and <= '7':
                {
                    // printf formats take \NNN; %b and echo take \0NNN (and \NNN too).
                    var value = 0;
                    var digits = 0;
                    i = index + 1;
                    var max = 3;
                    if (inArgument && text[i] == '0')
                    {
                        i++;
                        max = 3;
                    }
                    while (digits < max && i < text.Length && text[i] is >= '0' and <= '7')
                    {
                        value = value * 8 + (text[i] - '0');
                        digits++;
                        i++;
                    }
                    output.Append((char)(value & 0xff));
                    break;
                }
            case 'u' or 'U':
                {
                    var max = c == 'u' ? 4 : 8;
                    var value = 0;
                    var digits = 0;
                    while (digits < max && i < text.Length && Uri.IsHexDigit(text[i]))
                    {
                        value = value * 16 + Convert.ToInt32(text[i].ToString(), 16);
                        digits++;
                        i++;
                    }
                    // The C locale cannot encode a non-ASCII character, so coreutils prints the escape back.
                    if (value < 0x80) output.Append((char)value);
                    else output.Append(value <= 0xFFFF ? "\\u" + value.ToString("X4", System.Globalization.CultureInfo.InvariantCulture) : "\\U" + value.ToString("X8", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                }
            default:
                output.Append('\\').Append(c);
                break;
        }
        return i;
    }
}
