using System.Globalization;
using System.Text;
using Mirage.Commands.Common;
using Mirage.Commands.Text.Shared;

namespace Mirage.Commands.Text.Simple;

/// <summary>
/// coreutils fmt: refills paragraphs (runs of non-blank lines with equal indentation) to a width, choosing
/// breaks by fmt's cost model (short and ragged lines cost, sentence ends are good places to break).
/// </summary>
public sealed class FmtCommand : GnuCommand
{
    private static readonly ArgParser OptionParser = new(
        "cstuw:g:p:0123456789",
        "crown-margin=c", "split-only=s", "tagged-paragraph=t", "uniform-spacing=u", "width=w", "goal=g", "prefix=p", "help", "version");

    private const long LineCost = 70 * 70;
    private const long SentenceBonus = 50 * 50;
    private const long NoBreakCost = 600 * 600;
    private const long ParenBonus = 40 * 40;
    private const long PunctBonus = 40 * 40;

    public FmtCommand()
        : base("fmt")
    {
    }

    protected override ArgParser Parser => OptionParser;

    protected override string Authors => "Ross Paterson";

    private sealed class Word
    {
        public string Text = "";
        public int Space;
        public bool Paren;
        public bool Punct;
        public bool Period;
        public bool Final;
        public long BestCost;
        public int NextBreak;
        public int LineLength;
    }

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var width = 75;
        var digits = "";
        int? goal = null;
        foreach (var option in arguments.Options)
        {
            if (option.Key == "w" && !int.TryParse(option.Value, NumberStyles.None, CultureInfo.InvariantCulture, out width))
            {
                await io.ErrorAsync("invalid width: " + Quoting.Locale(option.Value!)).ConfigureAwait(false);
                return 1;
            }
            if (option.Key == "g" && int.TryParse(option.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var g)) goal = g;
            if (option.Key.Length == 1 && char.IsAsciiDigit(option.Key[0]))
            {
                digits += option.Key;
                width = int.Parse(digits, CultureInfo.InvariantCulture);
            }
        }
        var goalWidth = goal ?? width * (2 * (100 - 7) + 1) / 200;
        var uniform = arguments.Has("u");
        var splitOnly = arguments.Has("s");
        var status = 0;
        foreach (var file in arguments.Operands.Count == 0 ? ["-"] : arguments.Operands)
        {
            var stream = await TextInput.OpenAsync(io, file, (name, reason) => $"cannot open {Quoting.ShellAlways(name)} for reading: {reason}").ConfigureAwait(false);
            if (stream is null)
            {
                status = 1;
                continue;
            }
            var lines = new List<string>();
            await using (stream.ConfigureAwait(false))
            {
                var reader = new LineReader(stream, io.CancellationToken);
                while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line) lines.Add(Latin1.GetString(TextInput.Trim(line).Content.Span));
            }
            var output = new StringBuilder();
            var index = 0;
            while (index < lines.Count)
            {
                var line = lines[index];
                if (line.Trim(' ', '\t').Length == 0)
                {
                    output.Append(line.TrimEnd(' ', '\t')).Append('\n');
                    index++;
                    continue;
                }
                var indent = Indentation(line);
                var paragraph = new List<string> { line };
                index++;
                while (!splitOnly && index < lines.Count && lines[index].Trim(' ', '\t').Length > 0 && Indentation(lines[index]) == indent)
                    paragraph.Add(lines[index++]);
                Format(paragraph, indent, width, goalWidth, uniform, output);
            }
            await io.Out.WriteAsync(Latin1.GetBytes(output.ToString())).ConfigureAwait(false);
        }
        return status;
    }

    private static int Indentation(string line)
    {
        var column = 0;
        foreach (var c in line)
        {
            if (c == ' ') column++;
            else if (c == '\t') column = column / 8 * 8 + 8;
            else break;
        }
        return column;
    }

    private static void Format(List<string> paragraph, int indent, int maxWidth, int goalWidth, bool uniform, StringBuilder output)
    {
        var words = new List<Word>();
        foreach (var line in paragraph)
        {
            var i = 0;
            while (i < line.Length && line[i] is ' ' or '\t') i++;
            while (i < line.Length)
            {
                var start = i;
                while (i < line.Length && line[i] is not (' ' or '\t')) i++;
                var word = new Word { Text = line[start..i] };
                var spaceStart = i;
                var column = 0;
                while (i < line.Length && line[i] is ' ' or '\t')
                {
                    column = line[i] == '\t' ? column / 8 * 8 + 8 : column + 1;
                    i++;
                }
                _ = spaceStart;
                var text = word.Text;
                word.Paren = "(['`\"".Contains(text[0]);
                word.Punct = char.IsPunctuation(text[^1]) || char.IsSymbol(text[^1]);
                var finish = text.Length - 1;
                while (finish > 0 && ")]'\"".Contains(text[finish])) finish--;
                word.Period = ".?!".Contains(text[finish]);
                var endOfLine = i >= line.Length;
                word.Final = word.Period && (endOfLine || column > 1);
                word.Space = endOfLine || uniform ? (word.Final ? 2 : 1) : column;
                words.Add(word);
            }
        }
        if (words.Count == 0) return;
        var count = words.Count;
        var sentinel = new Word { Text = new string('x', maxWidth), BestCost = 0 };
        words.Add(sentinel);
        long LineCostFor(int next, int length)
        {
            if (next == count) return 0;
            var n = goalWidth - length;
            var cost = (long)n * 10 * n * 10;
            if (words[next].NextBreak != count)
            {
                var ragged = length - words[next].LineLength;
                cost += (long)ragged * 10 * ragged * 10 / 2;
            }
            return cost;
        }
        long BaseCost(int index)
        {
            var cost = LineCost;
            if (index > 0)
            {
                var previous = words[index - 1];
                if (previous.Period)
                {
                    if (previous.Final) cost -= SentenceBonus;
                    else cost += NoBreakCost;
                }
                else if (previous.Punct)
                {
                    cost -= PunctBonus;
                }
                else if (index > 1 && words[index - 2].Final)
                {
                    cost += 200L * 200 / (previous.Text.Length + 2);
                }
            }
            var word = words[index];
            if (word.Paren) cost -= ParenBonus;
            else if (word.Final) cost += 150L * 150 / (word.Text.Length + 2);
            return cost;
        }
        for (var start = count - 1; start >= 0; start--)
        {
            var best = long.MaxValue;
            var length = indent + words[start].Text.Length;
            var w = start;
            while (true)
            {
                w++;
                var cost = LineCostFor(w, length) + words[w].BestCost;
                if (cost < best)
                {
                    best = cost;
                    words[start].NextBreak = w;
                    words[start].LineLength = length;
                }
                if (w == count) break;
                length += words[w - 1].Space + words[w].Text.Length;
                if (length >= maxWidth) break;
            }
            words[start].BestCost = best + BaseCost(start);
        }
        var position = 0;
        while (position < count)
        {
            var next = words[position].NextBreak;
            output.Append(' ', indent);
            for (var k = position; k < next; k++)
            {
                output.Append(words[k].Text);
                if (k < next - 1) output.Append(' ', words[k].Space);
            }
            output.Append('\n');
            position = next;
        }
    }
}
