namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>times</c>: the shell has no CPU accounting of its own, so it reports zeros.</summary>
internal static class TimesBuiltin
{
    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        await context.WriteAsync("0m0.000s 0m0.000s\n0m0.000s 0m0.000s\n", cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
