using System.Globalization;
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
            var text = operand;
            var multiplier = 1.0;
            if (text.Length > 0 && text[^1] is 's' or 'm' or 'h' or 'd')
            {
                multiplier = text[^1] switch { 'm' => 60, 'h' => 3600, 'd' => 86400, _ => 1 };
                text = text[..^1];
            }
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || double.IsNaN(value))
            {
                await io.ErrorAsync($"invalid time interval {Quoting.Locale(operand)}").ConfigureAwait(false);
                bad = true;
                continue;
            }
            seconds += value * multiplier;
        }
        if (bad) return await io.UsageErrorAsync(null).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(Math.Min(seconds, int.MaxValue / 1000.0)), io.CancellationToken).ConfigureAwait(false);
        return 0;
    }
}
