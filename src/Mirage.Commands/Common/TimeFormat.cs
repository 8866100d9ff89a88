using System.Globalization;
using System.Text;

namespace Mirage.Commands.Common;

/// <summary>strftime as GNU date implements it in the C locale, with the -, _, 0, ^, # flags, widths and %N, %:z.</summary>
public static class TimeFormat
{
    private static readonly string[] DayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    private static readonly string[] MonthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    /// <summary>Formats <paramref name="time"/> (already in the zone to show) with <paramref name="zoneName"/> for %Z.</summary>
    public static string Format(string format, DateTimeOffset time, string zoneName)
    {
        var output = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%' || i + 1 >= format.Length)
            {
                output.Append(c);
                continue;
            }
            var start = i;
            i++;
            char? flag = null;
            while (i < format.Length && format[i] is '-' or '_' or '0' or '^' or '#')
            {
                flag = format[i];
                i++;
            }
            var width = 0;
            var hasWidth = false;
            while (i < format.Length && char.IsAsciiDigit(format[i]))
            {
                width = width * 10 + (format[i] - '0');
                hasWidth = true;
                i++;
            }
            var colons = 0;
            while (i < format.Length && format[i] == ':')
            {
                colons++;
                i++;
            }
            if (i >= format.Length)
            {
                output.Append(format, start, format.Length - start);
                break;
            }
            var spec = format[i];
            var text = Conversion(spec, colons, time, zoneName, flag, hasWidth ? width : null, out var numeric, out var pad);
            if (text is null)
            {
                output.Append(format, start, i - start + 1);
                continue;
            }
            output.Append(Apply(text, flag, hasWidth ? width : null, numeric, pad));
        }
        return output.ToString();
    }

    private static string Apply(string text, char? flag, int? width, bool numeric, char pad)
    {
        if (flag == '^') text = text.ToUpperInvariant();
        else if (flag == '#') text = text.Any(char.IsLower) ? text.ToUpperInvariant() : text.ToLowerInvariant();
        if (numeric)
        {
            var negative = text.StartsWith('-');
            var digits = negative ? text[1..] : text;
            var natural = digits.TrimStart('0');
            if (natural.Length == 0) natural = "0";
            var defaultWidth = digits.Length;
            var fill = flag switch { '-' => '\0', '_' => ' ', '0' => '0', _ => pad };
            var target = width ?? defaultWidth;
            if (negative) target--;
            if (fill == '\0') return (negative ? "-" : "") + natural;
            var padded = natural.PadLeft(target, fill);
            if (fill == ' ') return (negative ? "-" : "") + padded;
            return (negative ? "-" : "") + padded;
        }
        if (width is { } w && text.Length < w) return text.PadLeft(w, flag == '0' ? '0' : ' ');
        return text;
    }

    private static string? Conversion(char spec, int colons, DateTimeOffset t, string zoneName, char? flag, int? width, out bool numeric, out char pad)
    {
        numeric = true;
        pad = '0';
        var inv = CultureInfo.InvariantCulture;
        switch (spec)
        {
            case 'a': numeric = false; return DayNames[(int)t.DayOfWeek][..3];
            case 'A': numeric = false; return DayNames[(int)t.DayOfWeek];
            case 'b' or 'h': numeric = false; return MonthNames[t.Month - 1][..3];
            case 'B': numeric = false; return MonthNames[t.Month - 1];
            case 'c': numeric = false; return Format("%a %b %e %H:%M:%S %Y", t, zoneName);
            case 'C': return (t.Year / 100).ToString("00", inv);
            case 'd': return t.Day.ToString("00", inv);
            case 'D': numeric = false; return Format("%m/%d/%y", t, zoneName);
            case 'e': pad = ' '; return t.Day.ToString("00", inv);
            case 'F': numeric = false; return Format("%Y-%m-%d", t, zoneName);
            case 'g': return (IsoYear(t) % 100).ToString("00", inv);
            case 'G': return IsoYear(t).ToString("0000", inv);
            case 'H': return t.Hour.ToString("00", inv);
            case 'I': return ((t.Hour + 11) % 12 + 1).ToString("00", inv);
            case 'j': return t.DayOfYear.ToString("000", inv);
            case 'k': pad = ' '; return t.Hour.ToString("00", inv);
            case 'l': pad = ' '; return ((t.Hour + 11) % 12 + 1).ToString("00", inv);
            case 'm': return t.Month.ToString("00", inv);
            case 'M': return t.Minute.ToString("00", inv);
            case 'n': numeric = false; return "\n";
            case 'N':
                {
                    numeric = false;
                    var nanos = FileFacts.Nanoseconds(t);
                    return width is { } w && w < 9 ? nanos[..w] : nanos;
                }
            case 'p': numeric = false; return t.Hour < 12 ? "AM" : "PM";
            case 'P': numeric = false; return t.Hour < 12 ? "am" : "pm";
            case 'r': numeric = false; return Format("%I:%M:%S %p", t, zoneName);
            case 'R': numeric = false; return Format("%H:%M", t, zoneName);
            case 's': return t.ToUnixTimeSeconds().ToString(inv);
            case 'S': return t.Second.ToString("00", inv);
            case 't': numeric = false; return "\t";
            case 'T': numeric = false; return Format("%H:%M:%S", t, zoneName);
            case 'u': return (t.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)t.DayOfWeek).ToString(inv);
            case 'U': return ((t.DayOfYear + 6 - (int)t.DayOfWeek) / 7).ToString("00", inv);
            case 'V': return ISOWeek.GetWeekOfYear(t.DateTime).ToString("00", inv);
            case 'w': return ((int)t.DayOfWeek).ToString(inv);
            case 'W': return ((t.DayOfYear + 6 - ((int)t.DayOfWeek + 6) % 7) / 7).ToString("00", inv);
            case 'x': numeric = false; return Format("%m/%d/%y", t, zoneName);
            case 'X': numeric = false; return Format("%H:%M:%S", t, zoneName);
            case 'y': return (t.Year % 100).ToString("00", inv);
            case 'Y': return t.Year.ToString(inv);
            case 'z':
                {
                    numeric = false;
                    var offset = t.Offset;
                    var sign = offset < TimeSpan.Zero ? "-" : "+";
                    var hours = Math.Abs(offset.Hours).ToString("00", inv);
                    var minutes = Math.Abs(offset.Minutes).ToString("00", inv);
                    return colons switch
                    {
                        0 => sign + hours + minutes,
                        1 => sign + hours + ":" + minutes,
                        2 => sign + hours + ":" + minutes + ":00",
                        _ => sign + hours,
                    };
                }
            case 'Z': numeric = false; return zoneName;
            case '%': numeric = false; return "%";
            default: return null;
        }
    }

    private static int IsoYear(DateTimeOffset t) => ISOWeek.GetYear(t.DateTime);

    /// <summary>The abbreviation %Z prints for a zone at a time.</summary>
    public static string ZoneName(TimeZoneInfo zone, DateTimeOffset time)
    {
        if (zone == TimeZoneInfo.Utc) return "UTC";
        return zone.IsDaylightSavingTime(time) ? zone.DaylightName : zone.StandardName;
    }
}
