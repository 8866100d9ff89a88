namespace Mirage.Shell.Interpreter.Builtins;

internal static class PwdBuiltin
{
    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        foreach (var argument in context.Arguments)
        {
            if (argument is not ("-L" or "-P") && argument.StartsWith('-') && argument.Length > 1)
            {
                return await context.InvalidOptionAsync(argument[..2], "pwd [-LP]").ConfigureAwait(false);
            }
        }

        await context.WriteAsync(context.Shell.WorkingDirectory.Value + "\n", cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
