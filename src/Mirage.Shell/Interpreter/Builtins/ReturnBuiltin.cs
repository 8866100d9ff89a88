using System.Globalization;

namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>return [n]</c> from a function or sourced file.</summary>
internal static class ReturnBuiltin
{
    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        var shell = context.Shell;
        if (shell.CallDepth == 0 && shell.SourceDepth == 0)
        {
            await context.ErrorAsync("can only `return' from a function or sourced script").ConfigureAwait(false);
            return 2;
        }

        var status = shell.LastStatus;
        if (context.Arguments.Count > 0)
        {
            if (!long.TryParse(context.Arguments[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                await context.ErrorAsync($"{context.Arguments[0]}: numeric argument required").ConfigureAwait(false);
                status = 2;
            }
            else
            {
                status = (int)(value & 0xFF);
            }
        }

        shell.RequestReturn(status);
        return status;
    }
}
