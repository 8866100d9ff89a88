using System.Buffers;
using Mirage.Commands.Common;
using Mirage.Commands.Text.RegexTranslation;
using Mirage.Commands.Text.Shared;

namespace Mirage.Commands.Text.Tr;

/// <summary>GNU tr: translate, delete (-d) or squeeze (-s) bytes of stdin; sets with ranges, classes, [=c=], [c*n].</summary>
public sealed class TrCommand : GnuCommand
{
    private static readonly ArgParser OptionParser = new("cCdst", "complement=c", "delete=d", "squeeze-repeats=s", "truncate-set1=t", "help", "version");

    public TrCommand()
        : base("tr")
    {
    }

    protected override ArgParser Parser => OptionParser;

    protected override string Authors => "Jim Meyering";

    protected override string Help => "Usage: tr [OPTION]... STRING1 [STRING2]\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var complement = arguments.Has("c") || arguments.Has("C");
        var delete = arguments.Has("d");
        var squeeze = arguments.Has("s");
        var truncate = arguments.Has("t");
        var operands = arguments.Operands;
        var translating = !delete && operands.Count >= 2 || (!delete && !squeeze);
        var needed = delete && squeeze ? 2 : delete || (squeeze && operands.Count < 2) ? 1 : 2;
        if (operands.Count == 0)
        {
            await io.ErrorAsync("missing operand").ConfigureAwait(false);
            return await io.UsageErrorAsync(null).ConfigureAwait(false);
        }
        if (operands.Count < needed)
        {
            await io.ErrorAsync("missing operand after " + Quoting.Locale(operands[^1])).ConfigureAwait(false);
            await io.WriteStderrAsync(delete && squeeze ? "Two strings must be given when both deleting and squeezing repeats.\n" : "Two strings must be given when translating.\n").ConfigureAwait(false);
            return await io.UsageErrorAsync(null).ConfigureAwait(false);
        }
        if (operands.Count > needed)
        {
            await io.ErrorAsync("extra operand " + Quoting.Locale(operands[needed])).ConfigureAwait(false);
            if (delete && !squeeze) await io.WriteStderrAsync("Only one string may be given when deleting without squeezing repeats.\n").ConfigureAwait(false);
            return await io.UsageErrorAsync(null).ConfigureAwait(false);
        }
        List<byte> set1, set2 = [];
        int? fillAt = null;
        try
        {
            set1 = Expand(Latin1.FromArgument(operands[0]), out _, isSecond: false);
            if (operands.Count > 1) set2 = Expand(Latin1.FromArgument(operands[1]), out fillAt, isSecond: true);
        }
        catch (FormatException e)
        {
            await io.ErrorAsync(e.Message).ConfigureAwait(false);
            return 1;
        }
        if (complement)
        {
            var members = new bool[256];
            foreach (var b in set1) members[b] = true;
            set1 = [.. Enumerable.Range(0, 256).Where(b => !members[b]).Select(b => (byte)b)];
        }
        var map = new byte[256];
        for (var i = 0; i < 256; i++) map[i] = (byte)i;
        var deleteSet = new bool[256];
        var squeezeSet = new bool[256];
        if (delete)
        {
            foreach (var b in set1) deleteSet[b] = true;
            if (squeeze) foreach (var b in set2) squeezeSet[b] = true;
        }
        else if (translating && operands.Count == 2)
        {
            if (fillAt is { } fill)
            {
                var missing = Math.Max(0, set1.Count - (set2.Count - 1));
                var filler = set2[fill];
                set2.RemoveAt(fill);
                set2.InsertRange(fill, Enumerable.Repeat(filler, missing));
            }
            if (truncate && set1.Count > set2.Count) set1 = set1.Take(set2.Count).ToList();
            if (set2.Count == 0 && set1.Count > 0)
            {
                await io.ErrorAsync("when not truncating set1, string2 must be non-empty").ConfigureAwait(false);
                return 1;
            }
            while (set2.Count < set1.Count) set2.Add(set2[^1]);
            for (var i = 0; i < set1.Count; i++) map[set1[i]] = set2[i];
            if (squeeze) foreach (var b in set2.Take(set1.Count)) squeezeSet[b] = true;
        }
        else if (squeeze)
        {
            foreach (var b in set1) squeezeSet[b] = true;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var output = new byte[64 * 1024];
        var last = -1;
        try
        {
            var stdin = io.Context.Stdin;
            while (true)
            {
                var read = await stdin.ReadAsync(buffer.AsMemory(0, 64 * 1024), io.CancellationToken).ConfigureAwait(false);
                if (read == 0) break;
                var count = 0;
                for (var i = 0; i < read; i++)
                {
                    var b = buffer[i];
                    if (deleteSet[b]) continue;
                    var mapped = map[b];
                    if (squeezeSet[mapped] && last == mapped) continue;
                    last = mapped;
                    output[count++] = mapped;
                }
                await io.Out.WriteAsync(output.AsMemory(0, count)).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return 0;
    }

    /// <summary>Expands a set to its bytes in order. <paramref name="fillAt"/> marks where a "[c*]" fill goes in set 2.</summary>
    private static List<byte> Expand(string text, out int? fillAt, bool isSecond)
    {
        fillAt = null;
        var result = new List<byte>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '[' && i + 1 < text.Length)
            {
                if (text[i + 1] == ':')
                {
                    var close = text.IndexOf(":]", i + 2, StringComparison.Ordinal);
                    if (close > 0)
                    {
                        var name = text[(i + 2)..close];
                        var set = new bool[256];
                        if (!RegexTranslator.AddPosixClass(name, set)) throw new FormatException("invalid character class " + Quoting.Locale(name));
                        if (isSecond && name is not ("upper" or "lower")) throw new FormatException("when translating, the only character classes that may appear in\nstring2 are 'upper' and 'lower'");
                        for (var b = 0; b < 256; b++) if (set[b]) result.Add((byte)b);
                        i = close + 2;
                        continue;
                    }
                }
                if (text[i + 1] == '=' && i + 4 < text.Length + 1)
                {
                    var close = text.IndexOf("=]", i + 2, StringComparison.Ordinal);
                    if (close == i + 3)
                    {
                        result.Add((byte)text[i + 2]);
                        i = close + 2;
                        continue;
                    }
                }
                // [c*n] and [c*]: repeat a char.
                var position = i + 1;
                var start = position;
                var repeated = ReadChar(text, ref position);
                if (position < text.Length && text[position] == '*')
                {
                    var closing = text.IndexOf(']', position + 1);
                    if (closing > 0)
                    {
                        var countText = text[(position + 1)..closing];
                        if (countText.Length == 0)
                        {
                            if (isSecond)
                            {
                                fillAt = result.Count;
                                result.Add(repeated);
                            }
                            i = closing + 1;
                            continue;
                        }
                        if (countText.All(char.IsAsciiDigit))
                        {
                            var count = countText[0] == '0' ? Convert.ToInt32(countText, 8) : int.Parse(countText, System.Globalization.CultureInfo.InvariantCulture);
                            if (count == 0 && isSecond) fillAt = result.Count;
                            result.AddRange(Enumerable.Repeat(repeated, Math.Max(count, count == 0 ? 1 : count)));
                            i = closing + 1;
                            continue;
                        }
                        throw new FormatException("invalid repeat count " + Quoting.Locale(countText) + " in [c*n] construct");
                    }
                }
                _ = start;
            }
            var low = ReadChar(text, ref i);
            if (i + 1 < text.Length && text[i] == '-')
            {
                var save = i;
                i++;
                var high = ReadChar(text, ref i);
                if (high < low)
                    throw new FormatException($"range-endpoints of '{Latin1.ToDisplay(text[(save - 1)..i])}' are in reverse collating sequence order");
                for (var b = low; b <= high; b++) result.Add((byte)b);
                continue;
            }
            result.Add(low);
        }
        return result;
    }

    private static byte ReadChar(string text, ref int i)
    {
        var c = text[i++];
        if (c != '\\' || i >= text.Length) return (byte)c;
        var e = text[i++];
        switch (e)
        {
            case 'a': return 7;
            case 'b': return 8;
            case 'f': return 12;
            case 'n': return 10;
            case 'r': return 13;
            case 't': return 9;
            case 'v': return 11;
            case >= '0' and <= '7':
                {
                    var value = e - '0';
                    for (var k = 0; k < 2 && i < text.Length && text[i] is >= '0' and <= '7'; k++)
                    {
                        var next = value * 8 + (text[i] - '0');
                        if (next > 255) break;
                        value = next;
                        i++;
                    }
                    return (byte)value;
                }
            default: return (byte)e;
        }
    }
}
