using System.Globalization;
using System.Text;
using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>ls: one name per line (stdout is never a terminal), GNU's long format, sorting, recursion and totals.</summary>
public sealed class LsCommand() : GnuCommand("ls")
{
    private static readonly ArgParser Options = new("1aAdFghilnoprRsStUCxmw:",
        "all=a", "almost-all=A", "directory=d", "classify::", "human-readable=h", "inode=i", "numeric-uid-gid=n",
        "recursive=R", "reverse=r", "size=s", "full-time", "sort:", "time:", "si", "indicator-style:", "color::",
        "group-directories-first", "file-type", "width=w", "help", "version");

    protected override ArgParser Parser => Options;

    protected override int UsageErrorStatus => 2;

    protected override string Authors => "Richard M. Stallman and David MacKenzie";

    protected override string Help => "Usage: ls [OPTION]... [FILE]...\nList information about the FILEs (the current directory by default).\n";

    private enum SortKey { Name, Time, Size, None, Extension }

    private sealed class Settings
    {
        public bool All;
        public bool AlmostAll;
        public bool Directory;
        public bool Long;
        public bool ShowOwner = true;
        public bool ShowGroup = true;
        public bool Numeric;
        public bool Human;
        public bool Si;
        public bool Inode;
        public bool Recursive;
        public bool Reverse;
        public bool Blocks;
        public bool FullTime;
        public bool GroupDirectoriesFirst;
        public char Indicator; // 'F' classify, 'p' slash, 't' file-type, '\0' none
        public char Layout = '1'; // '1' one per line, 'C' columns down, 'x' columns across, 'm' commas
        public int LineWidth = 80;
        public SortKey Sort = SortKey.Name;
        public string Owner = "user";
        public TimeZoneInfo Zone = TimeZoneInfo.Utc;
        public DateTimeOffset Now;

        /// <summary>Whether entries need size, time or mode (a stat each), or their names and kinds are enough.</summary>
        public bool NeedsDetails => Long || Blocks || Inode || Indicator == 'F' || Sort is SortKey.Time or SortKey.Size;
    }

    /// <summary>One name to print and what it names.</summary>
    private sealed record Item(string Name, EntryInfo Entry, VPath Path);

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var settings = new Settings { Owner = io.GetEnvironment("USER") ?? "user", Zone = FileFacts.TimeZone(io), Now = DateTimeOffset.UtcNow };
        foreach (var option in arguments.Options)
        {
            switch (option.Key)
            {
                case "a": settings.All = true; settings.AlmostAll = false; break;
                case "A": settings.AlmostAll = true; settings.All = false; break;
                case "d": settings.Directory = true; break;
                case "F": settings.Indicator = 'F'; break;
                case "classify": settings.Indicator = option.Value is null or "always" or "yes" or "force" ? 'F' : '\0'; break;
                case "p": settings.Indicator = 'p'; break;
                case "file-type": settings.Indicator = 't'; break;
                case "indicator-style":
                    settings.Indicator = option.Value switch { "classify" => 'F', "slash" => 'p', "file-type" => 't', _ => '\0' };
                    break;
                case "g": settings.Long = true; settings.ShowOwner = false; break;
                case "o": settings.Long = true; settings.ShowGroup = false; break;
                case "l": settings.Long = true; break;
                case "n": settings.Long = true; settings.Numeric = true; break;
                case "h": settings.Human = true; break;
                case "si": settings.Human = true; settings.Si = true; break;
                case "i": settings.Inode = true; break;
                case "R": settings.Recursive = true; break;
                case "r": settings.Reverse = true; break;
                case "s": settings.Blocks = true; break;
                case "S": settings.Sort = SortKey.Size; break;
                case "t": settings.Sort = SortKey.Time; break;
                case "U": settings.Sort = SortKey.None; break;
                case "full-time": settings.Long = true; settings.FullTime = true; break;
                case "group-directories-first": settings.GroupDirectoriesFirst = true; break;
                case "w": settings.LineWidth = int.TryParse(option.Value, out var width) && width > 0 ? width : 80; break;
                case "1": settings.Layout = '1'; break;
                case "C" or "x" or "m": settings.Layout = option.Key[0]; break;
                case "color": break;
                case "sort":
                    SortKey? key = option.Value switch { "name" => SortKey.Name, "none" => SortKey.None, "size" => SortKey.Size, "time" => SortKey.Time, "extension" => SortKey.Extension, _ => null };
                    if (key is null)
                    {
                        await io.ErrorAsync($"invalid argument '{option.Value}' for '--sort'\nValid arguments are:\n  - 'none'\n  - 'time'\n  - 'size'\n  - 'extension'\n  - 'version'\n  - 'width'").ConfigureAwait(false);
                        return await io.UsageErrorAsync(null, 2).ConfigureAwait(false);
                    }
                    settings.Sort = key.Value;
                    break;
            }
        }

