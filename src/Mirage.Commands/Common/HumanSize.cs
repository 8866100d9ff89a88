using System.Globalization;

namespace Mirage.Commands.Common;

/// <summary>Sizes as GNU prints them with -h (powers of 1024) or --si (powers of 1000): rounded up, one decimal below 10.</summary>
public static class HumanSize
{
    private const string Units = "KMGTPEZY";

    public static string Format(long bytes, bool si = false)
    {
        var unitBase = si ? 1000.0 : 1024.0;
        if (bytes < unitBase) return bytes.ToString(CultureInfo.InvariantCulture);
        double value = bytes;
        var unit = -1;
        while (value >= unitBase && unit < Units.Length - 1)
        {
            value /= unitBase;
            unit++;
        }
        var suffix = si && unit == 0 ? "k" : Units[unit].ToString();
        if (value < 10)
        {
            var tenths = Math.Ceiling(value * 10 - 1e-9) / 10;
            if (tenths < 10) return tenths.ToString("0.0", CultureInfo.InvariantCulture) + suffix;
            value = 10;
        }
        var whole = Math.Ceiling(value - 1e-9);
        if (whole >= unitBase && unit < Units.Length - 1) return "1.0" + (si ? Units[unit + 1].ToString() : Units[unit + 1].ToString());
        return whole.ToString("0", CultureInfo.InvariantCulture) + suffix;
    }
}
