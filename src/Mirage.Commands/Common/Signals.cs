using System.Globalization;

namespace Mirage.Commands.Common;

/// <summary>Linux signal names and numbers as coreutils' str2sig/sig2str know them (kill, timeout).</summary>
public static class Signals
{
    public const int Kill = 9;
    public const int Term = 15;

    private const int RealTimeMin = 34;
    private const int RealTimeMax = 64;

    private static readonly (string Name, int Number)[] Table =
    [
        ("EXIT", 0), ("HUP", 1), ("INT", 2), ("QUIT", 3), ("ILL", 4), ("TRAP", 5), ("ABRT", 6), ("IOT", 6), ("BUS", 7),
        ("FPE", 8), ("KILL", 9), ("USR1", 10), ("SEGV", 11), ("USR2", 12), ("PIPE", 13), ("ALRM", 14), ("TERM", 15),
        ("STKFLT", 16), ("CHLD", 17), ("CLD", 17), ("CONT", 18), ("STOP", 19), ("TSTP", 20), ("TTIN", 21), ("TTOU", 22),
        ("URG", 23), ("XCPU", 24), ("XFSZ", 25), ("VTALRM", 26), ("PROF", 27), ("WINCH", 28), ("POLL", 29), ("IO", 29),
        ("PWR", 30), ("SYS", 31),
    ];

    /// <summary>A signal operand ("TERM", "SIGterm", "9", "RTMIN+2") as a number; null when it names none.</summary>
    public static int? Parse(string operand)
    {
        ArgumentNullException.ThrowIfNull(operand);
        if (operand.Length > 0 && char.IsAsciiDigit(operand[0]))
            return int.TryParse(operand, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number <= RealTimeMax ? number : null;
        var name = operand.ToUpperInvariant();
        if (name.StartsWith("SIG", StringComparison.Ordinal)) name = name[3..];
        foreach (var (known, value) in Table)
        {
            if (known == name) return value;
        }
        if (name.StartsWith("RTMIN", StringComparison.Ordinal)) return RealTime(name[5..], RealTimeMin, 1);
        if (name.StartsWith("RTMAX", StringComparison.Ordinal)) return RealTime(name[5..], RealTimeMax, -1);
        return null;
    }

    private static int? RealTime(string offset, int origin, int direction)
    {
        if (offset.Length == 0) return origin;
        if (offset[0] != (direction > 0 ? '+' : '-') || !int.TryParse(offset[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return null;
        var number = origin + direction * n;
        return number is >= RealTimeMin and <= RealTimeMax ? number : null;
    }

    /// <summary>The name sig2str gives a number ("TERM", "RTMIN+1"), or the number itself.</summary>
    public static string Name(int number)
    {
        foreach (var (known, value) in Table)
        {
            if (value == number) return known;
        }
        if (number is >= RealTimeMin and <= RealTimeMax)
        {
            var half = (RealTimeMin + RealTimeMax) / 2;
            return number <= half
                ? number == RealTimeMin ? "RTMIN" : "RTMIN+" + (number - RealTimeMin).ToString(CultureInfo.InvariantCulture)
                : number == RealTimeMax ? "RTMAX" : "RTMAX-" + (RealTimeMax - number).ToString(CultureInfo.InvariantCulture);
        }
        return number.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Signals whose default action does not end a process (timeout follows each with SIGCONT, so stops end too).</summary>
    public static bool LeavesRunning(int number) => number is 0 or 17 or 18 or 19 or 20 or 21 or 22 or 23 or 28;
}
