using System.Globalization;

namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>sleep N[smhd]...</c>, stopped promptly by cancellation.</summary>
internal static class SleepBuiltin
{
    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        if (context.Arguments.Count == 0)
        {
            await context.Shell.WriteErrorAsync("sleep: missing operand\nTry 'sleep --help' for more information.\n").ConfigureAwait(false);
            return 1;
        }

        var total = 0.0;
        foreach (var argument in context.Arguments)
        {
            var text = argument;
            var factor = 1.0;
            if (text.Length > 0 && text[^1] is 's' or 'm' or 'h' or 'd')
            {
                factor = text[^1] switch { 'm' => 60, 'h' => 3600, 'd' => 86400, _ => 1 };
                text = text[..^1];
            }

            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0)
            {
                await context.Shell.WriteErrorAsync($"sleep: invalid time interval '{argument}'\nTry 'sleep --help' for more information.\n").ConfigureAwait(false);
                return 1;
            }

            total += value * factor;
        }

        await Task.Delay(TimeSpan.FromSeconds(Math.Min(total, int.MaxValue / 1000.0)), cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
