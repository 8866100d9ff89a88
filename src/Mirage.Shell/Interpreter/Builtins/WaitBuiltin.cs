namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>wait [id ...]</c>: waits for the background jobs of this shell.</summary>
internal static class WaitBuiltin
{
    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        await context.Shell.WaitForJobsAsync().ConfigureAwait(false);
        return 0;
    }
}
