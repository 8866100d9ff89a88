using System.Globalization;
using System.Text;
using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem.Diff;

/// <summary>diff (GNU diffutils 3.8): normal and unified output, -q, -r, -N, -s, -i, -w, -b; exit 0 same, 1 different, 2 trouble.</summary>
public sealed class DiffCommand() : GnuCommand("diff")
{
    private static readonly ArgParser Options = new("abBiNqrsuU:wc", "text=a", "ignore-space-change=b", "ignore-blank-lines=B", "ignore-case=i",
        "new-file=N", "brief=q", "recursive=r", "report-identical-files=s", "unified::", "ignore-all-space=w", "label:", "normal", "context::",
        "color::", "no-dereference", "strip-trailing-cr", "help", "version");

    protected override ArgParser Parser => Options;

    protected override int UsageErrorStatus => 2;

    protected override string Package => "GNU diffutils";

    protected override string PackageVersion => "3.8";

    protected override string Authors => "Paul Eggert, Mike Haertel, David Hayes,\nRichard Stallman, and Len Tower";

    protected override string Help => "Usage: diff [OPTION]... FILES\nCompare FILES line by line.\n";

    private sealed class Settings
    {
        public bool Brief;
        public bool Recursive;
        public bool NewFile;
        public bool ReportIdentical;
        public int? Context;
        public bool IgnoreCase;
        public bool IgnoreAllSpace;
        public bool IgnoreSpaceChange;
        public bool IgnoreBlankLines;
        public bool StripCr;
        public bool Text;
        public List<string> Labels = [];
        public string Switches = "";
    }

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var settings = new Settings();
        foreach (var option in arguments.Options)
        {
            switch (option.Key)
            {
                case "q": settings.Brief = true; break;
                case "r": settings.Recursive = true; break;
                case "N": settings.NewFile = true; break;
                case "s": settings.ReportIdentical = true; break;
                case "u": settings.Context = 3; break;
                case "unified": settings.Context = option.Value is null ? 3 : int.Parse(option.Value, CultureInfo.InvariantCulture); break;
                case "U": settings.Context = int.Parse(option.Value!, CultureInfo.InvariantCulture); break;
                case "i": settings.IgnoreCase = true; break;
                case "w": settings.IgnoreAllSpace = true; break;
                case "b": settings.IgnoreSpaceChange = true; break;
                case "B": settings.IgnoreBlankLines = true; break;
                case "a": settings.Text = true; break;
                case "strip-trailing-cr": settings.StripCr = true; break;
                case "label": settings.Labels.Add(option.Value!); break;
                case "normal": settings.Context = null; break;
            }
        }
        settings.Switches = string.Join(' ', io.Context.Arguments.TakeWhile(a => a != "--").Where(a => a.StartsWith('-') && a.Length > 1));
        var operands = arguments.Operands;
        if (operands.Count < 2)
            return await io.UsageErrorAsync(operands.Count == 0 ? "missing operand after 'diff'" : $"missing operand after {Quoting.ShellAlways(operands[^1])}", 2).ConfigureAwait(false);
        if (operands.Count > 2) return await io.UsageErrorAsync($"extra operand {Quoting.ShellAlways(operands[2])}", 2).ConfigureAwait(false);

