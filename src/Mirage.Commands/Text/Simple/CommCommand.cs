using Mirage.Commands.Common;
using Mirage.Commands.Text.Shared;

namespace Mirage.Commands.Text.Simple;

/// <summary>coreutils comm: three columns (only in 1, only in 2, in both) of two sorted files.</summary>
public sealed class CommCommand : GnuCommand
{
    private static readonly ArgParser OptionParser = new("123z", "check-order", "nocheck-order", "output-delimiter:", "total", "zero-terminated=z", "help", "version");

    public CommCommand()
        : base("comm")
    {
    }

    protected override ArgParser Parser => OptionParser;

    protected override string Authors => "Richard M. Stallman and David MacKenzie";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
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
        var show = new[] { !arguments.Has("1"), !arguments.Has("2"), !arguments.Has("3") };
        var delimiter = Latin1.GetBytes(Latin1.FromArgument(arguments.Last("output-delimiter") ?? "\t"));
        if (delimiter.Length == 0) delimiter = [0];
        var lineEnd = arguments.Has("z") ? (byte)0 : (byte)'\n';
        var check = arguments.Has("check-order");
        var noCheck = arguments.Has("nocheck-order");
        var first = await TextInput.OpenAsync(io, operands[0]).ConfigureAwait(false);
        if (first is null) return 1;
        var second = await TextInput.OpenAsync(io, operands[1]).ConfigureAwait(false);
        if (second is null)
        {
            await first.DisposeAsync().ConfigureAwait(false);
            return 1;
        }
        var counts = new long[3];
        var disorder = new bool[2];
        var status = 0;
        await using (first.ConfigureAwait(false))
        await using (second.ConfigureAwait(false))
        {
            var readers = new[] { new LineReader(first, io.CancellationToken, lineEnd), new LineReader(second, io.CancellationToken, lineEnd) };
            var current = new byte[]?[2];
            var previous = new byte[]?[2];
            async ValueTask<bool> AdvanceAsync(int which)
            {
                var line = await readers[which].ReadLineAsync().ConfigureAwait(false);
                previous[which] = current[which];
                current[which] = line is { } memory ? TextInput.Trim(memory, lineEnd).Content.ToArray() : null;
                if (current[which] is { } now && previous[which] is { } before && !noCheck && !disorder[which] &&
                    before.AsSpan().SequenceCompareTo(now) > 0)
                {
                    disorder[which] = true;
                    await io.ErrorAsync($"file {which + 1} is not in sorted order").ConfigureAwait(false);
                    if (check) return false;
                    status = 1;
                }
                return true;
            }
            if (!await AdvanceAsync(0).ConfigureAwait(false) || !await AdvanceAsync(1).ConfigureAwait(false)) return 1;
            while (current[0] is not null || current[1] is not null)
            {
                int order;
                if (current[0] is null) order = 1;
                else if (current[1] is null) order = -1;
                else order = current[0].AsSpan().SequenceCompareTo(current[1]);
                var column = order < 0 ? 0 : order > 0 ? 1 : 2;
                counts[column]++;
                if (show[column])
                {
                    for (var c = 0; c < column; c++)
                        if (show[c]) await io.Out.WriteAsync(delimiter).ConfigureAwait(false);
                    await io.Out.WriteAsync(column == 1 ? current[1]! : current[0]!).ConfigureAwait(false);
                    await io.Out.WriteAsync(lineEnd).ConfigureAwait(false);
                }
                if (order <= 0 && !await AdvanceAsync(0).ConfigureAwait(false)) return 1;
                if (order >= 0 && !await AdvanceAsync(1).ConfigureAwait(false)) return 1;
            }
        }
        if (arguments.Has("total"))
        {
            var text = $"{counts[0]}{Latin1.GetString(delimiter)}{counts[1]}{Latin1.GetString(delimiter)}{counts[2]}{Latin1.GetString(delimiter)}total";
            await io.Out.WriteAsync(Latin1.GetBytes(text)).ConfigureAwait(false);
            await io.Out.WriteAsync(lineEnd).ConfigureAwait(false);
        }
        if (status != 0) await io.ErrorAsync("input is not in sorted order").ConfigureAwait(false);
        return status;
    }
}
