namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>exec</c> with redirections only: they stay in effect for the rest of the shell. With a command, it runs it and exits.</summary>
internal static class ExecBuiltin
{
    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        var shell = context.Shell;
        if (context.Arguments.Count == 0)
        {
            shell.KeepRedirections(context.Io);
            return 0;
        }

        var arguments = context.Arguments.SkipWhile(static a => a is "-c" or "-l").ToList();
        var status = await shell.InvokeAsync(arguments, null, null, cancellationToken).ConfigureAwait(false);
        shell.RequestExit(status);
        return status;
    }
}
