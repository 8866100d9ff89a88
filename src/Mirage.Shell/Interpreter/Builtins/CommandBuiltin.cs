using System.Text;

namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>command [-pVv] name [args]</c> (skips functions) and <c>builtin name [args]</c>.</summary>
internal static class CommandBuiltin
{
    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        var shell = context.Shell;
        var arguments = context.Arguments;
        var index = 0;
        var describe = false;
        var verbose = false;
        for (; index < arguments.Count && arguments[index].StartsWith('-') && arguments[index].Length > 1; index++)
        {
            if (arguments[index] == "--")
            {
                index++;
                break;
            }

            foreach (var letter in arguments[index].Skip(1))
            {
                switch (letter)
                {
                    case 'v': describe = true; break;
                    case 'V': verbose = true; break;
                    case 'p': break;
                    default:
                        return await context.InvalidOptionAsync("-" + letter, "command [-pVv] command [arg ...]").ConfigureAwait(false);
                }
            }
        }

        if (index >= arguments.Count)
        {
            return 0;
        }

        if (describe || verbose)
        {
            var output = new StringBuilder();
            var status = 0;
            foreach (var name in arguments.Skip(index))
            {
                string? line = null;
                if (shell.Aliases.TryGetValue(name, out var alias))
                {
                    line = verbose ? $"{name} is aliased to `{alias}'" : $"alias {name}='{alias}'";
                }
                else if (shell.Functions.ContainsKey(name))
                {
                    line = verbose ? $"{name} is a function" : name;
                }
                else if (BuiltinTable.IsShellBuiltin(name))
                {
                    line = verbose ? $"{name} is a shell builtin" : name;
                }
                else if (shell.Host.HasCommand(name) || BuiltinTable.Contains(name))
                {
                    line = verbose ? $"{name} is {TypeBuiltin.CommandPath(name)}" : TypeBuiltin.CommandPath(name);
                }
                else if (name is "if" or "then" or "fi" or "for" or "while" or "do" or "done" or "case" or "esac" or "until" or "[[")
                {
                    line = verbose ? $"{name} is a shell keyword" : name;
                }

                if (line is null)
                {
                    if (verbose)
                    {
                        await context.ErrorAsync($"{name}: not found").ConfigureAwait(false);
                    }

                    status = 1;
                    continue;
                }

                output.Append(line).Append('\n');
            }

            await context.WriteAsync(output.ToString(), cancellationToken).ConfigureAwait(false);
            return status;
        }

        var rest = arguments.Skip(index).ToList();
        if (BuiltinTable.TryGet(rest[0], out var builtin))
        {
            return await shell.RunBuiltinAsync(builtin, rest, null, cancellationToken).ConfigureAwait(false);
        }

        return await shell.RunExternalAsync(rest, null, cancellationToken).ConfigureAwait(false);
    }

    public static async ValueTask<int> RunBuiltinAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        if (context.Arguments.Count == 0)
        {
            return 0;
        }

        var name = context.Arguments[0];
        if (!BuiltinTable.TryGet(name, out var builtin) || !BuiltinTable.IsShellBuiltin(name))
        {
            await context.ErrorAsync($"{name}: not a shell builtin").ConfigureAwait(false);
            return 1;
        }

        return await context.Shell.RunBuiltinAsync(builtin, context.Arguments, null, cancellationToken).ConfigureAwait(false);
    }
}
