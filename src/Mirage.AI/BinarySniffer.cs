using System.Text.Unicode;

namespace Mirage.AI;

/// <summary>Tells text from binary by a file's first bytes, naming common formats, so a model is not handed raw bytes.</summary>
internal static class BinarySniffer
{
    public const int SampleBytes = 8192;

    private static readonly (byte[] Magic, string Kind)[] Signatures =
    [
        ([0x89, (byte)'P', (byte)'N', (byte)'G'], "PNG image"),
        ([0xFF, 0xD8, 0xFF], "JPEG image"),
        ("GIF8"u8.ToArray(), "GIF image"),
        ("%PDF"u8.ToArray(), "PDF document"),
        ([(byte)'P', (byte)'K', 3, 4], "zip archive"),
        ([0x1F, 0x8B], "gzip data"),
        ([0x7F, (byte)'E', (byte)'L', (byte)'F'], "ELF executable"),
        ("PAR1"u8.ToArray(), "Parquet file"),
        ("SQLite format 3"u8.ToArray(), "SQLite database"),
    ];

    /// <summary>The kind of binary data, or null when the sample reads as UTF-8 text.</summary>
    public static string? Describe(ReadOnlySpan<byte> sample)
    {
        foreach (var (magic, kind) in Signatures)
            if (sample.StartsWith(magic)) return kind;
        if (sample.Contains((byte)0)) return "binary data";
        // A multi-byte character may be cut at the end of the sample: judge only whole characters.
        var end = sample.Length;
        for (var back = 0; back < 3 && end > 0 && (sample[end - 1] & 0xC0) == 0x80; back++) end--;
        if (end > 0 && sample[end - 1] >= 0xC0) end--;
        return Utf8.IsValid(sample[..end]) ? null : "binary data (not UTF-8 text)";
    }
}
