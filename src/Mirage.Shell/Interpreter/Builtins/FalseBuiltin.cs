namespace Mirage.Shell.Interpreter.Builtins;

internal static class FalseBuiltin
{
    public static ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken) => ValueTask.FromResult(1);
}
