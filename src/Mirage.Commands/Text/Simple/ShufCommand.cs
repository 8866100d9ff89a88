using System.Globalization;
using System.Security.Cryptography;
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
        if (arguments.Last("i") is { } range)
        {
            var dash = range.IndexOf('-');
            if (dash <= 0 || !long.TryParse(range[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var low) ||
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
            for (var value = low; value <= high; value++) items.Add(Latin1.GetBytes(value.ToString(CultureInfo.InvariantCulture)));
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
            var stream = await TextInput.OpenAsync(io, file).ConfigureAwait(false);
            if (stream is null) return 1;
            await using (stream.ConfigureAwait(false))
            {
                var reader = new LineReader(stream, io.CancellationToken, delimiter);
                while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line) items.Add(TextInput.Trim(line, delimiter).Content.ToArray());
            }
        }
        Random random = Random.Shared;
        if (arguments.Last("random-source") is { } source)
        {
            var stream = await TextInput.OpenAsync(io, source).ConfigureAwait(false);
            if (stream is null) return 1;
            await using (stream.ConfigureAwait(false))
            {
                var seedBytes = new byte[32];
                var read = await stream.ReadAtLeastAsync(seedBytes, seedBytes.Length, throwOnEndOfStream: false, io.CancellationToken).ConfigureAwait(false);
                random = new Random(BitConverter.ToInt32(SHA256.HashData(seedBytes.AsSpan(0, read)), 0));
            }
        }
        var output = io.Out;
        Stream? target = null;
        if (arguments.Last("o") is { } outputFile)
        {
            target = ResourceOperations.OpenWrite(io.Files, io.Resolve(outputFile), default, io.CancellationToken);
            output = new OutputWriter(target, io.CancellationToken);
        }
        try
        {
            if (arguments.Has("r"))
            {
                if (items.Count == 0)
                {
                    if (count is > 0)
                    {
                        await io.ErrorAsync("no lines to repeat").ConfigureAwait(false);
                        return 1;
                    }
                    return 0;
                }
                var limit = count ?? long.MaxValue;
                for (long i = 0; i < limit; i++)
                {
                    await output.WriteAsync(items[random.Next(items.Count)]).ConfigureAwait(false);
                    await output.WriteAsync(delimiter).ConfigureAwait(false);
                }
            }
            else
            {
                var shuffled = items.ToArray();
                random.Shuffle(shuffled);
                var limit = (int)Math.Min(shuffled.Length, count ?? long.MaxValue);
                for (var i = 0; i < limit; i++)
                {
                    await output.WriteAsync(shuffled[i]).ConfigureAwait(false);
                    await output.WriteAsync(delimiter).ConfigureAwait(false);
                }
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
