namespace Mirage.Commands.Common;

/// <summary>Checks and applies chmod-style modes ("755", "u+x,go-w", "a=r").</summary>
public static class ModeParser
{
    public static bool IsValid(string mode) => TryApply(mode, 0, isDirectory: false, out _);

    /// <summary>Applies <paramref name="mode"/> to <paramref name="current"/> permission bits.</summary>
    public static bool TryApply(string mode, int current, bool isDirectory, out int result)
    {
        result = current;
        if (mode.Length == 0) return false;
        if (mode.All(char.IsAsciiDigit))
        {
            if (mode.Any(c => c > '7') || mode.Length > 4) return false;
            result = Convert.ToInt32(mode, 8);
            return true;
        }
        foreach (var clause in mode.Split(','))
        {
            var i = 0;
            var who = 0;
            while (i < clause.Length && "ugoa".Contains(clause[i], StringComparison.Ordinal))
            {
                who |= clause[i] switch { 'u' => 0x9C0, 'g' => 0x438, 'o' => 0x207, _ => 0xFFF };
                i++;
            }
            if (who == 0) who = 0xFFF & ~0x012; // no "who": like a with the usual umask 022
            if (i >= clause.Length) return false;
            while (i < clause.Length)
            {
                var op = clause[i++];
                if (op is not ('+' or '-' or '=')) return false;
                var bits = 0;
                while (i < clause.Length && "rwxXst".Contains(clause[i], StringComparison.Ordinal))
                {
                    bits |= clause[i] switch
                    {
                        'r' => 0x124,
                        'w' => 0x92,
                        'x' => 0x49,
                        'X' => isDirectory || (current & 0x49) != 0 ? 0x49 : 0,
                        's' => 0xC00,
                        _ => 0x200,
                    };
                    i++;
                }
                bits &= who;
                result = op switch
                {
                    '+' => result | bits,
                    '-' => result & ~bits,
                    _ => (result & ~(who & 0xFFF)) | bits,
                };
            }
        }
        return true;
    }
}
