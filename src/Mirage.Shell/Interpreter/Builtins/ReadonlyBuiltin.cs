using System.Text;
using Mirage.Shell.Expansion;

namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>readonly [-aAf] [-p] [name[=value] ...]</c>.</summary>
internal static class ReadonlyBuiltin
{
    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        var items = context.Declarations ?? [.. context.Arguments.Select(static a => new DeclarationArgument(a, null))];
        var extra = VariableAttributes.None;
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
                switch (letter)
                {
                    case 'a':
                        extra |= VariableAttributes.IndexedArray;
                        break;
                    case 'A':
                        extra |= VariableAttributes.Associative;
                        break;
                    case 'p' or 'f':
                        break;
                    default:
                        return await context.InvalidOptionAsync("-" + letter, "readonly [-aAf] [name[=value] ...] or readonly -p").ConfigureAwait(false);
                }
            }
        }

        if (index >= items.Count)
        {
            var output = new StringBuilder();
            foreach (var variable in context.Shell.Variables.All().Where(static v => v.Has(VariableAttributes.ReadOnly)))
            {
                output.Append(Expander.DeclareText(variable)).Append('\n');
            }

            await context.WriteAsync(output.ToString(), cancellationToken).ConfigureAwait(false);
            return 0;
        }

        var status = 0;
        foreach (var item in items.Skip(index))
        {
            if (!await DeclareBuiltin.DeclareOneAsync(context, item, VariableAttributes.ReadOnly | extra, VariableAttributes.None, makeLocal: false, cancellationToken).ConfigureAwait(false))
            {
                status = 1;
            }
        }

        return status;
    }
}