        var status = 0;
        var operands = arguments.Operands.Count == 0 ? ["."] : arguments.Operands;
        var files = new List<Item>();
        var directories = new List<Item>();
        foreach (var operand in operands)
        {
            var path = io.Resolve(operand);
            EntryInfo? entry;
            try
            {
                entry = await io.Files.StatAsync(path, io.CancellationToken).ConfigureAwait(false);
            }
            catch (ResourceException e)
            {
                await io.ErrorAsync($"cannot access {Quoting.ShellAlways(operand)}: {e.Reason}").ConfigureAwait(false);
                status = 2;
                continue;
            }
            if (entry is null)
            {
                await io.ErrorAsync($"cannot access {Quoting.ShellAlways(operand)}: No such file or directory").ConfigureAwait(false);
                status = 2;
                continue;
            }
            // A link named on the command line is followed unless the link itself is asked about (-l, -d, -F).
            if (entry.Kind == EntryKind.Symlink && !settings.Long && !settings.Directory && settings.Indicator != 'F'
                && await io.FollowAsync(path).ConfigureAwait(false) is { IsDirectory: true } target)
            {
                entry = target;
            }
            var item = new Item(operand, entry, path);
            if (entry.IsDirectory && !settings.Directory) directories.Add(item);
            else files.Add(item);
        }

