using System.Globalization;
using System.Text;
using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>stat: GNU's default layout, or -c/--format and --printf with the usual directives.</summary>
public sealed class StatCommand() : GnuCommand("stat")
{
    private const string DefaultFormat =
        "  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\nDevice: %Hd,%Ld\tInode: %-10i  Links: %h\n" +
        "Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\nAccess: %x\nModify: %y\nChange: %z\n Birth: %w\n";

    private static readonly ArgParser Options = new("c:fLt", "format=c", "printf:", "dereference=L", "file-system=f", "terse=t", "cached:", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "Michael Meskes";

    protected override string Help => "Usage: stat [OPTION]... FILE...\nDisplay file or file system status.\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        if (arguments.Operands.Count == 0) return await io.UsageErrorAsync("missing operand").ConfigureAwait(false);
        var formatOption = arguments.LastOf("c", "printf");
        var follow = arguments.Has("L");
        var terse = arguments.Has("t");
        var status = 0;
        foreach (var operand in arguments.Operands)
        {
            var entry = follow ? await io.StatAsync(operand).ConfigureAwait(false) : await io.Files.StatAsync(io.Resolve(operand), io.CancellationToken).ConfigureAwait(false);
            if (entry is null)
            {
                await io.ErrorAsync($"cannot stat{(follow ? "" : "x")} {Quoting.ShellAlways(operand)}: No such file or directory").ConfigureAwait(false);
                status = 1;
                continue;
            }
            var links = entry.IsDirectory ? await FileFacts.DirectoryLinksAsync(io, entry).ConfigureAwait(false) : 1L;
            string text;
            if (formatOption is null)
            {
                text = terse ? Render("%n %s %b %f %u %g %D %i %h %t %T %X %Y %Z %W %o\n", io, entry, operand, links, defaultLayout: false)
                    : Render(DefaultFormat, io, entry, operand, links, defaultLayout: true);
            }
            else if (formatOption.Key == "c") text = Render(formatOption.Value!, io, entry, operand, links, defaultLayout: false) + "\n";
            else text = Render(Escapes(formatOption.Value!), io, entry, operand, links, defaultLayout: false);
            await io.Out.WriteAsync(text).ConfigureAwait(false);
        }
        return status;
    }

    private static string Escapes(string format)
    {
        var output = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '\\' || i + 1 >= format.Length)
            {
                output.Append(format[i]);
                continue;
            }
            var next = format[++i];
            output.Append(next switch
            {
                'n' => "\n",
                't' => "\t",
                '\\' => "\\",
                'a' => "\a",
                'b' => "\b",
                'f' => "\f",
                'r' => "\r",
                'v' => "\v",
                '"' => "\"",
                '0' => "\0",
                _ => "\\" + next,
            });
        }
        return output.ToString();
    }

    private static string Render(string format, CommandIO io, EntryInfo entry, string name, long links, bool defaultLayout)
    {
        var output = new StringBuilder();
        var zone = FileFacts.TimeZone(io);
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%' || i + 1 >= format.Length)
            {
                output.Append(c);
                continue;
            }
            var start = i++;
            var flags = "";
            while (i < format.Length && format[i] is '-' or '+' or ' ' or '#' or '0' or '\'') flags += format[i++];
            var width = "";
            while (i < format.Length && char.IsAsciiDigit(format[i])) width += format[i++];
            var precision = "";
            var hasPrecision = false;
            if (i < format.Length && format[i] == '.')
            {
                hasPrecision = true;
                i++;
                while (i < format.Length && char.IsAsciiDigit(format[i])) precision += format[i++];
            }
            if (i < format.Length && format[i] is 'H' or 'L' && i + 1 < format.Length && format[i + 1] is 'd' or 'r') i++;
            if (i >= format.Length)
            {
                output.Append(format, start, format.Length - start);
                break;
            }
            var directive = format[i];
            if (directive == '%')
            {
                output.Append('%');
                continue;
            }
            var (text, numeric) = Directive(directive, io, entry, name, zone, links, defaultLayout);
            if (text is null)
            {
                output.Append('?');
                continue;
            }
            if (hasPrecision && !numeric) text = text[..Math.Min(text.Length, precision.Length == 0 ? 0 : int.Parse(precision, CultureInfo.InvariantCulture))];
            if (width.Length > 0)
            {
                var w = int.Parse(width, CultureInfo.InvariantCulture);
                if (flags.Contains('-')) text = text.PadRight(w);
                else if (flags.Contains('0') && numeric) text = text.PadLeft(w, '0');
                else text = text.PadLeft(w);
            }
            output.Append(text);
        }
        return output.ToString();
    }

    private static (string? Text, bool Numeric) Directive(char directive, CommandIO io, EntryInfo entry, string name, TimeZoneInfo zone, long links, bool defaultLayout)
    {
        var inv = CultureInfo.InvariantCulture;
        var modified = FileFacts.InZone(FileFacts.Modified(entry), zone);
        var owner = io.GetEnvironment("USER") ?? "user";
        return directive switch
        {
            'n' => (name, false),
            'N' => ((defaultLayout ? Quoting.ShellIfNeeded(name) : Quoting.ShellAlways(name)) + (entry.Kind == EntryKind.Symlink ? " -> " + Quoting.ShellAlways(entry.LinkTarget ?? "") : ""), false),
            's' => (FileFacts.Size(entry).ToString(inv), true),
            'b' => (FileFacts.Blocks512(entry).ToString(inv), true),
            'B' => ("512", true),
            'o' => ("4096", true),
            'F' => (entry.Kind switch
            {
                EntryKind.Directory => "directory",
                EntryKind.Symlink => "symbolic link",
                _ => (entry.Size ?? 0) == 0 ? "regular empty file" : "regular file",
            }, false),
            'a' => (FileFacts.Octal(FileFacts.Permissions(entry)), true),
            'A' => (FileFacts.ModeString(entry), false),
            'f' => (Convert.ToString(FileFacts.Permissions(entry) | entry.Kind switch { EntryKind.Directory => 0x4000, EntryKind.Symlink => 0xA000, _ => 0x8000 }, 16), false),
            'h' => (links.ToString(inv), true),
            'u' or 'g' => ("1000", true),
            'U' or 'G' => (owner, false),
            'i' => (FileFacts.Inode(entry.Path).ToString(inv), true),
            'd' => ("2049", true),
            'D' => ("801", false),
            't' or 'T' => ("0", false),
            'm' => ("/", false),
            'x' or 'y' or 'z' or 'w' => (FileFacts.FullTime(modified), false),
            'X' or 'Y' or 'Z' or 'W' => (FileFacts.Modified(entry).ToUnixTimeSeconds().ToString(inv), true),
            'C' => ("?", false),
            _ => (null, false),
        };
    }
}
