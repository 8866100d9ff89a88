using System.Text;
using Mirage.Shell.Expansion;

namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>export [-fn] [-p] [name[=value] ...]</c>.</summary>
internal static class ExportBuiltin
{
    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        var items = context.Declarations ?? [.. context.Arguments.Select(static a => new DeclarationArgument(a, null))];
        var remove = false;
        var index = 0;
        for (; index < items.Count && items[index].Text is { Length: > 1 } text && text[0] == '-'; index++)
        {
            if (text == "--")
            {
                index++;
                break;
            }

            foreach (var letter in text.Skip(1))
            {
                if (letter == 'n')
                {
                    remove = true;
                }
                else if (letter is not ('p' or 'f'))
                {
                    return await context.InvalidOptionAsync("-" + letter, "export [-fn] [name[=value] ...] or export -p").ConfigureAwait(false);
                }
            }
        }

        if (index >= items.Count)
        {
            var output = new StringBuilder();
            foreach (var variable in context.Shell.Variables.All().Where(static v => v.Has(VariableAttributes.Exported)))
            {
                output.Append(Expander.DeclareText(variable)).Append('\n');
            }

            await context.WriteAsync(output.ToString(), cancellationToken).ConfigureAwait(false);
            return 0;
        }

        var status = 0;
        foreach (var item in items.Skip(index))
        {
            if (remove)
            {
                var name = item.Text ?? item.Assignment!.Name;
                if (context.Shell.Variables.Find(name) is { } variable)
                {
                    variable.Attributes &= ~VariableAttributes.Exported;
                }

                continue;
            }

            if (!await DeclareBuiltin.DeclareOneAsync(context, item, VariableAttributes.Exported, VariableAttributes.None, makeLocal: false, cancellationToken).ConfigureAwait(false))
            {
                status = 1;
            }
        }

        return status;
    }
}