        Sort(files, settings);
        Sort(directories, settings);
        var printed = false;
        if (files.Count > 0)
        {
            await PrintBlockAsync(io, files, settings, showTotal: false).ConfigureAwait(false);
            printed = true;
        }
        var showHeaders = operands.Count > 1 || settings.Recursive || files.Count > 0;
        foreach (var directory in directories)
        {
            var result = await ListDirectoryAsync(io, directory, settings, showHeaders, printed).ConfigureAwait(false);
            status = Math.Max(status, result);
            printed = true;
        }
        return status;
    }

    private async ValueTask<int> ListDirectoryAsync(CommandIO io, Item directory, Settings settings, bool showHeader, bool printedBefore)
    {
        if (printedBefore) await io.Out.WriteAsync("\n").ConfigureAwait(false);
        if (showHeader) await io.Out.WriteAsync(directory.Name + ":\n").ConfigureAwait(false);
        List<EntryInfo> children;
        try
        {
            children = settings.NeedsDetails
                ? await ResourceOperations.ListSortedAsync(io.Files, directory.Path, io.CancellationToken).ConfigureAwait(false)
                : await ResourceOperations.ListNamesSortedAsync(io.Files, directory.Path, io.CancellationToken).ConfigureAwait(false);
        }
        catch (ResourceException e)
        {
            await io.ErrorAsync($"cannot open directory {Quoting.ShellAlways(directory.Name)}: {e.Reason}").ConfigureAwait(false);
            return 2;
        }
        var items = new List<Item>();
        if (settings.All)
        {
            items.Add(new Item(".", directory.Entry, directory.Path));
            var parent = await io.Files.StatAsync(directory.Path.Parent, io.CancellationToken).ConfigureAwait(false) ?? directory.Entry;
            items.Add(new Item("..", parent, directory.Path.Parent));
        }
        foreach (var child in children)
        {
            if (child.Name.StartsWith('.') && !settings.All && !settings.AlmostAll) continue;
            items.Add(new Item(child.Name, child, child.Path));
        }
        Sort(items, settings);
        await PrintBlockAsync(io, items, settings, showTotal: settings.Long || settings.Blocks).ConfigureAwait(false);

        var status = 0;
        if (!settings.Recursive) return status;
        foreach (var item in items)
        {
            if (!item.Entry.IsDirectory || item.Name is "." or "..") continue;
            var name = directory.Name.EndsWith('/') ? directory.Name + item.Name : directory.Name + "/" + item.Name;
            status = Math.Max(status, await ListDirectoryAsync(io, item with { Name = name }, settings, showHeader: true, printedBefore: true).ConfigureAwait(false));
        }
        return status;
    }

    private static void Sort(List<Item> items, Settings settings)
    {
        if (settings.Sort == SortKey.None) return;
        Comparison<Item> byName = (a, b) => string.CompareOrdinal(a.Name, b.Name);
        Comparison<Item> comparison = settings.Sort switch
        {
            SortKey.Time => (a, b) =>
            {
                var c = FileFacts.Modified(b.Entry).CompareTo(FileFacts.Modified(a.Entry));
                return c != 0 ? c : byName(a, b);
            },
            SortKey.Size => (a, b) =>
            {
                var c = FileFacts.Size(b.Entry).CompareTo(FileFacts.Size(a.Entry));
                return c != 0 ? c : byName(a, b);
            },
            SortKey.Extension => (a, b) =>
            {
                var c = string.CompareOrdinal(Extension(a.Name), Extension(b.Name));
                return c != 0 ? c : byName(a, b);
            },
            _ => byName,
        };
        var ordered = settings.Reverse ? items.Order(Comparer<Item>.Create((a, b) => comparison(b, a))).ToList() : items.Order(Comparer<Item>.Create(comparison)).ToList();
        if (settings.GroupDirectoriesFirst) ordered = [.. ordered.Where(i => i.Entry.IsDirectory), .. ordered.Where(i => !i.Entry.IsDirectory)];
        items.Clear();
        items.AddRange(ordered);
    }

    private static string Extension(string name)
    {
        var dot = name.LastIndexOf('.');
        return dot <= 0 ? string.Empty : name[(dot + 1)..];
    }

    private async ValueTask PrintBlockAsync(CommandIO io, List<Item> items, Settings settings, bool showTotal)
    {
        if (showTotal)
        {
            var totalBlocks = items.Sum(i => FileFacts.Blocks512(i.Entry));
            var total = settings.Human ? HumanSize.Format(totalBlocks * 512, settings.Si) : FileFacts.Number((totalBlocks + 1) / 2);
            await io.Out.WriteAsync("total " + total + "\n").ConfigureAwait(false);
        }
        var rows = new List<string[]>();
        foreach (var item in items)
        {
            var fields = new List<string>();
            if (settings.Inode) fields.Add(FileFacts.Number(FileFacts.Inode(item.Path)));
            if (settings.Blocks) fields.Add(BlockText(item.Entry, settings));
            if (settings.Long)
            {
                fields.Add(FileFacts.ModeString(item.Entry));
                fields.Add(FileFacts.Number(await LinkCountAsync(io, item).ConfigureAwait(false)));
                if (settings.ShowOwner) fields.Add(settings.Numeric ? "1000" : settings.Owner);
                if (settings.ShowGroup) fields.Add(settings.Numeric ? "1000" : settings.Owner);
                var size = FileFacts.Size(item.Entry);
                fields.Add(settings.Human ? HumanSize.Format(size, settings.Si) : FileFacts.Number(size));
                fields.Add(TimeText(FileFacts.Modified(item.Entry), settings));
            }
            fields.Add(NameText(item, settings));
            rows.Add([.. fields]);
        }
        if (rows.Count == 0) return;
        if (!settings.Long && settings.Layout != '1')
        {
            var cells = rows.Select(r => string.Join(' ', r)).ToList();
            await io.Out.WriteAsync(settings.Layout == 'm' ? Commas(cells, settings.LineWidth) : Columns(cells, settings.Layout == 'x', settings.LineWidth)).ConfigureAwait(false);
            return;
        }
        var widths = new int[rows[0].Length];
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++) widths[i] = Math.Max(widths[i], row[i].Length);
        }
        var leftAligned = LeftAlignedColumns(settings);
        var line = new StringBuilder();
        foreach (var row in rows)
        {
            line.Clear();
            for (var i = 0; i < row.Length; i++)
            {
                if (i > 0) line.Append(' ');
                if (i == row.Length - 1) line.Append(row[i]);
                else if (leftAligned.Contains(i)) line.Append(row[i].PadRight(widths[i]));
                else line.Append(row[i].PadLeft(widths[i]));
            }
            line.Append('\n');
            await io.Out.WriteAsync(line.ToString()).ConfigureAwait(false);
        }
    }

    /// <summary>GNU's -C/-x layout: as many columns as fit the line, each as wide as its longest name plus two.</summary>
    private static string Columns(List<string> cells, bool across, int lineWidth)
    {
        var count = cells.Count;
        var best = 1;
        for (var columns = Math.Min(count, Math.Max(1, lineWidth / 3)); columns >= 1; columns--)
        {
            var rows = (count + columns - 1) / columns;
            if (!across && (count + rows - 1) / rows != columns && columns > 1) continue;
            var widths = ColumnWidths(cells, columns, rows, across);
            if (widths.Sum() <= lineWidth || columns == 1)
            {
                best = columns;
                break;
            }
        }
        var rowCount = (count + best - 1) / best;
        var finalWidths = ColumnWidths(cells, best, rowCount, across);
        var output = new StringBuilder();
        for (var row = 0; row < rowCount; row++)
        {
            var position = 0;
            var start = 0;
            for (var column = 0; column < best; column++)
            {
                var index = across ? row * best + column : column * rowCount + row;
                if (index >= count) break;
                Indent(output, position, start);
                output.Append(cells[index]);
                position = start + Width(cells[index]);
                start += finalWidths[column];
            }
            output.Append('\n');
        }
        return output.ToString();
    }

    /// <summary>Pads from one column to another with tabs where a tab stop fits, as ls does.</summary>
    private static void Indent(StringBuilder output, int from, int to)
    {
        while (from < to)
        {
            if (to / 8 > (from + 1) / 8)
            {
                output.Append('\t');
                from += 8 - from % 8;
            }
            else
            {
                output.Append(' ');
                from++;
            }
        }
    }

    /// <summary>Display width in the C locale: printable ASCII bytes take a column, other bytes none.</summary>
    private static int Width(string text) => Encoding.UTF8.GetBytes(text).Count(b => b is >= 0x20 and < 0x7f);

    private static int[] ColumnWidths(List<string> cells, int columns, int rows, bool across)
    {
        var widths = new int[columns];
        for (var i = 0; i < cells.Count; i++)
        {
            var column = across ? i % columns : i / rows;
            widths[column] = Math.Max(widths[column], Width(cells[i]) + (column == columns - 1 ? 0 : 2));
        }
        return widths;
    }

    /// <summary>-m: names joined by ", ", wrapped before the line would pass the width.</summary>
    private static string Commas(List<string> cells, int lineWidth)
    {
        var output = new StringBuilder();
        var column = 0;
        for (var i = 0; i < cells.Count; i++)
        {
            var piece = cells[i] + (i < cells.Count - 1 ? "," : "");
            var pieceWidth = Width(piece);
            if (column > 0)
            {
                if (column + 1 + pieceWidth > lineWidth)
                {
                    output.Append('\n');
                    column = 0;
                }
                else
                {
                    output.Append(' ');
                    column++;
                }
            }
            output.Append(piece);
            column += pieceWidth;
        }
        return output.Append('\n').ToString();
    }

    /// <summary>Owner and group are padded on the right; every other column on the left.</summary>
    private static HashSet<int> LeftAlignedColumns(Settings settings)
    {
        var set = new HashSet<int>();
        if (!settings.Long) return set;
        var index = (settings.Inode ? 1 : 0) + (settings.Blocks ? 1 : 0) + 2;
        if (settings.ShowOwner) set.Add(index++);
        if (settings.ShowGroup) set.Add(index);
        set.Add((settings.Inode ? 1 : 0) + (settings.Blocks ? 1 : 0)); // the mode string
        return set;
    }

    private static string BlockText(EntryInfo entry, Settings settings)
    {
        var blocks = FileFacts.Blocks512(entry);
        return settings.Human ? HumanSize.Format(blocks * 512, settings.Si) : FileFacts.Number((blocks + 1) / 2);
    }

    private static async ValueTask<long> LinkCountAsync(CommandIO io, Item item) =>
        item.Entry.IsDirectory ? await FileFacts.DirectoryLinksAsync(io, item.Entry).ConfigureAwait(false) : 1;

    private static string TimeText(DateTimeOffset modified, Settings settings)
    {
        var local = FileFacts.InZone(modified, settings.Zone);
        if (settings.FullTime) return FileFacts.FullTime(local);
        var sixMonths = TimeSpan.FromSeconds(31556952 / 2);
        var recent = modified > settings.Now - sixMonths && modified <= settings.Now.AddSeconds(1);
        var month = local.ToString("MMM", CultureInfo.InvariantCulture);
        var day = local.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2);
        return recent
            ? $"{month} {day} {local.ToString("HH:mm", CultureInfo.InvariantCulture)}"
            : $"{month} {day}  {local.Year.ToString(CultureInfo.InvariantCulture)}";
    }

    private static string NameText(Item item, Settings settings)
    {
        var name = item.Name;
        var entry = item.Entry;
        if (settings.Long && entry.Kind == EntryKind.Symlink && entry.LinkTarget is not null) return name + " -> " + entry.LinkTarget;
        return settings.Indicator switch
        {
            'F' => name + entry.Kind switch
            {
                EntryKind.Directory => "/",
                EntryKind.Symlink => "@",
                _ => (FileFacts.Permissions(entry) & 0x49) != 0 ? "*" : "",
            },
            'p' => entry.IsDirectory ? name + "/" : name,
            't' => name + entry.Kind switch { EntryKind.Directory => "/", EntryKind.Symlink => "@", _ => "" },
            _ => name,
        };
    }
}
