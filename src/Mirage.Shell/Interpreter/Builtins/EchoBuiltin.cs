using System.Text;

namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>echo [-neE] args</c>: options only while every letter is one of n, e, E.</summary>
internal static class EchoBuiltin
{
    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        var newline = true;
        var escapes = false;
        var index = 0;
        var arguments = context.Arguments;
        while (index < arguments.Count && arguments[index].Length > 1 && arguments[index][0] == '-' && arguments[index].Skip(1).All(static c => c is 'n' or 'e' or 'E'))
        {
            foreach (var c in arguments[index].Skip(1))
            {
                switch (c)
                {
                    case 'n':
                        newline = false;
                        break;
                    case 'e':
                        escapes = true;
                        break;
                    default:
                        escapes = false;
                        break;
                }
            }

            index++;
        }

        var builder = new StringBuilder();
        for (var i = index; i < arguments.Count; i++)
        {
            if (i > index)
            {
                builder.Append(' ');
            }

            if (!escapes)
            {
                builder.Append(arguments[i]);
                continue;
            }

            var text = arguments[i];
            for (var k = 0; k < text.Length; k++)
            {
                if (text[k] != '\\')
                {
                    builder.Append(text[k]);
                    continue;
                }

                k = Expansion.Printf.AppendEscape(text, k, builder, inArgument: true, out var stop, context.Shell.UsesUtf8Locale);
                if (stop)
                {
                    await context.WriteAsync(builder.ToString(), cancellationToken).ConfigureAwait(false);
                    return 0;
                }
            }
        }

        if (newline)
        {
            builder.Append('\n');
        }

        await context.WriteAsync(builder.ToString(), cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
