using System.Text;

namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>type [-afptP] name ...</c>.</summary>
internal static class TypeBuiltin
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until", "do", "done", "in",
        "function", "time", "{", "}", "!", "[[", "]]", "coproc",
    };

    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        var shell = context.Shell;
        var typeOnly = false;
        var pathOnly = false;
        var all = false;
        var names = new List<string>();
        foreach (var argument in context.Arguments)
        {
            if (argument.StartsWith('-') && argument.Length > 1 && names.Count == 0)
            {
                foreach (var letter in argument.Skip(1))
                {
                    switch (letter)
                    {
                        case 't': typeOnly = true; break;
                        case 'p' or 'P': pathOnly = true; break;
                        case 'a': all = true; break;
                        case 'f': break;
                        default:
                            return await context.InvalidOptionAsync("-" + letter, "type [-afptP] name [name ...]").ConfigureAwait(false);
                    }
                }

                continue;
            }

            names.Add(argument);
        }

        var status = 0;
        var output = new StringBuilder();
        foreach (var name in names)
        {
            var found = false;
            if (shell.Aliases.TryGetValue(name, out var alias) && !pathOnly)
            {
                output.Append(typeOnly ? "alias\n" : $"{name} is aliased to `{alias}'\n");
                found = true;
            }

            if ((!found || all) && Keywords.Contains(name) && !pathOnly)
            {
                output.Append(typeOnly ? "keyword\n" : $"{name} is a shell keyword\n");
                found = true;
            }

            if ((!found || all) && shell.Functions.TryGetValue(name, out var function) && !pathOnly)
            {
                output.Append(typeOnly ? "function\n" : $"{name} is a function\n{DeclareBuiltin.FunctionText(function)}\n");
                found = true;
            }

            if ((!found || all) && BuiltinTable.IsShellBuiltin(name) && !pathOnly)
            {
                output.Append(typeOnly ? "builtin\n" : $"{name} is a shell builtin\n");
                found = true;
            }

            if ((!found || all) && (shell.Host.HasCommand(name) || (BuiltinTable.Contains(name) && !BuiltinTable.IsShellBuiltin(name))))
            {
                var path = CommandPath(name);
                output.Append(typeOnly ? "file\n" : pathOnly ? path + "\n" : $"{name} is {path}\n");
                found = true;
            }

            if (!found)
            {
                if (!typeOnly && !pathOnly)
                {
                    await context.WriteAsync(output.ToString(), cancellationToken).ConfigureAwait(false);
                    output.Clear();
                    await context.ErrorAsync($"{name}: not found").ConfigureAwait(false);
                }

                status = 1;
            }
        }

        await context.WriteAsync(output.ToString(), cancellationToken).ConfigureAwait(false);
        return status;
    }

    /// <summary>Where a host command appears to live, as agents expect from a real system.</summary>
    public static string CommandPath(string name) => name is "bash" or "sh" ? "/usr/bin/" + name : "/usr/bin/" + name;
}
