using System.Globalization;
using Mirage.Commands.Common;
using Mirage.Commands.Text.Shared;

namespace Mirage.Commands.Text.Simple;

/// <summary>coreutils expand and unexpand: tabs to spaces and back, with -t stops (one size or a list).</summary>
public sealed class ExpandCommand : GnuCommand
{
    private static readonly ArgParser ExpandParser = new("it:0123456789", "initial=i", "tabs=t", "help", "version");
    private static readonly ArgParser UnexpandParser = new("at:0123456789", "all=a", "first-only", "tabs=t", "help", "version");

    private readonly bool _unexpand;

    public ExpandCommand(bool unexpand)
        : base(unexpand ? "unexpand" : "expand")
    {
        _unexpand = unexpand;
    }

    protected override ArgParser Parser => _unexpand ? UnexpandParser : ExpandParser;

    protected override string Authors => "David MacKenzie";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var stops = new List<long>();
        var digits = "";
        foreach (var option in arguments.Options)
        {
            if (option.Key == "t")
            {
                foreach (var part in option.Value!.Split(',', ' '))
                {
                    if (part.Length == 0) continue;
                    if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var stop) || stop == 0)
                    {
                        await io.ErrorAsync(stop == 0 && part.All(char.IsAsciiDigit) ? "tab size cannot be 0" : "tab size contains invalid character(s): " + Quoting.Locale(part)).ConfigureAwait(false);
                        return 1;
                    }
                    if (stops.Count > 0 && stop <= stops[^1])
                    {
                        await io.ErrorAsync("tab sizes must be ascending").ConfigureAwait(false);
                        return 1;
                    }
                    stops.Add(stop);
                }
            }
            else if (option.Key.Length == 1 && char.IsAsciiDigit(option.Key[0]))
            {
                digits += option.Key;
            }
        }
        if (digits.Length > 0) stops.Add(long.Parse(digits, CultureInfo.InvariantCulture));
        var all = arguments.Has("a") || (_unexpand && arguments.Has("t") && !arguments.Has("first-only"));
        var initialOnly = _unexpand ? !all : arguments.Has("i");
        var status = 0;
        foreach (var file in arguments.Operands.Count == 0 ? ["-"] : arguments.Operands)
        {
            var stream = await TextInput.OpenAsync(io, file).ConfigureAwait(false);
            if (stream is null)
            {
                status = 1;
                continue;
            }
            await using (stream.ConfigureAwait(false))
            {
                var reader = new LineReader(stream, io.CancellationToken);
                while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
                {
                    var (content, terminated) = TextInput.Trim(line);
                    var result = _unexpand ? Unexpand(content.Span, stops, initialOnly) : Expand(content.Span, stops, initialOnly);
                    await io.Out.WriteAsync(result).ConfigureAwait(false);
                    if (terminated) await io.Out.WriteAsync((byte)'\n').ConfigureAwait(false);
                }
            }
        }
        return status;
    }

    private static long NextStop(long column, List<long> stops)
    {
        if (stops.Count == 0) return column + 8 - column % 8;
        if (stops.Count == 1) return column + stops[0] - column % stops[0];
        foreach (var stop in stops)
            if (stop > column) return stop;
        return column + 1;
    }

    private static byte[] Expand(ReadOnlySpan<byte> line, List<long> stops, bool initialOnly)
    {
        var output = new List<byte>(line.Length + 16);
        long column = 0;
        var leading = true;
        foreach (var c in line)
        {
            if (c == '\t' && (leading || !initialOnly))
            {
                var next = NextStop(column, stops);
                while (column < next) { output.Add((byte)' '); column++; }
                continue;
            }
            if (c != ' ' && c != '\t') leading = false;
            output.Add(c);
            column = c == '\b' ? Math.Max(0, column - 1) : column + 1;
        }
        return [.. output];
    }

    private static byte[] Unexpand(ReadOnlySpan<byte> line, List<long> stops, bool initialOnly)
    {
        var output = new List<byte>(line.Length);
        long column = 0;
        var blanks = 0;
        long blankStart = 0;
        var leading = true;
        void FlushBlanks(List<byte> sink, ReadOnlySpan<byte> source, int end)
        {
            for (var k = end - blanks; k < end; k++) sink.Add(source[k]);
            blanks = 0;
        }
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            var convertible = leading || !initialOnly;
            if ((c == ' ' || c == '\t') && convertible)
            {
                if (blanks == 0) blankStart = column;
                blanks++;
                column = c == '\t' ? NextStop(column, stops) : column + 1;
                var stop = NextStop(blankStart, stops);
                if (column >= stop && (c == '\t' || blanks > 1 || column == stop))
                {
                    // The run of blanks reaches a tab stop: one tab replaces it (a lone space stays a space).
                    if (blanks == 1 && c == ' ') output.Add((byte)' ');
                    else output.Add((byte)'\t');
                    blanks = 0;
                    blankStart = column;
                    while (NextStop(blankStart, stops) <= column && blankStart < column) blankStart = NextStop(blankStart, stops);
                }
                continue;
            }
            if (blanks > 0) FlushBlanks(output, line, i);
            if (c != ' ' && c != '\t') leading = false;
            output.Add(c);
            column = c == '\b' ? Math.Max(0, column - 1) : column + 1;
        }
        if (blanks > 0) FlushBlanks(output, line, line.Length);
        return [.. output];
    }
}
