using System.Globalization;
using Mirage.Commands.Common;
using Mirage.Commands.Text.Shared;

namespace Mirage.Commands.Text.Simple;

/// <summary>util-linux column: -t aligns fields into a table (-s input separators, -o output separator); otherwise fills columns.</summary>
public sealed class ColumnCommand : GnuCommand
{
    private static readonly ArgParser OptionParser = new(
        "ts:o:c:xnNR:Ve",
        "table=t", "separator=s", "output-separator=o", "output-width=c", "fillrows=x", "help", "version=V");

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
            var stream = await TextInput.OpenAsync(io, file, (name, reason) => $"cannot open {name}: {reason}").ConfigureAwait(false);
            if (stream is null) return 1;
            await using (stream.ConfigureAwait(false))
            {
                var reader = new LineReader(stream, io.CancellationToken);
                while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
                {
                    var text = Latin1.GetString(TextInput.Trim(line).Content.Span);
                    if (text.Trim(' ', '\t').Length == 0 && !arguments.Has("e")) continue;
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
        if (arguments.Has("t"))
        {
            var separators = Latin1.FromArgument(arguments.Last("s") ?? " \t");
            var outputSeparator = Latin1.FromArgument(arguments.Last("o") ?? "  ");
            var rows = lines.Select(l => arguments.Has("s")
                ? l.Split(separators.ToCharArray())
                : l.Split(separators.ToCharArray(), StringSplitOptions.RemoveEmptyEntries)).ToList();
            var columns = rows.Count == 0 ? 0 : rows.Max(r => r.Length);
            var widths = new int[columns];
            foreach (var row in rows)
                for (var c = 0; c < row.Length; c++) widths[c] = Math.Max(widths[c], DisplayWidth(row[c]));
            foreach (var row in rows)
            {
                var text = new System.Text.StringBuilder();
                for (var c = 0; c < row.Length; c++)
                {
                    text.Append(row[c]);
                    if (c < row.Length - 1) text.Append(' ', widths[c] - DisplayWidth(row[c])).Append(outputSeparator);
                }
                await io.Out.WriteAsync(Latin1.GetBytes(text.Append('\n').ToString())).ConfigureAwait(false);
            }
            return 0;
        }
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
}
