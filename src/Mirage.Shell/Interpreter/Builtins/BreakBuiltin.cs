using System.Globalization;

namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>break [n]</c> and <c>continue [n]</c>.</summary>
internal static class BreakBuiltin
{
    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        var shell = context.Shell;
        var levels = 1;
        if (context.Arguments.Count > 0)
        {
            if (!int.TryParse(context.Arguments[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out levels))
            {
                await context.ErrorAsync($"{context.Arguments[0]}: numeric argument required").ConfigureAwait(false);
                shell.RequestExit(128);
                return 128;
            }

            if (levels < 1)
            {
                await context.ErrorAsync($"{levels}: loop count out of range").ConfigureAwait(false);
                return 1;
            }
        }

        if (shell.LoopDepth == 0)
        {
            // bash says nothing more than this outside a loop.
            await context.ErrorAsync("only meaningful in a `for', `while', or `until' loop").ConfigureAwait(false);
            return 0;
        }

        shell.RequestLoopControl(context.Name == "break", levels);
        return 0;
    }
}
