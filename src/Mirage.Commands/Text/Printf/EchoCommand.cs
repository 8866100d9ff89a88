using System.Text;
using Mirage.Commands.Common;
using Mirage.Commands.Text.Shared;

namespace Mirage.Commands.Text.Printf;

/// <summary>coreutils /bin/echo: leading arguments made only of n, e, E letters are options; -e expands escapes.</summary>
public sealed class EchoCommand : ICommand
{
    public string Name => "echo";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var io = new CommandIO(context);
        var newline = true;
        var escapes = false;
        var index = 0;
        var arguments = context.Arguments;
        while (index < arguments.Count && arguments[index].Length > 1 && arguments[index][0] == '-' && arguments[index].Skip(1).All(c => c is 'n' or 'e' or 'E'))
        {
            foreach (var c in arguments[index].Skip(1))
            {
                if (c == 'n') newline = false;
                else escapes = c == 'e';
            }
            index++;
        }
        var builder = new StringBuilder();
        for (var i = index; i < arguments.Count; i++)
        {
            if (i > index) builder.Append(' ');
            var text = Latin1.FromArgument(arguments[i]);
            if (!escapes)
            {
                builder.Append(text);
                continue;
            }
            var k = 0;
            while (k < text.Length)
            {
                if (text[k] != '\\')
                {
                    builder.Append(text[k++]);
                    continue;
                }
                k = Escapes.Read(text, k, builder, inArgument: true, out var stop);
                if (stop)
                {
                    await io.Out.WriteAsync(Latin1.GetBytes(builder.ToString())).ConfigureAwait(false);
                    await io.Out.FlushAsync().ConfigureAwait(false);
                    return 0;
                }
            }
        }
        if (newline) builder.Append('\n');
        await io.Out.WriteAsync(Latin1.GetBytes(builder.ToString())).ConfigureAwait(false);
        await io.Out.FlushAsync().ConfigureAwait(false);
        return 0;
    }
}
