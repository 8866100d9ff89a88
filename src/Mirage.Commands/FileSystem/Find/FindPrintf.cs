using System.Globalization;
using System.Text;
using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem.Find;

/// <summary>find -printf directives and escapes, and the -ls line.</summary>
internal static class FindPrintf
{
    public static async ValueTask<string> FormatAsync(string format, FindRun run, Visit visit)
    {
        var output = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '\\' && i + 1 < format.Length)
            {
                var next = format[++i];
                switch (next)
                {
                    case 'n': output.Append('\n'); break;
                    case 't': output.Append('\t'); break;
                    case '0': output.Append('\0'); break;
                    case 'a': output.Append('\a'); break;
                    case 'b': output.Append('\b'); break;
                    case 'f': output.Append('\f'); break;
                    case 'r': output.Append('\r'); break;
                    case 'v': output.Append('\v'); break;
                    case '\\': output.Append('\\'); break;
                    case 'c': return output.ToString();
                    default:
                        if (next is >= '0' and <= '7')
                        {
                            var value = 0;
                            var digits = 0;
                            i--;
                            while (digits < 3 && i + 1 < format.Length && format[i + 1] is >= '0' and <= '7')
                            {
                                value = value * 8 + (format[++i] - '0');
                                digits++;
                            }
                            output.Append((char)value);
                        }
                        else output.Append('\\').Append(next);
                        break;
                }
                continue;
            }
            if (c != '%' || i + 1 >= format.Length)
            {
                output.Append(c);
                continue;
            }
            var start = i++;
            var flags = "";
            while (i < format.Length && format[i] is '-' or '+' or ' ' or '#' or '0') flags += format[i++];
            var width = "";
            while (i < format.Length && char.IsAsciiDigit(format[i])) width += format[i++];
            var precision = "";
            if (i < format.Length && format[i] == '.')
            {
                i++;
                while (i < format.Length && char.IsAsciiDigit(format[i])) precision += format[i++];
            }
            if (i >= format.Length)
            {
                output.Append(format, start, format.Length - start);
                break;
            }
            var directive = format[i];
            string? text;
            if (directive is 't' or 'a' or 'c' or 'T' or 'A' or 'C')
            {
                var time = FileFacts.InZone(FileFacts.Modified(visit.Entry), run.Zone);
                if (directive is 't' or 'a' or 'c') text = TimeFormat.Format("%a %b %e %H:%M:%S.%N0 %Y", time, "UTC");
                else
                {
                    if (i + 1 >= format.Length) break;
                    var k = format[++i];
                    text = k == '@'
                        ? FileFacts.Modified(visit.Entry).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + "." + FileFacts.Nanoseconds(time) + "0"
                        : k == '+' ? TimeFormat.Format("%Y-%m-%d+%H:%M:%S.%N0", time, "UTC") : TimeFormat.Format("%" + k, time, TimeFormat.ZoneName(run.Zone, time));
                }
            }
            else text = await DirectiveAsync(directive, run, visit).ConfigureAwait(false);
            if (text is null)
            {
                output.Append(format, start, i - start + 1);
                continue;
            }
            if (precision.Length > 0 && directive is not ('s' or 'd' or 'k' or 'b' or 'n' or 'i' or 'm')) text = text[..Math.Min(text.Length, int.Parse(precision, CultureInfo.InvariantCulture))];
            if (width.Length > 0)
            {
                var w = int.Parse(width, CultureInfo.InvariantCulture);
                text = flags.Contains('-') ? text.PadRight(w) : flags.Contains('0') && directive is 's' or 'd' or 'k' or 'b' or 'm' ? text.PadLeft(w, '0') : text.PadLeft(w);
            }
            output.Append(text);
        }
        return output.ToString();
    }

    private static async ValueTask<string?> DirectiveAsync(char directive, FindRun run, Visit visit)
    {
        var entry = visit.Entry;
        switch (directive)
        {
            case 'p': return visit.DisplayPath;
            case 'f': return visit.Name;
            case 'h':
                {
                    var trimmed = visit.DisplayPath.TrimEnd('/');
                    var slash = trimmed.LastIndexOf('/');
                    return slash < 0 ? "." : slash == 0 ? "/" : trimmed[..slash];
                }
            case 'P':
                {
                    if (visit.Depth == 0) return "";
                    var start = visit.StartPath.EndsWith('/') ? visit.StartPath : visit.StartPath + "/";
                    return visit.DisplayPath.StartsWith(start, StringComparison.Ordinal) ? visit.DisplayPath[start.Length..] : visit.DisplayPath;
                }
            case 'H': return visit.StartPath;
            case 'd': return visit.Depth.ToString(CultureInfo.InvariantCulture);
            case 's': return FileFacts.Size(entry).ToString(CultureInfo.InvariantCulture);
            case 'k': return ((FileFacts.Blocks512(entry) + 1) / 2).ToString(CultureInfo.InvariantCulture);
            case 'b': return FileFacts.Blocks512(entry).ToString(CultureInfo.InvariantCulture);
            case 'm': return FileFacts.Octal(FileFacts.Permissions(entry));
            case 'M': return FileFacts.ModeString(entry);
            case 'y' or 'Y': return entry.Kind switch { EntryKind.Directory => "d", EntryKind.Symlink => "l", _ => "f" };
            case 'l': return entry.LinkTarget ?? "";
            case 'u' or 'g': return run.IO.GetEnvironment("USER") ?? "user";
            case 'U' or 'G': return "1000";
            case 'n': return (entry.IsDirectory ? await FileFacts.DirectoryLinksAsync(run.IO, entry).ConfigureAwait(false) : 1).ToString(CultureInfo.InvariantCulture);
            case 'i': return FileFacts.Inode(entry.Path).ToString(CultureInfo.InvariantCulture);
            case 'D': return "2049";
            case 'F': return "ext4";
            case 'S': return "1";
            case '%': return "%";
            default: return null;
        }
    }

    /// <summary>"inode blocks mode links owner group size date path", as find -ls prints it.</summary>
    public static async ValueTask<string> LsLineAsync(FindRun run, Visit visit)
    {
        var entry = visit.Entry;
        var owner = run.IO.GetEnvironment("USER") ?? "user";
        var links = entry.IsDirectory ? await FileFacts.DirectoryLinksAsync(run.IO, entry).ConfigureAwait(false) : 1;
        var time = FileFacts.InZone(FileFacts.Modified(entry), run.Zone);
        var recent = FileFacts.Modified(entry) > run.Now.AddSeconds(-31556952 / 2) && FileFacts.Modified(entry) <= run.Now;
        var date = TimeFormat.Format(recent ? "%b %e %H:%M" : "%b %e  %Y", time, "UTC");
        var name = visit.DisplayPath + (entry.Kind == EntryKind.Symlink && entry.LinkTarget is not null ? " -> " + entry.LinkTarget : "");
        var inv = CultureInfo.InvariantCulture;
        return $"{FileFacts.Inode(entry.Path).ToString(inv),9} {((FileFacts.Blocks512(entry) + 1) / 2).ToString(inv),6} {FileFacts.ModeString(entry)} {links.ToString(inv),3} {owner,-8} {owner,-8} {FileFacts.Size(entry).ToString(inv),8} {date} {name}\n";
    }
}
