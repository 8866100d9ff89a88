namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>true</c> and <c>:</c>.</summary>
internal static class TrueBuiltin
{
    public static ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken) => ValueTask.FromResult(0);
}
