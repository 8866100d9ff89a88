using System.Globalization;
using Mirage.Commands.Common;
using Mirage.Commands.Text.Shared;

namespace Mirage.Commands.Text.Simple;

/// <summary>coreutils join: lines of two sorted files with equal join fields, with -a/-v unpaired lines and -o formats.</summary>
public sealed class JoinCommand : GnuCommand
{
    private static readonly ArgParser OptionParser = new(
        "a:e:ij:1:2:o:t:v:z",
        "ignore-case=i", "check-order", "nocheck-order", "header", "zero-terminated=z", "help", "version");

    public JoinCommand()
        : base("join")
    {
    }

    protected override ArgParser Parser => OptionParser;

    protected override string Authors => "Mike Haertel";

    private sealed record Line(byte[] Raw, List<byte[]> Fields);

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var field1 = 1;
        var field2 = 1;
        var unpaired = new bool[2];
        var onlyUnpaired = false;
        string? empty = null;
        byte? separator = null;
        List<(int File, int Field)>? format = null;
        var autoFormat = false;
        foreach (var option in arguments.Options)
        {
            switch (option.Key)
            {
                case "1" or "2" or "j":
                    if (!int.TryParse(option.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
                    {
                        await io.ErrorAsync("invalid field number: " + Quoting.Locale(option.Value!)).ConfigureAwait(false);
                        return 1;
                    }
                    if (option.Key != "2") field1 = number;
                    if (option.Key != "1") field2 = number;
                    break;
                case "a" or "v":
                    if (option.Value is not ("1" or "2"))
                    {
                        await io.ErrorAsync("invalid file number: " + Quoting.Locale(option.Value!)).ConfigureAwait(false);
                        return 1;
                    }
                    unpaired[option.Value[0] - '1'] = true;
                    if (option.Key == "v") onlyUnpaired = true;
                    break;
                case "e": empty = Latin1.FromArgument(option.Value!); break;
                case "t":
                    {
                        var value = Latin1.FromArgument(option.Value!);
                        if (value.Length > 1)
                        {
                            await io.ErrorAsync("multi-character tab " + Quoting.Locale(option.Value!)).ConfigureAwait(false);
                            return 1;
                        }
                        separator = value.Length == 0 ? (byte)'\n' : (byte)value[0];
                        break;
                    }
                case "o":
                    if (option.Value == "auto")
                    {
                        autoFormat = true;
                        break;
                    }
                    format ??= [];
                    foreach (var spec in option.Value!.Split(',', ' '))
                    {
                        if (spec == "0") format.Add((0, 0));
                        else if (spec.Length >= 3 && spec[0] is '1' or '2' && spec[1] == '.' && int.TryParse(spec[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var f) && f > 0)
                            format.Add((spec[0] - '0', f));
                        else
                        {
                            await io.ErrorAsync("invalid field specifier: " + Quoting.Locale(spec)).ConfigureAwait(false);
                            return 1;
                        }
                    }
                    break;
            }
        }
        var operands = arguments.Operands;
        if (operands.Count < 2)
        {
            await io.ErrorAsync(operands.Count == 0 ? "missing operand" : "missing operand after " + Quoting.Locale(operands[0])).ConfigureAwait(false);
            return await io.UsageErrorAsync(null).ConfigureAwait(false);
        }
        if (operands.Count > 2)
        {
            await io.ErrorAsync("extra operand " + Quoting.Locale(operands[2])).ConfigureAwait(false);
            return await io.UsageErrorAsync(null).ConfigureAwait(false);
        }
        var ignoreCase = arguments.Has("i");
        var lineEnd = arguments.Has("z") ? (byte)0 : (byte)'\n';
        var files = new List<Line>[2];
        for (var i = 0; i < 2; i++)
        {
            var stream = await TextInput.OpenAsync(io, operands[i]).ConfigureAwait(false);
            if (stream is null) return 1;
            await using (stream.ConfigureAwait(false))
            {
                files[i] = [];
                var reader = new LineReader(stream, io.CancellationToken, lineEnd);
                while (await reader.ReadLineAsync().ConfigureAwait(false) is { } memory)
                {
                    var raw = TextInput.Trim(memory, lineEnd).Content.ToArray();
                    files[i].Add(new Line(raw, Split(raw, separator)));
                }
            }
        }
        var outSeparator = separator is { } s && s != '\n' ? s : (byte)' ';
        var keyIndex = new[] { field1 - 1, field2 - 1 };
        byte[] Key(Line line, int file) => keyIndex[file] < line.Fields.Count ? line.Fields[keyIndex[file]] : [];
        int Compare(byte[] a, byte[] b)
        {
            if (!ignoreCase) return a.AsSpan().SequenceCompareTo(b);
            var length = Math.Min(a.Length, b.Length);
            for (var k = 0; k < length; k++)
            {
                var x = a[k] is >= (byte)'a' and <= (byte)'z' ? a[k] - 32 : a[k];
                var y = b[k] is >= (byte)'a' and <= (byte)'z' ? b[k] - 32 : b[k];
                if (x != y) return x - y;
            }
            return a.Length - b.Length;
        }
        var maxFields = new[] { files[0].Count > 0 ? files[0][0].Fields.Count : 0, files[1].Count > 0 ? files[1][0].Fields.Count : 0 };
        async ValueTask WriteAsync(Line? left, Line? right)
        {
            var output = new List<byte>();
            var first = true;
            void Add(byte[]? value)
            {
                if (!first) output.Add(outSeparator);
                first = false;
                if (value is not null) output.AddRange(value);
                else if (empty is not null) output.AddRange(Latin1.GetBytes(empty));
            }
            var lines = new[] { left, right };
            if (format is not null || autoFormat)
            {
                var specs = format ?? [(0, 0), .. Enumerable.Range(1, maxFields[0]).Where(f => f - 1 != keyIndex[0]).Select(f => (1, f)), .. Enumerable.Range(1, maxFields[1]).Where(f => f - 1 != keyIndex[1]).Select(f => (2, f))];
                foreach (var (file, field) in specs)
                {
                    if (file == 0)
                    {
                        var source = left is not null ? (left, 0) : (right!, 1);
                        Add(Key(source.Item1, source.Item2));
                        continue;
                    }
                    var line = lines[file - 1];
                    Add(line is not null && field - 1 < line.Fields.Count ? line.Fields[field - 1] : null);
                }
            }
            else
            {
                var source = left is not null ? 0 : 1;
                Add(Key(lines[source]!, source));
                for (var file = 0; file < 2; file++)
                {
                    if (lines[file] is not { } line) continue;
                    for (var f = 0; f < line.Fields.Count; f++)
                        if (f != keyIndex[file]) Add(line.Fields[f]);
                }
            }
            await io.Out.WriteAsync(output.ToArray()).ConfigureAwait(false);
            await io.Out.WriteAsync(lineEnd).ConfigureAwait(false);
        }
        int i1 = 0, i2 = 0;
        var start = 0;
        if (arguments.Has("header") && files[0].Count > 0 && files[1].Count > 0)
        {
            await WriteAsync(files[0][0], files[1][0]).ConfigureAwait(false);
            i1 = i2 = start = 1;
        }
        _ = start;
        var status = 0;
        var reported = new bool[2];
        async ValueTask CheckOrderAsync(int file, int index)
        {
            var list = files[file];
            if (reported[file] || arguments.Has("nocheck-order") || index + 1 >= list.Count) return;
            if (Compare(Key(list[index], file), Key(list[index + 1], file)) > 0)
            {
                reported[file] = true;
                status = 1;
                var text = Latin1.ToDisplay(Latin1.GetString(list[index + 1].Raw));
                await io.ErrorAsync($"{operands[file]}:{index + 2}: is not sorted: {text}").ConfigureAwait(false);
            }
        }
        while (i1 < files[0].Count && i2 < files[1].Count)
        {
            var order = Compare(Key(files[0][i1], 0), Key(files[1][i2], 1));
            if (order < 0)
            {
                if (unpaired[0]) await WriteAsync(files[0][i1], null).ConfigureAwait(false);
                await CheckOrderAsync(0, i1).ConfigureAwait(false);
                i1++;
                continue;
            }
            if (order > 0)
            {
                if (unpaired[1]) await WriteAsync(null, files[1][i2]).ConfigureAwait(false);
                await CheckOrderAsync(1, i2).ConfigureAwait(false);
                i2++;
                continue;
            }
            var end1 = i1 + 1;
            while (end1 < files[0].Count && Compare(Key(files[0][end1], 0), Key(files[0][i1], 0)) == 0) end1++;
            var end2 = i2 + 1;
            while (end2 < files[1].Count && Compare(Key(files[1][end2], 1), Key(files[1][i2], 1)) == 0) end2++;
            if (!onlyUnpaired)
                for (var a = i1; a < end1; a++)
                    for (var b = i2; b < end2; b++)
                        await WriteAsync(files[0][a], files[1][b]).ConfigureAwait(false);
            await CheckOrderAsync(0, end1 - 1).ConfigureAwait(false);
            await CheckOrderAsync(1, end2 - 1).ConfigureAwait(false);
            i1 = end1;
            i2 = end2;
        }
        for (; i1 < files[0].Count; i1++)
        {
            if (unpaired[0]) await WriteAsync(files[0][i1], null).ConfigureAwait(false);
            await CheckOrderAsync(0, i1).ConfigureAwait(false);
        }
        for (; i2 < files[1].Count; i2++)
        {
            if (unpaired[1]) await WriteAsync(null, files[1][i2]).ConfigureAwait(false);
            await CheckOrderAsync(1, i2).ConfigureAwait(false);
        }
        if (status != 0) await io.ErrorAsync("input is not in sorted order").ConfigureAwait(false);
        return status;
    }

    private static List<byte[]> Split(byte[] line, byte? separator)
    {
        var fields = new List<byte[]>();
        if (separator is { } s)
        {
            if (s == '\n') return [line];
            var start = 0;
            for (var i = 0; i <= line.Length; i++)
            {
                if (i == line.Length || line[i] == s)
                {
                    fields.Add(line[start..i]);
                    start = i + 1;
                }
            }
            return fields;
        }
        var position = 0;
        while (true)
        {
            while (position < line.Length && line[position] is (byte)' ' or (byte)'\t') position++;
            if (position >= line.Length) break;
            var begin = position;
            while (position < line.Length && line[position] is not ((byte)' ' or (byte)'\t')) position++;
            fields.Add(line[begin..position]);
        }
        return fields;
    }
}
