using System.Text;
using Mirage.Shell.Expansion;
using Mirage.Shell.Syntax;

namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>declare</c> / <c>typeset</c> / <c>local</c> with <c>-a -A -i -l -u -n -r -x -g -p -f -F</c>.</summary>
internal static class DeclareBuiltin
{
    private const string Usage = "declare [-aAfFgiIlnrtux] [name[=value] ...] or declare -p [-aAfFilnrtux] [name ...]";

    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        var shell = context.Shell;
        var isLocal = context.Name == "local";
        if (isLocal && shell.CallDepth == 0)
        {
            await context.ErrorAsync("can only be used in a function").ConfigureAwait(false);
            return 1;
        }

        var items = context.Declarations ?? [.. context.Arguments.Select(static a => new DeclarationArgument(a, null))];
        var add = VariableAttributes.None;
        var remove = VariableAttributes.None;
        var print = false;
        var functionsMode = false;
        var functionNamesOnly = false;
        var global = false;
        var index = 0;
        for (; index < items.Count; index++)
        {
            var text = items[index].Text;
            if (text is null || text.Length < 2 || text[0] is not ('-' or '+'))
            {
                break;
            }

            if (text == "--")
            {
                index++;
                break;
            }

            var adding = text[0] == '-';
            foreach (var letter in text.Skip(1))
            {
                var attribute = letter switch
                {
                    'a' => VariableAttributes.IndexedArray,
                    'A' => VariableAttributes.Associative,
                    'i' => VariableAttributes.Integer,
                    'r' => VariableAttributes.ReadOnly,
                    'x' => VariableAttributes.Exported,
                    'l' => VariableAttributes.Lower,
                    'u' => VariableAttributes.Upper,
                    'n' => VariableAttributes.NameReference,
                    _ => VariableAttributes.None,
                };
                switch (letter)
                {
                    case 'p':
                        print = true;
                        continue;
                    case 'f':
                        functionsMode = true;
                        continue;
                    case 'F':
                        functionsMode = true;
                        functionNamesOnly = true;
                        continue;
                    case 'g':
                        global = true;
                        continue;
                    case 't' or 'I':
                        continue;
                }

                if (attribute == VariableAttributes.None)
                {
                    return await context.InvalidOptionAsync(text[0] + letter.ToString(), Usage).ConfigureAwait(false);
                }

                if (adding)
                {
                    add |= attribute;
                }
                else
                {
                    remove |= attribute;
                }
            }
        }

        var operands = items.Skip(index).ToList();
        if (functionsMode)
        {
            return await PrintFunctionsAsync(context, operands.Select(static o => o.Text ?? o.Assignment!.Name).ToList(), functionNamesOnly, cancellationToken).ConfigureAwait(false);
        }

        if (operands.Count == 0)
        {
            // declare / declare -p with no names: every variable (filtered by the given attributes).
            var output = new StringBuilder();
            foreach (var variable in shell.Variables.All())
            {
                if (add != VariableAttributes.None && (variable.Attributes & add) != add)
                {
                    continue;
                }

                if (print || add != VariableAttributes.None)
                {
                    output.Append(Expander.DeclareText(variable)).Append('\n');
                }
                else if (variable.Value is { } value && !variable.IsArray)
                {
                    output.Append(variable.Name).Append('=').Append(ShellQuoting.Backslash(value)).Append('\n');
                }
                else
                {
                    output.Append(Expander.DeclareText(variable)).Append('\n');
                }
            }

            await context.WriteAsync(output.ToString(), cancellationToken).ConfigureAwait(false);
            return 0;
        }

        var status = 0;
        if (print)
        {
            var output = new StringBuilder();
            foreach (var operand in operands)
            {
                var name = operand.Text ?? operand.Assignment!.Name;
                var variable = shell.Variables.FindRaw(name);
                if (variable is null)
                {
                    await context.ErrorAsync($"{name}: not found").ConfigureAwait(false);
                    status = 1;
                    continue;
                }

                output.Append(Expander.DeclareText(variable)).Append('\n');
            }

            await context.WriteAsync(output.ToString(), cancellationToken).ConfigureAwait(false);
            return status;
        }

        var makeLocal = (isLocal || (shell.CallDepth > 0 && !global)) && context.Name is "local" or "declare" or "typeset";
        foreach (var operand in operands)
        {
            if (!await DeclareOneAsync(context, operand, add, remove, makeLocal, cancellationToken).ConfigureAwait(false))
            {
                status = 1;
            }
        }

