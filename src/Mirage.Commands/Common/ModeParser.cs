namespace Mirage.Commands.Common;

/// <summary>
/// chmod-style modes ("755", "u+x,go-w", "a=r", "g=u", "+X"), compiled and applied as gnulib's
/// mode_compile and mode_adjust do, so chmod, mkdir -m and find -perm agree with GNU on every corner.
/// </summary>
public static class ModeParser
{
    /// <summary>The umask commands apply: the shell keeps its own, and new files here are made as with bash's default.</summary>
    public const int DefaultUmask = 0x12; // 022

    public const int AllBits = 0xFFF; // 07777
    private const int SetUid = 0x800;
    private const int SetGid = 0x400;
    private const int Sticky = 0x200;
    private const int UserBits = 0x1C0;
    private const int GroupBits = 0x38;
    private const int OtherBits = 0x7;
    private const int ReadBits = 0x124;
    private const int WriteBits = 0x92;
    private const int ExecuteBits = 0x49;

    public static bool IsValid(string mode) => TryCompile(mode, out _);

    /// <summary>Applies <paramref name="mode"/> to <paramref name="current"/> permission bits; false when it is not a mode.</summary>
    public static bool TryApply(string mode, int current, bool isDirectory, int umask, out int result)
    {
        result = current;
        if (!TryCompile(mode, out var compiled)) return false;
        result = compiled.Apply(current, isDirectory, umask);
        return true;
    }

    public static bool TryCompile(string text, out CompiledMode mode)
    {
        mode = new CompiledMode([]);
        if (text.Length == 0) return false;
        if (text[0] is >= '0' and <= '7')
        {
            if (!TryOctal(text, 0, out var octal, out var end) || end != text.Length) return false;
            // Fewer than five digits leave a directory's setuid and setgid bits alone unless they are set.
            var mentioned = end < 5 ? (octal & (SetUid | SetGid)) | Sticky | 0x1FF : AllBits;
            mode = new CompiledMode([new ModeChange('=', ModeFlag.Ordinary, AllBits, octal, mentioned)]);
            return true;
        }
        var changes = new List<ModeChange>();
        var p = 0;
        while (true)
        {
            var affected = 0;
            for (; p < text.Length && text[p] is not ('=' or '+' or '-'); p++)
            {
                affected |= text[p] switch
                {
                    'u' => SetUid | UserBits,
                    'g' => SetGid | GroupBits,
                    'o' => Sticky | OtherBits,
                    'a' => AllBits,
                    _ => -1,
                };
                if (affected < 0) return false;
            }
            if (p == text.Length) return false;
            do
            {
                var op = text[p++];
                var flag = ModeFlag.CopyExisting;
                var value = 0;
                var mentioned = 0;
                var next = p < text.Length ? text[p] : '\0';
                switch (next)
                {
                    case >= '0' and <= '7':
                        if (!TryOctal(text, p, out value, out p) || affected != 0 || (p < text.Length && text[p] != ',')) return false;
                        affected = mentioned = AllBits;
                        flag = ModeFlag.Ordinary;
                        break;
                    case 'u':
                        value = UserBits;
                        p++;
                        break;
                    case 'g':
                        value = GroupBits;
                        p++;
                        break;
                    case 'o':
                        value = OtherBits;
                        p++;
                        break;
                    default:
                        flag = ModeFlag.Ordinary;
                        for (; p < text.Length; p++)
                        {
                            var bits = text[p] switch { 'r' => ReadBits, 'w' => WriteBits, 'x' => ExecuteBits, 's' => SetUid | SetGid, 't' => Sticky, 'X' => 0, _ => -1 };
                            if (bits < 0) break;
                            if (text[p] == 'X') flag = ModeFlag.ExecuteIfAnyExecute;
                            value |= bits;
                        }
                        break;
                }
                changes.Add(new ModeChange(op, flag, affected, value, mentioned != 0 ? mentioned : affected != 0 ? affected & value : value));
            }
            while (p < text.Length && text[p] is '=' or '+' or '-');
            if (p == text.Length) break;
            if (text[p] != ',') return false;
            p++;
        }
        mode = new CompiledMode(changes);
        return true;
    }

    private static bool TryOctal(string text, int start, out int value, out int end)
    {
        value = 0;
        end = start;
        while (end < text.Length && text[end] is >= '0' and <= '7')
        {
            value = value * 8 + (text[end++] - '0');
            if (value > AllBits) return false;
        }
        return true;
    }
}

public enum ModeFlag
{
    Ordinary,
    /// <summary>"g=u": the bits come from another class of the same file.</summary>
    CopyExisting,
    /// <summary>"X": execute only for directories and files someone may already execute.</summary>
    ExecuteIfAnyExecute,
}

/// <param name="Affected">The who bits (u, g, o, a); 0 when none was given, so the umask applies.</param>
/// <param name="Mentioned">The bits the change names explicitly (a directory's setuid and setgid stay unless named).</param>
public sealed record ModeChange(char Op, ModeFlag Flag, int Affected, int Value, int Mentioned);

public sealed class CompiledMode(IReadOnlyList<ModeChange> changes)
{
    public IReadOnlyList<ModeChange> Changes { get; } = changes;

    public int Apply(int current, bool isDirectory, int umask) => Apply(current, isDirectory, umask, out _);

    /// <summary>The new mode; <paramref name="touched"/> gets the bits the changes set or clear (mkdir -m uses it).</summary>
    public int Apply(int current, bool isDirectory, int umask, out int touched)
    {
        const int executeBits = 0x49;
        var mode = current & ModeParser.AllBits;
        touched = 0;
        foreach (var change in Changes)
        {
            var omit = (isDirectory ? 0xC00 : 0) & ~change.Mentioned;
            var value = change.Value;
            switch (change.Flag)
            {
                case ModeFlag.CopyExisting:
                    value &= mode;
                    value |= ((value & 0x124) != 0 ? 0x124 : 0) | ((value & 0x92) != 0 ? 0x92 : 0) | ((value & executeBits) != 0 ? executeBits : 0);
                    break;
                case ModeFlag.ExecuteIfAnyExecute:
                    if ((mode & executeBits) != 0 || isDirectory) value |= executeBits;
                    break;
            }
            value &= (change.Affected != 0 ? change.Affected : ~umask) & ~omit;
            switch (change.Op)
            {
                case '=':
                    var preserved = (change.Affected != 0 ? ~change.Affected : 0) | omit;
                    touched |= ModeParser.AllBits & ~preserved;
                    mode = (mode & preserved) | value;
                    break;
                case '+':
                    touched |= value;
                    mode |= value;
                    break;
                default:
                    touched |= value;
                    mode &= ~value;
                    break;
            }
        }
        return mode & ModeParser.AllBits;
    }
}
