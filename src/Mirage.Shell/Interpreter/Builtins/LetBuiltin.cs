namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>let expr ...</c>: status 0 when the last value is non-zero.</summary>
internal static class LetBuiltin
{
    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        if (context.Arguments.Count == 0)
        {
            await context.ErrorAsync("expression expected").ConfigureAwait(false);
            return 1;
        }

        long last = 0;
        foreach (var expression in context.Arguments)
        {
            last = context.Shell.EvaluateArithmetic(expression);
        }

        return last != 0 ? 0 : 1;
    }
}
