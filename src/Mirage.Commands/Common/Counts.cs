using System.Globalization;
using System.Numerics;

namespace Mirage.Commands.Common;

/// <summary>Numbers with GNU's multiplier suffixes (b=512, K=1024, kB=1000, M, MB, G, ... and KiB forms), as head, tail, split, du take them.</summary>
public static class Counts
{
    public enum Outcome { Ok, Invalid, TooLarge }

    /// <summary>Parses an unsigned count with an optional suffix.</summary>
    public static Outcome TryParse(string text, out long value)
    {
        value = 0;
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits])) digits++;
        if (digits == 0) return Outcome.Invalid;
        var suffix = text[digits..];
        BigInteger multiplier;
        if (suffix.Length == 0) multiplier = 1;
        else if (!TryMultiplier(suffix, out multiplier)) return Outcome.Invalid;
        var number = BigInteger.Parse(text[..digits], CultureInfo.InvariantCulture) * multiplier;
        if (number > long.MaxValue) return Outcome.TooLarge;
        value = (long)number;
        return Outcome.Ok;
    }

    private static bool TryMultiplier(string suffix, out BigInteger multiplier)
    {
        multiplier = 1;
        if (suffix == "b")
        {
            multiplier = 512;
            return true;
        }
        const string powers = "KMGTPEZYRQ";
        var letter = char.ToUpperInvariant(suffix[0]);
        var power = powers.IndexOf(letter, StringComparison.Ordinal);
        if (power < 0 || (suffix[0] == 'k' && suffix.Length == 1 && false)) return false;
        if (suffix[0] != 'k' && char.IsLower(suffix[0])) return false;
        BigInteger unit = suffix.Length switch
        {
            1 => 1024,
            2 when suffix[1] == 'B' => 1000,
            3 when suffix[1] == 'i' && suffix[2] == 'B' => 1024,
            _ => 0,
        };
        if (unit == 0) return false;
        multiplier = BigInteger.Pow(unit, power + 1);
        return true;
    }
}