        return status;
    }

    /// <summary>Declares one name with attributes and an optional value. False after reporting an error.</summary>
    internal static async ValueTask<bool> DeclareOneAsync(BuiltinContext context, DeclarationArgument operand, VariableAttributes add, VariableAttributes remove, bool makeLocal, CancellationToken cancellationToken)
    {
        var shell = context.Shell;
        var variables = shell.Variables;
        string name;
        string? textValue = null;
        string? subscript = null;
        var append = false;
        if (operand.Assignment is { } assignment)
        {
            name = assignment.Name;
        }
        else
        {
            var text = operand.Text!;
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            name = equals < 0 ? text : text[..equals];
            if (equals >= 0)
            {
                textValue = text[(equals + 1)..];
                if (name.EndsWith('+'))
                {
                    append = true;
                    name = name[..^1];
                }
            }

            var bracket = name.IndexOf('[', StringComparison.Ordinal);
            if (bracket > 0 && name.EndsWith(']'))
            {
                subscript = name[(bracket + 1)..^1];
                name = name[..bracket];
            }
        }

        if (!BuiltinContext.IsValidName(name))
        {
            await context.ErrorAsync($"`{operand.Text ?? name}': not a valid identifier").ConfigureAwait(false);
            return false;
        }

        var existing = makeLocal ? null : variables.Find(name);
        var variable = makeLocal ? variables.DeclareLocal(name) : existing ?? variables.GetOrCreate(name);
        var hasValue = operand.Assignment is not null || textValue is not null;
        if (variable.Has(VariableAttributes.ReadOnly) && (hasValue || (remove & VariableAttributes.ReadOnly) != 0))
        {
            await shell.ReportAsync($"{name}: readonly variable").ConfigureAwait(false);
            return false;
        }

        var readOnly = (add & VariableAttributes.ReadOnly) != 0;
        variable.Attributes = (variable.Attributes | (add & ~VariableAttributes.ReadOnly)) & ~remove;
        if ((add & VariableAttributes.Upper) != 0)
        {
            variable.Attributes &= ~VariableAttributes.Lower;
        }
        else if ((add & VariableAttributes.Lower) != 0)
        {
            variable.Attributes &= ~VariableAttributes.Upper;
        }

        if ((add & VariableAttributes.Associative) != 0 && variable.Associative is null)
        {
            if (variable.Indexed is not null)
            {
                await context.ErrorAsync($"{name}: cannot convert indexed to associative array").ConfigureAwait(false);
                return false;
            }

            variable.Associative = [];
            if (variable.Scalar is not null)
            {
                variable.Associative["0"] = variable.Scalar;
                variable.Scalar = null;
            }
        }
        else if ((add & VariableAttributes.IndexedArray) != 0 && variable.Indexed is null && variable.Associative is null)
        {
            variable.Indexed = [];
            if (variable.Scalar is not null)
            {
                variable.Indexed[0] = variable.Scalar;
                variable.Scalar = null;
            }
        }

        if (operand.Assignment is { } whole)
        {
            await shell.AssignAsync(variable, whole, cancellationToken).ConfigureAwait(false);
        }
        else if (textValue is not null)
        {
            if (subscript is not null)
            {
                variables.SetElement(variable, subscript, textValue, append);
            }
            else
            {
                variables.Assign(variable, textValue, append);
            }
        }

        if (readOnly)
        {
            variable.Attributes |= VariableAttributes.ReadOnly;
        }

        return true;
    }

    private static async ValueTask<int> PrintFunctionsAsync(BuiltinContext context, List<string> names, bool namesOnly, CancellationToken cancellationToken)
    {
        var shell = context.Shell;
        var selected = names.Count == 0 ? shell.Functions.Keys.Order(StringComparer.Ordinal).ToList() : names;
        var output = new StringBuilder();
        var status = 0;
        foreach (var name in selected)
        {
            if (!shell.Functions.TryGetValue(name, out var function))
            {
                status = 1;
                continue;
            }

            output.Append(namesOnly ? $"declare -f {name}\n" : FunctionText(function) + "\n");
        }

        await context.WriteAsync(output.ToString(), cancellationToken).ConfigureAwait(false);
        return status;
    }

    internal static string FunctionText(Syntax.Ast.FunctionDefinition function) =>
        Printer.Print(function with { FunctionKeyword = false });
}
