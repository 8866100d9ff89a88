using System.Globalization;
using System.Text;

namespace Mirage.Commands.Data.Jq;

/// <summary>
/// jq's date builtins, always in UTC. "Broken down time" is jq's array
/// [year, month (0-11), day, hours, minutes, seconds, weekday, day of year].
/// </summary>
internal static class JqDates
{
    private static readonly string[] Days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    private static readonly string[] Months =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public static List<object?> GmTime(object? input)
    {
        if (input is not double seconds) throw new JqException("gmtime() requires a number");
        var whole = Math.Floor(seconds);
        var fraction = seconds - whole;
        var time = DateTime.UnixEpoch.AddSeconds(whole);
        return BrokenDown(time, time.Second + fraction);
    }

    private static List<object?> BrokenDown(DateTime time, double seconds) =>
    [
        (double)time.Year, (double)(time.Month - 1), (double)time.Day, (double)time.Hour, (double)time.Minute,
        seconds, (double)(int)time.DayOfWeek, (double)(time.DayOfYear - 1),
    ];

    private static DateTime FromBrokenDown(object? input, string who)
    {
        if (input is not List<object?> parts) throw new JqException($"{who} requires array of 6 numbers");
        if (parts.Count < 6) throw new JqException($"{who} requires array of 6 numbers");
        var numbers = new double[6];
        for (var i = 0; i < 6; i++)
        {
            if (parts[i] is not double d) throw new JqException($"{who} requires parsed datetime inputs");
            numbers[i] = d;
        }
        var time = new DateTime((int)numbers[0], 1, 1, 0, 0, 0, DateTimeKind.Utc);
        return time.AddMonths((int)numbers[1]).AddDays((int)numbers[2] - 1).AddHours((int)numbers[3]).AddMinutes((int)numbers[4]).AddSeconds((int)numbers[5]);
    }

    public static double MakeTime(object? input)
    {
        if (input is not List<object?>) throw new JqException("mktime requires array of 6 numbers");
        var time = FromBrokenDown(input, "mktime");
        return Math.Floor((time - DateTime.UnixEpoch).TotalSeconds);
    }