        var (left, right) = (operands[0], operands[1]);
        var leftInfo = left == "-" ? null : await io.StatAsync(left).ConfigureAwait(false);
        var rightInfo = right == "-" ? null : await io.StatAsync(right).ConfigureAwait(false);
        if (left != "-" && leftInfo is null && !(settings.NewFile && rightInfo is not null))
        {
            await io.ErrorAsync($"{Quoting.ShellIfNeeded(left)}: No such file or directory").ConfigureAwait(false);
            return 2;
        }
        if (right != "-" && rightInfo is null && !(settings.NewFile && leftInfo is not null))
        {
            await io.ErrorAsync($"{Quoting.ShellIfNeeded(right)}: No such file or directory").ConfigureAwait(false);
            return 2;
        }
        if (leftInfo is { IsDirectory: true } && rightInfo is { IsDirectory: true })
            return await CompareDirectoriesAsync(io, left, right, settings, top: true).ConfigureAwait(false);
        // A file against a directory compares with the same-named file inside it.
        if (leftInfo is { IsDirectory: true }) left = CpCommand.Join(left, BasenameCommand.Strip(right, null));
        else if (rightInfo is { IsDirectory: true }) right = CpCommand.Join(right, BasenameCommand.Strip(left, null));
        return await CompareFilesAsync(io, left, right, settings, header: null).ConfigureAwait(false);
    }

    private async ValueTask<int> CompareDirectoriesAsync(CommandIO io, string left, string right, Settings settings, bool top)
    {
        var leftNames = await NamesAsync(io, left).ConfigureAwait(false);
        var rightNames = await NamesAsync(io, right).ConfigureAwait(false);
        var status = 0;
        foreach (var name in leftNames.Keys.Union(rightNames.Keys).Order(StringComparer.Ordinal))
        {
            var leftPath = CpCommand.Join(left, name);
            var rightPath = CpCommand.Join(right, name);
            leftNames.TryGetValue(name, out var l);
            rightNames.TryGetValue(name, out var r);
            if (l is null || r is null)
            {
                var present = l ?? r!;
                if (settings.NewFile && !present.IsDirectory)
                {
                    status = Math.Max(status, await CompareFilesAsync(io, leftPath, rightPath, settings, header: $"diff {settings.Switches} {leftPath} {rightPath}").ConfigureAwait(false));
                    continue;
                }
                if (settings.NewFile && present.IsDirectory && settings.Recursive)
                {
                    status = Math.Max(status, await CompareDirectoriesAsync(io, leftPath, rightPath, settings, top: false).ConfigureAwait(false));
                    continue;
                }
                await io.Out.WriteAsync($"Only in {(l is null ? right : left)}: {name}\n").ConfigureAwait(false);
                status = Math.Max(status, 1);
                continue;
            }
            if (l.IsDirectory && r.IsDirectory)
            {
                if (settings.Recursive) status = Math.Max(status, await CompareDirectoriesAsync(io, leftPath, rightPath, settings, top: false).ConfigureAwait(false));
                else await io.Out.WriteAsync($"Common subdirectories: {leftPath} and {rightPath}\n").ConfigureAwait(false);
                continue;
            }
            if (l.IsDirectory != r.IsDirectory)
            {
                await io.Out.WriteAsync($"File {leftPath} is a {Kind(l)} while file {rightPath} is a {Kind(r)}\n").ConfigureAwait(false);
                status = Math.Max(status, 1);
                continue;
            }
            status = Math.Max(status, await CompareFilesAsync(io, leftPath, rightPath, settings, header: $"diff {settings.Switches} {leftPath} {rightPath}".Replace("diff  ", "diff ", StringComparison.Ordinal)).ConfigureAwait(false));
        }
        _ = top;
        return status;
    }

    private static string Kind(EntryInfo info) => info.IsDirectory ? "directory" : (info.Size ?? 0) == 0 ? "regular empty file" : "regular file";

    private static async ValueTask<Dictionary<string, EntryInfo>> NamesAsync(CommandIO io, string directory)
    {
        var result = new Dictionary<string, EntryInfo>(StringComparer.Ordinal);
        var path = io.Resolve(directory);
        if (await io.Files.StatAsync(path, io.CancellationToken).ConfigureAwait(false) is not { IsDirectory: true }) return result;
        await foreach (var entry in io.Files.ListAsync(path, io.CancellationToken).ConfigureAwait(false)) result[entry.Name] = entry;
        return result;
    }

    private async ValueTask<int> CompareFilesAsync(CommandIO io, string left, string right, Settings settings, string? header)
    {
        byte[] a, b;
        try
        {
            a = await ReadAsync(io, left, settings.NewFile).ConfigureAwait(false);
            b = await ReadAsync(io, right, settings.NewFile).ConfigureAwait(false);
        }
        catch (ResourceException e)
        {
            await io.ErrorAsync($"{Quoting.ShellIfNeeded(e.Path.Name.Length == 0 ? left : left)}: {e.Reason}").ConfigureAwait(false);
            return 2;
        }
        if (a.AsSpan().SequenceEqual(b))
        {
            if (settings.ReportIdentical) await io.Out.WriteAsync($"Files {left} and {right} are identical\n").ConfigureAwait(false);
            return 0;
        }
        var binary = !settings.Text && (a.AsSpan(0, Math.Min(a.Length, 4096)).Contains((byte)0) || b.AsSpan(0, Math.Min(b.Length, 4096)).Contains((byte)0));
        if (binary)
        {
            if (header is not null && !settings.Brief) await io.Out.WriteAsync(header + "\n").ConfigureAwait(false);
            await io.Out.WriteAsync($"Binary files {left} and {right} differ\n").ConfigureAwait(false);
            return 1;
        }
        var linesA = SplitLines(a);
        var linesB = SplitLines(b);
        var keysA = linesA.Select(l => Key(l, settings)).ToList();
        var keysB = linesB.Select(l => Key(l, settings)).ToList();
        var changes = LineDiff.Compute(keysA, keysB);
        if (settings.IgnoreBlankLines) changes = changes.Where(c => !AllBlank(linesA, c.AStart, c.DeleteCount) || !AllBlank(linesB, c.BStart, c.InsertCount)).ToList();
        if (changes.Count == 0)
        {
            if (settings.ReportIdentical) await io.Out.WriteAsync($"Files {left} and {right} are identical\n").ConfigureAwait(false);
            return 0;
        }
        if (settings.Brief)
        {
            await io.Out.WriteAsync($"Files {left} and {right} differ\n").ConfigureAwait(false);
            return 1;
        }
        if (header is not null) await io.Out.WriteAsync(header + "\n").ConfigureAwait(false);
        var output = new StringBuilder();
        if (settings.Context is { } context)
        {
            var leftLabel = settings.Labels.Count > 0 ? settings.Labels[0] : left + "\t" + await StampAsync(io, left).ConfigureAwait(false);
            var rightLabel = settings.Labels.Count > 1 ? settings.Labels[1] : right + "\t" + await StampAsync(io, right).ConfigureAwait(false);
            output.Append("--- ").Append(leftLabel).Append('\n').Append("+++ ").Append(rightLabel).Append('\n');
            Unified(output, changes, linesA, linesB, context);
        }
        else Normal(output, changes, linesA, linesB);
        await io.Out.WriteAsync(output.ToString()).ConfigureAwait(false);
        return 1;
    }

    private static bool AllBlank(List<string> lines, int start, int count)
    {
        for (var i = start; i < start + count; i++)
        {
            if (lines[i].TrimEnd('\n').Length > 0) return false;
        }
        return true;
    }

    private static async ValueTask<string> StampAsync(CommandIO io, string operand)
    {
        if (operand == "-") return FileFacts.FullTime(FileFacts.InZone(DateTimeOffset.UtcNow, FileFacts.TimeZone(io)));
        var info = await io.StatAsync(operand).ConfigureAwait(false);
        var time = info is null ? DateTimeOffset.UnixEpoch : FileFacts.Modified(info);
        return FileFacts.FullTime(FileFacts.InZone(time, FileFacts.TimeZone(io)));
    }

    private static async ValueTask<byte[]> ReadAsync(CommandIO io, string operand, bool missingIsEmpty)
    {
        if (operand != "-" && missingIsEmpty && await io.StatAsync(operand).ConfigureAwait(false) is null) return [];
        var input = await io.OpenInputAsync(operand).ConfigureAwait(false);
        await using (input.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await input.CopyToAsync(buffer, io.CancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
    }

    /// <summary>Lines with their '\n' kept, so a last line without one differs from the same text with one.</summary>
    private static List<string> SplitLines(byte[] content)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < content.Length; i++)
        {
            if (content[i] != '\n') continue;
            lines.Add(Encoding.Latin1.GetString(content, start, i - start + 1));
            start = i + 1;
        }
        if (start < content.Length) lines.Add(Encoding.Latin1.GetString(content, start, content.Length - start));
        return lines;
    }

    private static string Key(string line, Settings settings)
    {
        var key = line;
        if (settings.StripCr && key.EndsWith("\r\n", StringComparison.Ordinal)) key = key[..^2] + "\n";
        if (settings.IgnoreCase) key = key.ToLowerInvariant();
        if (settings.IgnoreAllSpace) key = string.Concat(key.Where(c => c is not (' ' or '\t' or '\r' or '\v' or '\f'))) ;
        else if (settings.IgnoreSpaceChange)
        {
            var builder = new StringBuilder();
            var inSpace = false;
            foreach (var c in key.TrimEnd('\n').TrimEnd(' ', '\t'))
            {
                if (c is ' ' or '\t')
                {
                    inSpace = true;
                    continue;
                }
                if (inSpace) builder.Append(' ');
                inSpace = false;
                builder.Append(c);
            }
            key = builder.Append(key.EndsWith('\n') ? "\n" : "").ToString();
        }
        return key;
    }

    private static void AppendLine(StringBuilder output, string prefix, string line)
    {
        output.Append(prefix).Append(line);
        if (!line.EndsWith('\n')) output.Append("\n\\ No newline at end of file\n");
    }

    private static string Range(int start, int count) =>
        count <= 1 ? (start + Math.Max(count, 1)).ToString(CultureInfo.InvariantCulture) : $"{start + 1},{start + count}";

    private static void Normal(StringBuilder output, List<Change> changes, List<string> a, List<string> b)
    {
        foreach (var change in changes)
        {
            if (change.InsertCount == 0)
            {
                output.Append(Range(change.AStart, change.DeleteCount)).Append('d').Append(change.BStart.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
            else if (change.DeleteCount == 0)
            {
                output.Append(change.AStart.ToString(CultureInfo.InvariantCulture)).Append('a').Append(Range(change.BStart, change.InsertCount)).Append('\n');
            }
            else
            {
                output.Append(Range(change.AStart, change.DeleteCount)).Append('c').Append(Range(change.BStart, change.InsertCount)).Append('\n');
            }
            for (var i = 0; i < change.DeleteCount; i++) AppendLine(output, "< ", a[change.AStart + i]);
            if (change.DeleteCount > 0 && change.InsertCount > 0) output.Append("---\n");
            for (var i = 0; i < change.InsertCount; i++) AppendLine(output, "> ", b[change.BStart + i]);
        }
    }

    private static void Unified(StringBuilder output, List<Change> changes, List<string> a, List<string> b, int context)
    {
        var index = 0;
        while (index < changes.Count)
        {
            // Changes whose contexts touch or overlap share one hunk.
            var last = index;
            while (last + 1 < changes.Count && changes[last + 1].AStart - (changes[last].AStart + changes[last].DeleteCount) <= 2 * context) last++;
            var first = changes[index];
            var end = changes[last];
            var aFrom = Math.Max(0, first.AStart - context);
            var aTo = Math.Min(a.Count, end.AStart + end.DeleteCount + context);
            var bFrom = first.BStart - (first.AStart - aFrom);
            var bTo = end.BStart + end.InsertCount + (aTo - (end.AStart + end.DeleteCount));
            output.Append("@@ -").Append(HunkRange(aFrom, aTo - aFrom)).Append(" +").Append(HunkRange(bFrom, bTo - bFrom)).Append(" @@\n");
            var position = aFrom;
            for (var c = index; c <= last; c++)
            {
                var change = changes[c];
                for (; position < change.AStart; position++) AppendLine(output, " ", a[position]);
                for (var i = 0; i < change.DeleteCount; i++) AppendLine(output, "-", a[change.AStart + i]);
                for (var i = 0; i < change.InsertCount; i++) AppendLine(output, "+", b[change.BStart + i]);
                position = change.AStart + change.DeleteCount;
            }
            for (; position < aTo; position++) AppendLine(output, " ", a[position]);
            index = last + 1;
        }
    }

    private static string HunkRange(int start, int count) => count switch
    {
        0 => $"{start},0",
        1 => (start + 1).ToString(CultureInfo.InvariantCulture),
        _ => $"{start + 1},{count}",
    };
}
