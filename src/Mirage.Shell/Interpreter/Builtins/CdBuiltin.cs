using Mirage.Vfs;

namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>cd [-L|-P] [dir]</c>, <c>cd -</c>; keeps PWD and OLDPWD.</summary>
internal static class CdBuiltin
{
    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        var shell = context.Shell;
        var arguments = context.Arguments.Where(static a => a is not ("-L" or "-P" or "-e" or "-@")).ToList();
        if (arguments.Count > 0 && arguments[0] == "--")
        {
            arguments.RemoveAt(0);
        }

        if (arguments.Count > 1)
        {
            await context.ErrorAsync("too many arguments").ConfigureAwait(false);
            return 1;
        }

        string target;
        var print = false;
        if (arguments.Count == 0)
        {
            var home = shell.Variables.Get("HOME");
            if (home is null)
            {
                await context.ErrorAsync("HOME not set").ConfigureAwait(false);
                return 1;
            }

            target = home;
        }
        else if (arguments[0] == "-")
        {
            var previous = shell.Variables.Get("OLDPWD");
            if (previous is null)
            {
                await context.ErrorAsync("OLDPWD not set").ConfigureAwait(false);
                return 1;
            }

            target = previous;
            print = true;
        }
        else
        {
            target = arguments[0];
        }

        if (target.Length == 0)
        {
            return 0;
        }

        var path = VPath.Combine(shell.WorkingDirectory, target);
        var entry = await shell.StatOrNullAsync(path.Value, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            await context.ErrorAsync($"{target}: No such file or directory").ConfigureAwait(false);
            return 1;
        }

        if (!entry.IsDirectory)
        {
            await context.ErrorAsync($"{target}: Not a directory").ConfigureAwait(false);
            return 1;
        }

        var old = shell.WorkingDirectory;
        shell.WorkingDirectory = path;
        shell.Variables.Set("OLDPWD", old.Value);
        shell.Variables.Set("PWD", path.Value);
        if (print)
        {
            await context.WriteAsync(path.Value + "\n", cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }
}
