using System.Globalization;
using Mirage.Commands.Common;
using Mirage.Commands.Text.Shared;
using Mirage.Vfs;

namespace Mirage.Commands.Text.Simple;

/// <summary>coreutils shuf: a random permutation of lines, of -e arguments or of an -i range; -n limits, -r repeats.</summary>
public sealed class ShufCommand : GnuCommand
{
    private static readonly ArgParser OptionParser = new(
        "ei:n:o:rz",
        "echo=e", "input-range=i", "head-count=n", "output=o", "random-source:", "repeat=r", "zero-terminated=z", "help", "version");

    public ShufCommand()
        : base("shuf")
    {
    }

    protected override ArgParser Parser => OptionParser;

    protected override string Authors => "Paul Eggert";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var delimiter = arguments.Has("z") ? (byte)0 : (byte)'\n';
        long? count = null;
        if (arguments.Last("n") is { } countText)
        {
            if (!long.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                await io.ErrorAsync("invalid line count: " + Quoting.Locale(countText)).ConfigureAwait(false);
                return 1;
            }
            count = parsed;
        }
        var items = new List<byte[]>();
        long low = 0, rangeSize = 0;
        var isRange = false;
        Stream? input = null;
        long? inputSize = null;
        if (arguments.Last("i") is { } range)
        {
            var dash = range.IndexOf('-');
            if (dash <= 0 || !long.TryParse(range[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out low) ||
                !long.TryParse(range[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var high) || high + 1 < low)
            {
                await io.ErrorAsync("invalid input range: " + Quoting.Locale(range)).ConfigureAwait(false);
                return 1;
            }
            if (arguments.Operands.Count > 0)
            {
                await io.ErrorAsync("extra operand " + Quoting.Locale(arguments.Operands[0])).ConfigureAwait(false);
                return await io.UsageErrorAsync(null).ConfigureAwait(false);
            }
            isRange = true;
            rangeSize = high - low + 1;
        }
        else if (arguments.Has("e"))
        {
            items.AddRange(arguments.Operands.Select(o => Latin1.GetBytes(Latin1.FromArgument(o))));
        }
        else
        {
            if (arguments.Operands.Count > 1)
            {
                await io.ErrorAsync("extra operand " + Quoting.Locale(arguments.Operands[1])).ConfigureAwait(false);
                return await io.UsageErrorAsync(null).ConfigureAwait(false);
            }
            var file = arguments.Operands.Count == 1 ? arguments.Operands[0] : "-";
            input = await TextInput.OpenAsync(io, file).ConfigureAwait(false);
            if (input is null) return 1;
            // A named file's size is known (as fstat tells coreutils) even when its stream cannot seek, as on remote mounts.
            if (file != "-") inputSize = (await io.Files.StatAsync(io.Resolve(file), io.CancellationToken).ConfigureAwait(false))?.Size;
        }
        Stream? source = null;
        var sourceName = arguments.Last("random-source");
        try
        {
            var repeat = arguments.Has("r");
            // As coreutils: -n on a pipe or a big file samples a reservoir while reading; otherwise all lines are read first.
            var reservoir = input is not null && !repeat && count is not null && (count == 0 || (inputSize ?? InputSize(input)) > ReservoirMinimumInput);
            if (input is not null && !reservoir)
            {
                var reader = new LineReader(input, io.CancellationToken, delimiter);
                while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line) items.Add(TextInput.Trim(line, delimiter).Content.ToArray());
            }
            if (sourceName is not null)
            {
                source = await TextInput.OpenAsync(io, sourceName).ConfigureAwait(false);
                if (source is null) return 1;
            }
            var random = new RandomIntegers(new RandomBytes(source, io.CancellationToken));
            var total = isRange ? rangeSize : items.Count;
            if (reservoir) total = await SampleAsync(input!, delimiter, count!.Value, random, items, io.CancellationToken).ConfigureAwait(false);
            var head = repeat ? count ?? long.MaxValue : Math.Min(count ?? long.MaxValue, total);
            var permutation = repeat ? [] : await random.PermutationAsync(head, total).ConfigureAwait(false);
            return await WriteAsync(io, arguments, delimiter, repeat, head, total, isRange ? low : null, items, permutation, random).ConfigureAwait(false);
        }
        catch (EndOfStreamException)
        {
            await io.ErrorAsync(Quoting.Locale(sourceName ?? "") + ": end of file").ConfigureAwait(false);
            return 1;
        }
        finally
        {
            if (input is not null) await input.DisposeAsync().ConfigureAwait(false);
            if (source is not null) await source.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>shuf reads small regular files whole; above this (and from pipes, whose size is unknown) -n samples a reservoir.</summary>
    private const long ReservoirMinimumInput = 8192 * 1024;

    private static long InputSize(Stream input) => input.CanSeek ? input.Length - input.Position : long.MaxValue;

    /// <summary>read_input_reservoir_sampling: keeps <paramref name="k"/> lines, each later line replacing one with falling odds.</summary>
    private static async ValueTask<long> SampleAsync(Stream input, byte delimiter, long k, RandomIntegers random, List<byte[]> kept, CancellationToken cancellationToken)
    {
        var reader = new LineReader(input, cancellationToken, delimiter);
        long lines = 0;
        var more = k > 0;
        while (lines < k)
        {
            if (await reader.ReadLineAsync().ConfigureAwait(false) is not { } line)
            {
                more = false;
                break;
            }
            kept.Add(TextInput.Trim(line, delimiter).Content.ToArray());
            lines++;
        }
        if (more)
        {
            while (true)
            {
                // The draw comes before the read, so the end of input costs one draw too.
                var slot = await random.ChooseAsync((ulong)lines + 1).ConfigureAwait(false);
                if (await reader.ReadLineAsync().ConfigureAwait(false) is not { } line) break;
                if (slot < (ulong)k) kept[(int)slot] = TextInput.Trim(line, delimiter).Content.ToArray();
                lines++;
            }
        }
        return Math.Min(k, lines);
    }

    private static async ValueTask<int> WriteAsync(CommandIO io, ParsedArguments arguments, byte delimiter, bool repeat, long head, long total,
        long? low, List<byte[]> items, long[] permutation, RandomIntegers random)
    {
        var output = io.Out;
        Stream? target = null;
        if (arguments.Last("o") is { } outputFile)
        {
            target = ResourceOperations.OpenWrite(io.Files, io.Resolve(outputFile), default, io.CancellationToken);
            output = new OutputWriter(target, io.CancellationToken);
        }
        try
        {
            if (repeat && head > 0 && total == 0)
            {
                await io.ErrorAsync("no lines to repeat").ConfigureAwait(false);
                return 1;
            }
            for (long i = 0; i < head; i++)
            {
                var index = repeat ? (long)await random.ChooseAsync((ulong)total).ConfigureAwait(false) : permutation[i];
                var bytes = low is { } first ? Latin1.GetBytes((first + index).ToString(CultureInfo.InvariantCulture)) : items[(int)index];
                await output.WriteAsync(bytes).ConfigureAwait(false);
                await output.WriteAsync(delimiter).ConfigureAwait(false);
            }
            await output.FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            if (target is not null) await target.DisposeAsync().ConfigureAwait(false);
        }
        return 0;
    }
}