    public static string StrFTime(object? input, string format)
    {
        if (input is double) input = GmTime(input);
        if (input is not List<object?>) throw new JqException("strftime/1 requires parsed datetime inputs");
        var time = FromBrokenDown(input, "strftime/1");
        var builder = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%' || i + 1 >= format.Length)
            {
                builder.Append(c);
                continue;
            }
            var spec = format[++i];
            builder.Append(Field(time, spec));
        }
        return builder.ToString();
    }

    private static string Field(DateTime t, char spec)
    {
        var inv = CultureInfo.InvariantCulture;
        return spec switch
        {
            'Y' => t.Year.ToString(inv),
            'C' => (t.Year / 100).ToString("00", inv),
            'y' => (t.Year % 100).ToString("00", inv),
            'm' => t.Month.ToString("00", inv),
            'd' => t.Day.ToString("00", inv),
            'e' => t.Day.ToString(inv).PadLeft(2),
            'H' => t.Hour.ToString("00", inv),
            'I' => ((t.Hour + 11) % 12 + 1).ToString("00", inv),
            'M' => t.Minute.ToString("00", inv),
            'S' => t.Second.ToString("00", inv),
            'j' => t.DayOfYear.ToString("000", inv),
            'Z' => "UTC",
            'z' => "+0000",
            'a' => Days[(int)t.DayOfWeek][..3],
            'A' => Days[(int)t.DayOfWeek],
            'b' or 'h' => Months[t.Month - 1][..3],
            'B' => Months[t.Month - 1],
            'p' => t.Hour < 12 ? "AM" : "PM",
            'u' => (t.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)t.DayOfWeek).ToString(inv),
            'w' => ((int)t.DayOfWeek).ToString(inv),
            's' => ((long)(t - DateTime.UnixEpoch).TotalSeconds).ToString(inv),
            'D' => $"{Field(t, 'm')}/{Field(t, 'd')}/{Field(t, 'y')}",
            'F' => $"{Field(t, 'Y')}-{Field(t, 'm')}-{Field(t, 'd')}",
            'T' => $"{Field(t, 'H')}:{Field(t, 'M')}:{Field(t, 'S')}",
            'R' => $"{Field(t, 'H')}:{Field(t, 'M')}",
            'r' => $"{Field(t, 'I')}:{Field(t, 'M')}:{Field(t, 'S')} {Field(t, 'p')}",
            'c' => $"{Field(t, 'a')} {Field(t, 'b')} {Field(t, 'e')} {Field(t, 'T')} {Field(t, 'Y')}",
            'x' => Field(t, 'D'),
            'X' => Field(t, 'T'),
            'G' => ISOWeek.GetYear(t).ToString(inv),
            'V' => ISOWeek.GetWeekOfYear(t).ToString("00", inv),
            'U' => ((t.DayOfYear + 6 - (int)t.DayOfWeek) / 7).ToString("00", inv),
            'W' => ((t.DayOfYear + 6 - ((int)t.DayOfWeek + 6) % 7) / 7).ToString("00", inv),
            'n' => "\n",
            't' => "\t",
            '%' => "%",
            _ => "%" + spec,
        };
    }

    public static List<object?> StrPTime(string text, string format)
    {
        int year = 1900, month = 1, day = 1, hour = 0, minute = 0, second = 0;
        long? epoch = null;
        var pos = 0;
        bool Fail() => throw new JqException($"date \"{text}\" does not match format \"{format}\"");
        int Number(int maxDigits)
        {
            var start = pos;
            if (pos < text.Length && text[pos] is '+' or '-') pos++;
            while (pos < text.Length && pos - start < maxDigits && char.IsAsciiDigit(text[pos])) pos++;
            if (pos == start) Fail();
            return int.Parse(text.AsSpan(start, pos - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        int Name(string[] names)
        {
            for (var i = 0; i < names.Length; i++)
            {
                foreach (var candidate in new[] { names[i], names[i][..3] })
                {
                    if (string.Compare(text, pos, candidate, 0, candidate.Length, StringComparison.OrdinalIgnoreCase) == 0)
                    {
                        pos += candidate.Length;
                        return i;
                    }
                }
            }
            Fail();
            return 0;
        }
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (char.IsWhiteSpace(c))
            {
                while (pos < text.Length && char.IsWhiteSpace(text[pos])) pos++;
                continue;
            }
            if (c != '%' || i + 1 >= format.Length)
            {
                if (pos >= text.Length || text[pos] != c) Fail();
                pos++;
                continue;
            }
            var spec = format[++i];
            switch (spec)
            {
                case 'Y': year = Number(4); break;
                case 'm': month = Number(2); break;
                case 'd' or 'e': while (pos < text.Length && text[pos] == ' ') pos++; day = Number(2); break;
                case 'H': hour = Number(2); break;
                case 'M': minute = Number(2); break;
                case 'S': second = Number(2); break;
                case 'y': year = Number(2) is var y && y < 69 ? 2000 + y : 1900 + y; break;
                case 'j': var yday = Number(3); month = 1; day = yday; break;
                case 'b' or 'B' or 'h': month = Name(Months) + 1; break;
                case 'a' or 'A': Name(Days); break;
                case 'Z': while (pos < text.Length && char.IsAsciiLetter(text[pos])) pos++; break;
                case 'z':
                    if (pos < text.Length && text[pos] == 'Z') { pos++; break; }
                    if (pos < text.Length && text[pos] is '+' or '-') pos++;
                    while (pos < text.Length && (char.IsAsciiDigit(text[pos]) || text[pos] == ':')) pos++;
                    break;
                case 's':
                    {
                        var start = pos;
                        if (pos < text.Length && text[pos] == '-') pos++;
                        while (pos < text.Length && char.IsAsciiDigit(text[pos])) pos++;
                        if (pos == start) Fail();
                        epoch = long.Parse(text.AsSpan(start, pos - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                        break;
                    }
                case 'T':
                    hour = Number(2);
                    if (pos >= text.Length || text[pos++] != ':') Fail();
                    minute = Number(2);
                    if (pos >= text.Length || text[pos++] != ':') Fail();
                    second = Number(2);
                    break;
                case 'F':
                    year = Number(4);
                    if (pos >= text.Length || text[pos++] != '-') Fail();
                    month = Number(2);
                    if (pos >= text.Length || text[pos++] != '-') Fail();
                    day = Number(2);
                    break;
                case '%':
                    if (pos >= text.Length || text[pos++] != '%') Fail();
                    break;
                default:
                    Fail();
                    break;
            }
        }
        if (pos != text.Length) Fail();
        DateTime time;
        try
        {
            time = epoch is long seconds
                ? DateTime.UnixEpoch.AddSeconds(seconds)
                : new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(month - 1).AddDays(day - 1).AddHours(hour).AddMinutes(minute).AddSeconds(second);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new JqException($"date \"{text}\" does not match format \"{format}\"");
        }
        return BrokenDown(time, time.Second);
    }
}
