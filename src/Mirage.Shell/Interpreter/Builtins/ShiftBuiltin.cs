using System.Globalization;

namespace Mirage.Shell.Interpreter.Builtins;

internal static class ShiftBuiltin
{
    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        var count = 1;
        if (context.Arguments.Count > 0)
        {
            if (!int.TryParse(context.Arguments[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out count))
            {
                await context.ErrorAsync($"{context.Arguments[0]}: numeric argument required").ConfigureAwait(false);
                return 1;
            }

            if (count < 0)
            {
                await context.ErrorAsync($"{context.Arguments[0]}: shift count out of range").ConfigureAwait(false);
                return 1;
            }
        }

        if (count > context.Shell.Positional.Count)
        {
            return 1;
        }

        context.Shell.ShiftPositional(count);
        return 0;
    }
}
