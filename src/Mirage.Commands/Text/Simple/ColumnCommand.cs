using System.Globalization;
using Mirage.Commands.Common;
using Mirage.Commands.Text.Shared;

namespace Mirage.Commands.Text.Simple;

/// <summary>
/// util-linux 2.38 column: -t aligns fields into a table (-s input separators, -o output separator, -N names,
/// -R/-H/-O column choices, -l a column limit, -J JSON); otherwise fills columns. Output that is not a terminal
/// is never truncated or wrapped, so -T, -W, -E and -e change nothing here.
/// </summary>
public sealed class ColumnCommand : GnuCommand
{
    private static readonly ArgParser OptionParser = new(
        "ts:o:c:xn:O:N:l:E:deH:R:T:W:LJhV",
        "table=t", "separator=s", "output-separator=o", "output-width=c", "fillrows=x", "table-name=n", "table-order=O",
        "table-columns=N", "table-columns-limit=l", "table-noextreme=E", "table-noheadings=d", "table-header-repeat=e",
        "table-hide=H", "table-right=R", "table-truncate=T", "table-wrap=W", "keep-empty-lines=L", "json=J", "help=h", "version=V");

    public ColumnCommand()
        : base("column")
    {
    }

    protected override ArgParser Parser => OptionParser;

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var lines = new List<string>();
        foreach (var file in arguments.Operands.Count == 0 ? ["-"] : arguments.Operands)
        {
            var stream = await TextInput.OpenAsync(io, file).ConfigureAwait(false);
            if (stream is null) return 1;
            await using (stream.ConfigureAwait(false))
            {
                var reader = new LineReader(stream, io.CancellationToken);
                while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
                {
                    var text = Latin1.GetString(TextInput.Trim(line).Content.Span);
                    if (text.Trim(' ', '\t').Length == 0 && !arguments.Has("L")) continue;
                    lines.Add(text);
                }
            }
        }
        var width = 80;
        if (arguments.Last("c") is { } widthText && !int.TryParse(widthText, NumberStyles.None, CultureInfo.InvariantCulture, out width))
        {
            await io.ErrorAsync("invalid columns argument: " + Quoting.Locale(widthText)).ConfigureAwait(false);
            return 1;
        }
        if (arguments.Has("t") || arguments.Has("J")) return await WriteTableAsync(io, arguments, lines).ConfigureAwait(false);
        if (lines.Count == 0) return 0;
        // Columns are a tab stop wider than the longest entry; fill down each column, or across with -x.
        var longest = lines.Max(DisplayWidth);
        var columnWidth = (longest + 8) / 8 * 8;
        var columnCount = Math.Max(1, width / columnWidth);
        var rowCount = (lines.Count + columnCount - 1) / columnCount;
        var across = arguments.Has("x");
        for (var r = 0; r < rowCount; r++)
        {
            var text = new System.Text.StringBuilder();
            var cells = new List<string>();
            for (var c = 0; c < columnCount; c++)
            {
                var index = across ? r * columnCount + c : c * rowCount + r;
                if (index < lines.Count) cells.Add(lines[index]);
            }
            for (var c = 0; c < cells.Count; c++)
            {
                text.Append(cells[c]);
                if (c < cells.Count - 1)
                {
                    var used = DisplayWidth(cells[c]);
                    while (used < columnWidth)
                    {
                        text.Append('\t');
                        used = (used + 8) / 8 * 8;
                    }
                }
            }
            await io.Out.WriteAsync(Latin1.GetBytes(text.Append('\n').ToString())).ConfigureAwait(false);
        }
        return 0;
    }

    private static int DisplayWidth(string latin1) => Latin1.ToDisplay(latin1).Length;

    private static async ValueTask<int> WriteTableAsync(CommandIO io, ParsedArguments arguments, List<string> lines)
    {
        var names = arguments.Last("N") is { } nameList ? Latin1.FromArgument(nameList).Split(',') : [];
        var json = arguments.Has("J");
        if (json && names.Length == 0)
        {
            await io.ErrorAsync("option --table-columns required for --json").ConfigureAwait(false);
            return 1;
        }
        var limit = 0;
        if (arguments.Last("l") is { } limitText && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1))
        {
            await io.ErrorAsync("invalid columns limit argument: " + Quoting.Locale(limitText)).ConfigureAwait(false);
            return 1;
        }
        var separators = Latin1.FromArgument(arguments.Last("s") ?? " \t").ToCharArray();
        var rows = lines.Select(line => Split(line, separators, greedy: !arguments.Has("s"), limit)).ToList();
        var columnCount = Math.Max(names.Length, rows.Count == 0 ? 0 : rows.Max(r => r.Count));
        int? Find(string spec)
        {
            if (int.TryParse(spec, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return number >= 1 && number <= columnCount ? number - 1 : null;
            var index = Array.FindIndex(names, n => string.Equals(n, spec, StringComparison.OrdinalIgnoreCase));
            return index < 0 ? null : index;
        }
        HashSet<int> Set(string key) => [.. arguments.Values(key).SelectMany(v => Latin1.FromArgument(v).Split(',')).Select(Find).OfType<int>()];
        var hidden = Set("H");
        var right = Set("R");
        // -O puts the named columns first; the others follow in input order.
        var order = arguments.Values("O").SelectMany(v => Latin1.FromArgument(v).Split(',')).Select(Find).OfType<int>().Distinct().ToList();
        order.AddRange(Enumerable.Range(0, columnCount).Where(c => !order.Contains(c)));
        var visible = order.Where(c => !hidden.Contains(c)).ToList();
        if (json)
        {
            if (rows.Count > 0) await io.Out.WriteAsync(Latin1.GetBytes(Json(arguments.Last("n") ?? "table", names, visible, rows))).ConfigureAwait(false);
            return 0;
        }
        var header = names.Length > 0 && !arguments.Has("d");
        var widths = new int[columnCount];
        foreach (var row in header ? rows.Prepend([.. names]) : rows)
            for (var c = 0; c < row.Count; c++) widths[c] = Math.Max(widths[c], DisplayWidth(row[c] ?? ""));
        var outputSeparator = Latin1.FromArgument(arguments.Last("o") ?? "  ");
        var text = new System.Text.StringBuilder();
        foreach (var row in header ? rows.Prepend([.. names]) : rows)
        {
            text.Clear();
            for (var i = 0; i < visible.Count; i++)
            {
                var column = visible[i];
                var cell = column < row.Count ? row[column] : null;
                var last = i == visible.Count - 1;
                // A cell missing from the end of a short line prints nothing, not even padding.
                if (last && cell is null) break;
                var padding = new string(' ', Math.Max(0, widths[column] - DisplayWidth(cell ?? "")));
                if (right.Contains(column)) text.Append(padding).Append(cell);
                else text.Append(cell).Append(last ? "" : padding);
                if (!last) text.Append(outputSeparator);
            }
            await io.Out.WriteAsync(Latin1.GetBytes(text.Append('\n').ToString())).ConfigureAwait(false);
        }
        return 0;
    }

    // Default whitespace separators run together; -s separators each end a cell. With -l the last cell keeps the rest.
    private static List<string?> Split(string line, char[] separators, bool greedy, int limit)
    {
        var cells = new List<string?>();
        var position = 0;
        while (true)
        {
            if (greedy)
            {
                while (position < line.Length && separators.Contains(line[position])) position++;
                if (position >= line.Length) break;
            }
            if (limit > 0 && cells.Count == limit - 1)
            {
                cells.Add(line[position..]);
                break;
            }
            var end = line.IndexOfAny(separators, position);
            if (end < 0)
            {
                cells.Add(line[position..]);
                break;
            }
            cells.Add(line[position..end]);
            position = end + 1;
        }
        return cells;
    }

    /// <summary>libsmartcols' JSON: lower-cased names as keys, null for cells a line did not have.</summary>
    private static string Json(string tableName, string[] names, List<int> visible, List<List<string?>> rows)
    {
        var text = new System.Text.StringBuilder();
        text.Append("{\n   ").Append(JsonString(tableName)).Append(": [\n");
        for (var r = 0; r < rows.Count; r++)
        {
            text.Append(r == 0 ? "      {\n" : "},{\n");
            for (var i = 0; i < visible.Count; i++)
            {
                var column = visible[i];
                var name = column < names.Length ? names[column] : "";
                var cell = column < rows[r].Count ? rows[r][column] : null;
                text.Append("         ").Append(JsonString(name.ToLowerInvariant())).Append(": ").Append(cell is null ? "null" : JsonString(cell));
                text.Append(i < visible.Count - 1 ? ",\n" : "\n");
            }
            text.Append("      ");
        }
        text.Append("}\n   ]\n}\n");
        return text.ToString();
    }

    private static string JsonString(string latin1)
    {
        var text = new System.Text.StringBuilder("\"");
        foreach (var c in latin1)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (c < 0x20 || c == 0x7f) text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    else text.Append(c);
                    break;
            }
        }
        return text.Append('"').ToString();
    }
}
