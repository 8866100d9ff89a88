using System.Globalization;
using System.Text.RegularExpressions;

namespace Mirage.Commands.Common;

/// <summary>
/// The free-form dates of "date -d" and "touch -d": "@epoch", ISO dates and times with zones, "Jan 2 2020",
/// "2 Jan 2020", "MM/DD/YYYY", "yesterday", "3 days ago", "+1 hour", "next monday", and mixes of these.
/// </summary>
public static partial class DateParser
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] Days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    public static bool TryParse(string text, DateTimeOffset now, TimeZoneInfo zone, out DateTimeOffset result)
    {
        result = now;
        var trimmed = text.Trim();
        if (trimmed.StartsWith('@'))
        {
            if (!decimal.TryParse(trimmed[1..], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)) return false;
            result = DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
            return true;
        }
        var tokens = Tokenize(trimmed.ToLowerInvariant());
        if (tokens is null) return false;

        var localNow = TimeZoneInfo.ConvertTime(now, zone);
        int? year = null, month = null, day = null;
        int hour = 0, minute = 0, second = 0;
        long fractionTicks = 0;
        var hasTime = false;
        TimeSpan? offset = null;
        int? weekday = null;
        var weekdayShift = 0;
        var relative = new List<(int Amount, string Unit)>();

        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            Match match;
            if ((match = IsoDate().Match(token)).Success)
            {
                year = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                month = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
                day = int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
                continue;
            }
            if ((match = UsDate().Match(token)).Success)
            {
                month = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                day = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
                if (match.Groups[3].Success)
                {
                    year = int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
                    if (match.Groups[3].Value.Length == 2) year += year < 69 ? 2000 : 1900;
                }
                continue;
            }
            if ((match = TimeOfDay().Match(token)).Success)
            {
                hour = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                minute = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
                second = match.Groups[3].Success ? int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture) : 0;
                fractionTicks = match.Groups[4].Success ? (long)(double.Parse("0" + match.Groups[4].Value, CultureInfo.InvariantCulture) * TimeSpan.TicksPerSecond) : 0;
                hasTime = true;
                if (i + 1 < tokens.Count && tokens[i + 1] is "am" or "pm")
                {
                    if (hour is < 1 or > 12) return false;
                    hour = hour % 12 + (tokens[i + 1] == "pm" ? 12 : 0);
                    i++;
                }
                if (match.Groups[5].Success) offset = ParseOffset(match.Groups[5].Value);
                continue;
            }
            if (token.Length == 8 && token.All(char.IsAsciiDigit) && year is null)
            {
                year = int.Parse(token[..4], CultureInfo.InvariantCulture);
                month = int.Parse(token[4..6], CultureInfo.InvariantCulture);
                day = int.Parse(token[6..], CultureInfo.InvariantCulture);
                continue;
            }
            if (token is "z" or "utc" or "gmt" or "ut")
            {
                offset = TimeSpan.Zero;
                continue;
            }
            // Right after a time of day a signed number is a zone correction, even before a unit ("12:00 +1 day").
            if ((token[0] is '+' or '-') && hasTime && offset is null && token.Length >= 2 && token.Length <= 6 && token[1..].Replace(":", "", StringComparison.Ordinal).All(char.IsAsciiDigit)
                && i > 0 && TimeOfDay().IsMatch(tokens[i - 1]))
            {
                var digits = token[1..].Replace(":", "", StringComparison.Ordinal);
                offset = digits.Length <= 2
                    ? (token[0] == '-' ? -1 : 1) * TimeSpan.FromHours(int.Parse(digits, CultureInfo.InvariantCulture))
                    : ParseOffset(token);
                continue;
            }
            var monthIndex = MonthIndex(token);
            if (monthIndex >= 0)
            {
                month = monthIndex + 1;
                if (i + 1 < tokens.Count && int.TryParse(tokens[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var d) && tokens[i + 1].Length <= 2)
                {
                    day = d;
                    i++;
                    if (i + 1 < tokens.Count && tokens[i + 1].Length == 4 && int.TryParse(tokens[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var y))
                    {
                        year = y;
                        i++;
                    }
                }
                continue;
            }
            if (int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                if (i + 1 < tokens.Count && MonthIndex(tokens[i + 1]) is var m && m >= 0 && token[0] is not ('+' or '-'))
                {
                    day = number;
                    month = m + 1;
                    i++;
                    if (i + 1 < tokens.Count && tokens[i + 1].Length == 4 && int.TryParse(tokens[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var y))
                    {
                        year = y;
                        i++;
                    }
                    continue;
                }
                if (i + 1 < tokens.Count && IsUnit(tokens[i + 1]))
                {
                    var amount = number;
                    var unit = tokens[++i];
                    if (i + 1 < tokens.Count && tokens[i + 1] == "ago")
                    {
                        amount = -amount;
                        i++;
                    }
                    relative.Add((amount, unit));
                    continue;
                }
                if (token.Length == 4 && token[0] is not ('+' or '-') && month is not null && year is null)
                {
                    year = number;
                    continue;
                }
                return false;
            }
            if (IsUnit(token))
            {
                var amount = 1;
                if (i + 1 < tokens.Count && tokens[i + 1] == "ago")
                {
                    amount = -1;
                    i++;
                }
                relative.Add((amount, token));
                continue;
            }
            switch (token)
            {
                case "now" or "today":
                    continue;
                case "yesterday":
                    relative.Add((-1, "day"));
                    continue;
                case "tomorrow":
                    relative.Add((1, "day"));
                    continue;
                case "next" or "last" or "this":
                    if (i + 1 >= tokens.Count) return false;
                    var step = token == "next" ? 1 : token == "last" ? -1 : 0;
                    var what = tokens[++i];
                    if (DayIndex(what) is var w && w >= 0)
                    {
                        weekday = w;
                        weekdayShift = step;
                        continue;
                    }
                    if (!IsUnit(what)) return false;
                    relative.Add((step, what));
                    continue;
                case "ago":
                    return false;
            }
            if (DayIndex(token) is var dayIndex && dayIndex >= 0)
            {
                weekday = dayIndex;
                continue;
            }
            return false;
        }

        var hasDate = year is not null || month is not null || day is not null;
        DateTime baseDate;
        try
        {
            baseDate = new DateTime(year ?? localNow.Year, month ?? localNow.Month, day ?? (month is null ? localNow.Day : 1));
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
        if (hour > 23 || minute > 59 || second > 60) return false;
        DateTime local;
        if (hasTime) local = baseDate.AddHours(hour).AddMinutes(minute).AddSeconds(second).AddTicks(fractionTicks);
        else if (hasDate || weekday is not null) local = baseDate;
        else local = localNow.DateTime;
        if (weekday is { } target && !hasDate)
        {
            var delta = (target - (int)local.DayOfWeek + 7) % 7;
            if (weekdayShift > 0 && delta == 0) delta = 7;
            if (weekdayShift < 0) delta = delta == 0 ? -7 : delta - 7;
            local = local.AddDays(delta);
        }
        foreach (var (amount, unit) in relative)
        {
            local = unit.TrimEnd('s') switch
            {
                // Months and years keep the day and let it overflow into the next month, as GNU does (Jan 31 + 1 month = Mar 2).
                "year" => AddMonthsOverflowing(local, 12 * amount),
                "month" => AddMonthsOverflowing(local, amount),
                "fortnight" => local.AddDays(14 * amount),
                "week" => local.AddDays(7 * amount),
                "day" => local.AddDays(amount),
                "hour" => local.AddHours(amount),
                "minute" or "min" => local.AddMinutes(amount),
                "second" or "sec" => local.AddSeconds(amount),
                _ => local,
            };
        }
        var effectiveOffset = offset ?? zone.GetUtcOffset(local);
        result = new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), effectiveOffset).ToUniversalTime();
        return true;
    }

    private static DateTime AddMonthsOverflowing(DateTime time, int months)
    {
        var first = new DateTime(time.Year, time.Month, 1).AddMonths(months);
        return first.AddDays(time.Day - 1).Add(time.TimeOfDay);
    }

    private static List<string>? Tokenize(string text)
    {
        // "2020-01-02T03:04:05Z" splits into date and time; commas separate like spaces.
        var iso = IsoDateTime().Match(text);
        if (iso.Success) text = iso.Groups[1].Value + " " + iso.Groups[2].Value + text[iso.Length..];
        var tokens = new List<string>();
        foreach (var raw in text.Replace(',', ' ').Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            // "+1day" or "1day": a number glued to its unit.
            var glued = GluedUnit().Match(raw);
            if (glued.Success && IsUnit(glued.Groups[2].Value))
            {
                tokens.Add(glued.Groups[1].Value);
                tokens.Add(glued.Groups[2].Value);
                continue;
            }
            tokens.Add(raw);
        }
        return tokens;
    }

    private static TimeSpan ParseOffset(string text)
    {
        if (text is "z" or "Z") return TimeSpan.Zero;
        var sign = text[0] == '-' ? -1 : 1;
        var digits = text[1..].Replace(":", "", StringComparison.Ordinal);
        var hours = int.Parse(digits.Length > 2 ? digits[..2] : digits, CultureInfo.InvariantCulture);
        var minutes = digits.Length > 2 ? int.Parse(digits[2..], CultureInfo.InvariantCulture) : 0;
        return sign * new TimeSpan(hours, minutes, 0);
    }

    private static bool IsUnit(string token) => token.TrimEnd('s') is "year" or "month" or "fortnight" or "week" or "day" or "hour" or "minute" or "min" or "second" or "sec";

    private static int MonthIndex(string token) => token.Length >= 3 ? Array.FindIndex(Months, m => token.StartsWith(m, StringComparison.Ordinal) && (token.Length == 3 || token == m + "." || FullMonth(token))) : -1;

    private static bool FullMonth(string token) => token is "january" or "february" or "march" or "april" or "june" or "july" or "august" or "september" or "sept" or "october" or "november" or "december";

    private static int DayIndex(string token) => token.Length >= 3 ? Array.FindIndex(Days, d => token.StartsWith(d, StringComparison.Ordinal) && (token.Length == 3 || token.EndsWith("day", StringComparison.Ordinal) || token is "tues" or "wednes" or "thur" or "thurs")) : -1;

    [GeneratedRegex(@"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"^(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?$")]
    private static partial Regex UsDate();

    [GeneratedRegex(@"^(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?(z|[+-]\d{2}:?\d{2})?$")]
    private static partial Regex TimeOfDay();

    [GeneratedRegex(@"^(\d{4}-\d{1,2}-\d{1,2})t(\S+)")]
    private static partial Regex IsoDateTime();

    [GeneratedRegex(@"^([+-]?\d+)([a-z]+)$")]
    private static partial Regex GluedUnit();
}
