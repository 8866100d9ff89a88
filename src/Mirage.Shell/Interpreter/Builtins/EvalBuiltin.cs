namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>eval [arg ...]</c>: the arguments joined by spaces, parsed and run here.</summary>
internal static class EvalBuiltin
{
    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        var source = string.Join(' ', context.Arguments);
        if (source.Trim().Length == 0)
        {
            return 0;
        }

        return await context.Shell.RunNestedSourceAsync(source, cancellationToken).ConfigureAwait(false);
    }
}
