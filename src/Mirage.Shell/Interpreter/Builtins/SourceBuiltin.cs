namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>source file [args]</c> / <c>. file [args]</c>: runs the file's text in this shell.</summary>
internal static class SourceBuiltin
{
    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        var shell = context.Shell;
        if (context.Arguments.Count == 0)
        {
            await context.ErrorAsync("filename argument required").ConfigureAwait(false);
            return await context.UsageAsync($"{context.Name} filename [arguments]").ConfigureAwait(false);
        }

        var file = context.Arguments[0];
        var entry = await shell.StatOrNullAsync(file, cancellationToken).ConfigureAwait(false);
        if (entry is null || entry.IsDirectory)
        {
            await context.Shell.ReportAsync(entry is null ? $"{file}: No such file or directory" : $"{context.Name}: {file}: is a directory").ConfigureAwait(false);
            return 1;
        }

        var source = await shell.ReadTextAsync(file, cancellationToken).ConfigureAwait(false);
        return await shell.RunSourcedFileAsync(source, context.Arguments.Count > 1 ? context.Arguments.Skip(1).ToList() : null, cancellationToken).ConfigureAwait(false);
    }
}
