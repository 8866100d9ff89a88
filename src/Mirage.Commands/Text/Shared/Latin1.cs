using System.Text;

namespace Mirage.Commands.Text.Shared;

/// <summary>Bytes to chars one for one, so regexes can run on text and the output bytes round-trip exactly.</summary>
public static class Latin1
{
    public static string GetString(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    public static byte[] GetBytes(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>Command-line arguments arrive as UTF-16 strings decoded from UTF-8; this gives back their bytes as Latin-1 chars.</summary>
    public static string FromArgument(string argument)
    {
        foreach (var c in argument)
            if (c > 0x7f) return Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(argument));
        return argument;
    }

    /// <summary>The reverse of <see cref="FromArgument"/>: Latin-1 chars to the UTF-16 string whose UTF-8 bytes they were.</summary>
    public static string ToDisplay(string latin1)
    {
        foreach (var c in latin1)
            if (c > 0x7f) return Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(latin1));
        return latin1;
    }
}
