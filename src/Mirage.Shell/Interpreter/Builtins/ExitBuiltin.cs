using System.Globalization;

namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>exit [n]</c>.</summary>
internal static class ExitBuiltin
{
    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        var shell = context.Shell;
        var status = shell.LastStatus;
        if (context.Arguments.Count > 0)
        {
            if (!long.TryParse(context.Arguments[0], NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var value))
            {
                await context.ErrorAsync($"{context.Arguments[0]}: numeric argument required").ConfigureAwait(false);
                shell.RequestExit(2);
                return 2;
            }

            if (context.Arguments.Count > 1)
            {
                await context.ErrorAsync("too many arguments").ConfigureAwait(false);
                return 1;
            }

            status = (int)(value & 0xFF);
        }

        shell.RequestExit(status);
        return status;
    }
}
