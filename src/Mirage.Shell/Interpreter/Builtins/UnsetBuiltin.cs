namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>unset [-f] [-v] [-n] [name ...]</c>, including <c>unset a[i]</c>.</summary>
internal static class UnsetBuiltin
{
    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        var shell = context.Shell;
        var functionsOnly = false;
        var variablesOnly = false;
        var index = 0;
        var arguments = context.Arguments;
        for (; index < arguments.Count && arguments[index].Length > 1 && arguments[index][0] == '-'; index++)
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
                    case 'f':
                        functionsOnly = true;
                        break;
                    case 'v':
                        variablesOnly = true;
                        break;
                    case 'n':
                        break;
                    default:
                        return await context.InvalidOptionAsync("-" + letter, "unset [-f] [-v] [-n] [name ...]").ConfigureAwait(false);
                }
            }
        }

        var status = 0;
        foreach (var name in arguments.Skip(index))
        {
            if (functionsOnly)
            {
                shell.RemoveFunction(name);
                continue;
            }

            var bracket = name.IndexOf('[', StringComparison.Ordinal);
            if (bracket > 0 && name.EndsWith(']'))
            {
                var variable = shell.Variables.Find(name[..bracket]);
                var subscript = name[(bracket + 1)..^1];
                if (variable is null)
                {
                    continue;
                }

                if (variable.Has(Expansion.VariableAttributes.ReadOnly))
                {
                    await context.ErrorAsync($"{name[..bracket]}: cannot unset: readonly variable").ConfigureAwait(false);
                    status = 1;
                    continue;
                }

                if (subscript is "@" or "*")
                {
                    variable.Indexed?.Clear();
                    variable.Associative?.Clear();
                }
                else if (variable.Associative is not null)
                {
                    variable.Associative.Remove(subscript);
                }
                else if (variable.Indexed is not null)
                {
                    variable.Indexed.Remove(shell.Variables.ResolveIndex(variable, subscript));
                }
                else if (shell.EvaluateArithmetic(subscript) == 0)
                {
                    variable.Scalar = null;
                }

                continue;
            }

            if (!BuiltinContext.IsValidName(name))
            {
                await context.ErrorAsync($"`{name}': not a valid identifier").ConfigureAwait(false);
                status = 1;
                continue;
            }

            if (shell.Variables.FindRaw(name) is null && !variablesOnly && shell.Functions.ContainsKey(name))
            {
                shell.RemoveFunction(name);
                continue;
            }

            if (!shell.Variables.Unset(name))
            {
                await context.ErrorAsync($"{name}: cannot unset: readonly variable").ConfigureAwait(false);
                status = 1;
            }
        }

        return status;
    }
}
