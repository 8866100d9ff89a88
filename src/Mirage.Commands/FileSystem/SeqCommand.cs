using System.Globalization;
using System.Numerics;
using Mirage.Commands.Common;

namespace Mirage.Commands.FileSystem;

/// <summary>seq: integer sequences of any size exactly; decimals with the precision of FIRST and INCREMENT; -f, -s, -w.</summary>
public sealed class SeqCommand() : GnuCommand("seq")
{
    private static readonly ArgParser Options = new("+f:s:w", "format=f", "separator=s", "equal-width=w", "help", "version") { NegativeNumbersAreOperands = true };

    protected override ArgParser Parser => Options;

    protected override string Authors => "Ulrich Drepper";

    protected override string Help => "Usage: seq [OPTION]... LAST\n  or:  seq [OPTION]... FIRST LAST\n  or:  seq [OPTION]... FIRST INCREMENT LAST\nPrint numbers from FIRST to LAST, in steps of INCREMENT.\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var operands = arguments.Operands;
        if (operands.Count == 0) return await io.UsageErrorAsync("missing operand").ConfigureAwait(false);
        if (operands.Count > 3) return await io.UsageErrorAsync($"extra operand {Quoting.ShellAlways(operands[3])}").ConfigureAwait(false);
        foreach (var operand in operands)
        {
            if (!TryParseNumber(operand, out _)) return await io.UsageErrorAsync($"invalid floating point argument: {Quoting.Locale(operand)}").ConfigureAwait(false);
        }
        var firstText = operands.Count > 1 ? operands[0] : "1";
        var stepText = operands.Count == 3 ? operands[1] : "1";
        var lastText = operands[^1];
        var separator = arguments.Last("s") ?? "\n";
        var format = arguments.Last("f");
        var equalWidth = arguments.Has("w");
        if (format is not null)
        {
            if (equalWidth)
            {
                await io.ErrorAsync("format string may not be specified when printing equal width strings").ConfigureAwait(false);
                return await io.UsageErrorAsync(null).ConfigureAwait(false);
            }
            var problem = CFormat.Validate(format, out _);
            if (problem is not null)
            {
                await io.ErrorAsync(problem).ConfigureAwait(false);
                return 1;
            }
        }
        var stepValue = Number(stepText);
        if (stepValue == 0)
            return await io.UsageErrorAsync($"invalid Zero increment value: {Quoting.Locale(stepText)}").ConfigureAwait(false);

        if (format is null && IsInteger(firstText) && IsInteger(stepText) && IsInteger(lastText))
        {
            await IntegersAsync(io, BigInteger.Parse(firstText, CultureInfo.InvariantCulture), BigInteger.Parse(stepText, CultureInfo.InvariantCulture),
                BigInteger.Parse(lastText, CultureInfo.InvariantCulture), separator, equalWidth).ConfigureAwait(false);
            return 0;
        }
        var first = Number(firstText);
        var last = Number(lastText);
        var precision = Math.Max(Precision(firstText), Precision(stepText));
        string Render(double value) => format is not null
            ? CFormat.FormatDouble(format, value)
            : value.ToString("F" + precision, CultureInfo.InvariantCulture);
        var width = 0;
        if (equalWidth)
        {
            width = Math.Max(Render(first).Length, Render(last).Length);
        }
        var printedAny = false;
        // Decimal operands step in decimal, so 0.1 steps land exactly on 1.0 as GNU's long doubles do.
        var exact = TryDecimal(firstText, out var firstDecimal) & TryDecimal(stepText, out var stepDecimal) & TryDecimal(lastText, out var lastDecimal);
        for (long i = 0; ; i++)
        {
            double value;
            if (exact)
            {
                var precise = firstDecimal + i * stepDecimal;
                if (stepDecimal > 0 ? precise > lastDecimal : precise < lastDecimal) break;
                value = (double)precise;
            }
            else
            {
                value = first + i * stepValue;
                if (stepValue > 0 ? value > last : value < last) break;
            }
            var text = Render(value);
            if (text == "-0" || (text.StartsWith("-0", StringComparison.Ordinal) && text.Trim('-', '0', '.').Length == 0 && format is null)) text = text[1..];
            if (equalWidth) text = PadNumber(text, width);
            await io.Out.WriteAsync((printedAny ? separator : "") + text).ConfigureAwait(false);
            printedAny = true;
        }
        if (printedAny) await io.Out.WriteAsync("\n").ConfigureAwait(false);
        return 0;
    }

    private static async ValueTask IntegersAsync(CommandIO io, BigInteger first, BigInteger step, BigInteger last, string separator, bool equalWidth)
    {
        var width = equalWidth ? Math.Max(first.ToString(CultureInfo.InvariantCulture).Length, last.ToString(CultureInfo.InvariantCulture).Length) : 0;
        var printedAny = false;
        for (var value = first; step > 0 ? value <= last : value >= last; value += step)
        {
            var text = value.ToString(CultureInfo.InvariantCulture);
            if (equalWidth) text = PadNumber(text, width);
            await io.Out.WriteAsync((printedAny ? separator : "") + text).ConfigureAwait(false);
            printedAny = true;
        }
        if (printedAny) await io.Out.WriteAsync("\n").ConfigureAwait(false);
    }

    /// <summary>Zero padding goes after the sign.</summary>
    private static string PadNumber(string text, int width) =>
        text.StartsWith('-') ? "-" + text[1..].PadLeft(width - 1, '0') : text.PadLeft(width, '0');

    private static bool IsInteger(string text) => text.TrimStart('+', '-').Length > 0 && text.TrimStart('+', '-').All(char.IsAsciiDigit) && !text.StartsWith('+');

    private static int Precision(string text)
    {
        var lower = text.ToLowerInvariant();
        var e = lower.IndexOf('e');
        var mantissa = e >= 0 ? lower[..e] : lower;
        var exponent = e >= 0 && int.TryParse(lower[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var x) ? x : 0;
        var dot = mantissa.IndexOf('.');
        var digits = dot >= 0 ? mantissa.Length - dot - 1 : 0;
        return Math.Max(0, digits - exponent);
    }

    private static bool TryDecimal(string text, out decimal value)
    {
        value = 0;
        try
        {
            return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static double Number(string text) => TryParseNumber(text, out var value) ? value : 0;

    private static bool TryParseNumber(string text, out double value)
    {
        value = 0;
        if (text.Length == 0 || text.Contains(' ', StringComparison.Ordinal)) return false;
        var lower = text.ToLowerInvariant();
        if (lower.TrimStart('+', '-') is "inf" or "infinity")
        {
            value = lower.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !double.IsNaN(value);
    }
}
