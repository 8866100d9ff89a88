using System.Text;
using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>file: guesses common types from the first bytes (text flavours, scripts, JSON, CSV, archives, images, PDF) as file 5 words them.</summary>
public sealed class FileCommand() : GnuCommand("file")
{
    private const int SniffLength = 64 * 1024;

    private static readonly ArgParser Options = new("bhiLz", "brief=b", "no-dereference=h", "mime=i", "mime-type", "dereference=L", "uncompress=z", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Package => "file";

    protected override string Help => "Usage: file [OPTION...] [FILE...]\nDetermine type of FILEs.\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        if (arguments.Operands.Count == 0)
        {
            await io.WriteStderrAsync("Usage: file [-bcCdEhikLlNnprsSvzZ0] [--apple] [--extension] [--mime-encoding]\n            [--mime-type] [-e <testname>] [-F <separator>]  [-f <namefile>]\n            [-m <magicfiles>] [-P <parameter=value>] [--exclude-quiet]\n            <file> ...\n       file -C [-m <magicfiles>]\n       file [--help]\n").ConfigureAwait(false);
            return 1;
        }
        var brief = arguments.Has("b");
        var mime = arguments.Has("i") || arguments.Has("mime-type");
        var names = arguments.Operands.Select(Escape).ToList();
        var width = names.Max(n => n.Length) + 1;
        for (var i = 0; i < arguments.Operands.Count; i++)
        {
            var operand = arguments.Operands[i];
            var (description, mimeType) = await DescribeAsync(io, operand, arguments.Has("L")).ConfigureAwait(false);
            var text = mime ? mimeType + (arguments.Has("i") && mimeType.StartsWith("text/", StringComparison.Ordinal) ? "; charset=us-ascii" : "") : description;
            await io.Out.WriteAsync((brief ? "" : (names[i] + ":").PadRight(width) + " ") + text + "\n").ConfigureAwait(false);
        }
        return 0;
    }

