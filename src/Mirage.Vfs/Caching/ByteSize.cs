using System.Globalization;

namespace Mirage.Vfs.Caching;

/// <summary>Sizes written as people write them: "512MB" (powers of 1000), "1GiB" (powers of 1024), "4096" (bytes).</summary>
public static class ByteSize
{
    public static long Parse(string text) =>
        TryParse(text, out var bytes) ? bytes : throw new FormatException($"expected a size such as 512MB, got '{text}'");

    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        if (text is null) return false;
        var trimmed = text.Trim();
        var split = 0;
        while (split < trimmed.Length && (char.IsAsciiDigit(trimmed[split]) || trimmed[split] == '.')) split++;
        if (split == 0 || !double.TryParse(trimmed[..split], NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return false;
        var unit = trimmed[split..].Trim().ToUpperInvariant();
        long multiplier = unit switch
        {
            "" or "B" => 1,
            "K" or "KB" => 1000,
            "KI" or "KIB" => 1024,
            "M" or "MB" => 1000 * 1000,
            "MI" or "MIB" => 1024 * 1024,
            "G" or "GB" => 1000L * 1000 * 1000,
            "GI" or "GIB" => 1024L * 1024 * 1024,
            "T" or "TB" => 1000L * 1000 * 1000 * 1000,
            "TI" or "TIB" => 1024L * 1024 * 1024 * 1024,
            _ => -1,
        };
        if (multiplier < 0) return false;
        bytes = (long)(number * multiplier);
        return true;
    }
}
