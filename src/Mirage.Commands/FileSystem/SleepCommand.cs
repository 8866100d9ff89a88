using Mirage.Commands.Common;

namespace Mirage.Commands.FileSystem;

/// <summary>sleep: waits the sum of its intervals (s, m, h, d suffixes), cancellable.</summary>
public sealed class SleepCommand() : GnuCommand("sleep")
{
    private static readonly ArgParser Options = new("", "help", "version") { NegativeNumbersAreOperands = false };

    protected override ArgParser Parser => Options;

    protected override string Authors => "Jim Meyering and Paul Eggert";

    protected override string Help => "Usage: sleep NUMBER[SUFFIX]...\n  or:  sleep OPTION\nPause for NUMBER seconds.\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        if (arguments.Operands.Count == 0) return await io.UsageErrorAsync("missing operand").ConfigureAwait(false);
        double seconds = 0;
        var bad = false;
        foreach (var operand in arguments.Operands)
        {
            if (CNumber.ParseDuration(operand) is not { } value)
            {
                await io.ErrorAsync($"invalid time interval {Quoting.Locale(operand)}").ConfigureAwait(false);
                bad = true;
                continue;
            }
            seconds += value;
        }
        if (bad) return await io.UsageErrorAsync(null).ConfigureAwait(false);
        await Task.Delay(seconds >= int.MaxValue / 1000.0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(seconds), io.CancellationToken).ConfigureAwait(false);
        return 0;
    }
}