    private static string Escape(string name)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            if (b >= 128 || b < 32) builder.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
            else builder.Append((char)b);
        }
        return builder.ToString();
    }

    private static async ValueTask<(string Description, string Mime)> DescribeAsync(CommandIO io, string operand, bool follow)
    {
        var path = io.Resolve(operand);
        var entry = follow ? await io.FollowAsync(path).ConfigureAwait(false) : await io.Files.StatAsync(path, io.CancellationToken).ConfigureAwait(false);
        if (entry is null) return ($"cannot open `{operand}' (No such file or directory)", "cannot open");
        if (entry.IsDirectory) return ("directory", "inode/directory");
        if (entry.Kind == EntryKind.Symlink) return ($"symbolic link to {entry.LinkTarget}", "inode/symlink");
        byte[] head;
        var stream = await io.Files.OpenReadAsync(path, new ByteRange(0, SniffLength), io.CancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, io.CancellationToken).ConfigureAwait(false);
            head = buffer.ToArray();
        }
        return Classify(head);
    }

    internal static (string Description, string Mime) Classify(byte[] data)
    {
        if (data.Length == 0) return ("empty", "inode/x-empty");
        var span = data.AsSpan();
        if (span.StartsWith((byte[])[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return ("PNG image data", "image/png");
        if (span.StartsWith((byte[])[0xff, 0xd8, 0xff])) return ("JPEG image data", "image/jpeg");
        if (span.StartsWith("GIF8"u8)) return ("GIF image data", "image/gif");
        if (span.StartsWith("%PDF-"u8))
        {
            var version = Encoding.ASCII.GetString(data, 5, Math.Min(3, data.Length - 5));
            return ($"PDF document, version {version}", "application/pdf");
        }
        if (span.Length >= 2 && data[0] == 0x1f && data[1] == 0x8b) return ("gzip compressed data", "application/gzip");
        if (span.StartsWith("BZh"u8)) return ("bzip2 compressed data", "application/x-bzip2");
        if (span.StartsWith((byte[])[0xfd, 0x37, 0x7a, 0x58, 0x5a])) return ("XZ compressed data", "application/x-xz");
        if (span.StartsWith((byte[])[0x50, 0x4b, 0x03, 0x04]) && span.Length > 30) return ("Zip archive data", "application/zip");
        if (span.StartsWith((byte[])[0x7f, 0x45, 0x4c, 0x46])) return ("ELF executable", "application/x-executable");
        if (span.Length >= 262 && span.Slice(257, 5).SequenceEqual("ustar"u8))
            return (span.Slice(257, 8).SequenceEqual("ustar  \0"u8) ? "POSIX tar archive (GNU)" : "POSIX tar archive", "application/x-tar");
        if (span.StartsWith("SQLite format 3\0"u8)) return ("SQLite 3.x database", "application/vnd.sqlite3");

        var isAscii = true;
        var isUtf8 = true;
        try
        {
            _ = new UTF8Encoding(false, true).GetString(data, 0, TrimPartial(data));
        }
        catch (DecoderFallbackException)
        {
            isUtf8 = false;
        }
        foreach (var b in data)
        {
            if (b >= 128) isAscii = false;
            if (b < 32 && b is not (9 or 10 or 13 or 12 or 27 or 8)) return ("data", "application/octet-stream");
        }
        if (!isAscii && !isUtf8) return ("ISO-8859 text", "text/plain");
        var charset = isAscii ? "ASCII text" : "Unicode text, UTF-8 text";
        var text = Encoding.UTF8.GetString(data);
        var suffix = LineTerminators(text);
        string? kind = null;
        var mime = "text/plain";
        var trimmed = text.TrimStart();
        if (text.StartsWith("#!", StringComparison.Ordinal))
        {
            var line = text.Split('\n')[0];
            var interpreter = line.Contains("python", StringComparison.Ordinal) ? "Python script"
                : line.Contains("bash", StringComparison.Ordinal) ? "Bourne-Again shell script"
                : line.Contains("node", StringComparison.Ordinal) ? "Node.js script"
                : line.Contains("perl", StringComparison.Ordinal) ? "Perl script"
                : line.EndsWith("/sh", StringComparison.Ordinal) || line.Contains("/sh ", StringComparison.Ordinal) ? "POSIX shell script"
                : "a " + line[2..].Trim() + " script";
            return ($"{interpreter}, {charset} executable{suffix}", mime == "text/plain" ? "text/x-shellscript" : mime);
        }
        if (trimmed.StartsWith("<?xml", StringComparison.Ordinal)) return ($"XML 1.0 document, {charset}{suffix}", "text/xml");
        if (trimmed.StartsWith("<html", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase))
            return ($"HTML document, {charset}{suffix}", "text/html");
        if (LooksLikeJson(trimmed)) return ("JSON text data", "application/json");
        if (LooksLikeJsonLines(text)) return ("New Line Delimited JSON text data", "application/x-ndjson");
        if (text.Contains("#include", StringComparison.Ordinal) || (text.Contains("int main", StringComparison.Ordinal) && text.Contains('{', StringComparison.Ordinal)))
        {
            kind = "C source";
            mime = "text/x-c";
        }
        else if (LooksLikeCsv(text))
        {
            return ("CSV text", "text/csv");
        }
        return ((kind is null ? "" : kind + ", ") + charset + suffix, mime);
    }

    private static int TrimPartial(byte[] data)
    {
        // A sniffed prefix may end inside a multi-byte character.
        var length = data.Length;
        var back = 0;
        while (back < 3 && length - 1 - back >= 0 && (data[length - 1 - back] & 0xC0) == 0x80) back++;
        if (length - 1 - back >= 0 && data[length - 1 - back] >= 0xC0) return length - 1 - back;
        return length;
    }

    private static string LineTerminators(string text)
    {
        if (!text.Contains('\n', StringComparison.Ordinal)) return text.Contains('\r', StringComparison.Ordinal) ? ", with CR line terminators" : ", with no line terminators";
        if (text.Contains("\r\n", StringComparison.Ordinal)) return ", with CRLF line terminators";
        return "";
    }

    private static bool LooksLikeJson(string text)
    {
        if (!(text.StartsWith('{') || text.StartsWith('['))) return false;
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(text);
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static bool LooksLikeJsonLines(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Length >= 2 && lines.All(l => l.TrimStart().StartsWith('{') && LooksLikeJson(l.Trim()));
    }

    private static bool LooksLikeCsv(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length < 2) return false;
        var commas = lines[0].Count(c => c == ',');
        return commas >= 1 && lines.All(l => l.Count(c => c == ',') == commas);
    }
}
