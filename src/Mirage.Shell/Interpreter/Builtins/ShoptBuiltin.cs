using System.Text;

namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>shopt [-pqsu] [-o] [optname ...]</c>.</summary>
internal static class ShoptBuiltin
{
    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        var shell = context.Shell;
        bool? set = null;
        var quiet = false;
        var print = false;
        var index = 0;
        var arguments = context.Arguments;
        for (; index < arguments.Count && arguments[index].StartsWith('-') && arguments[index].Length > 1; index++)
        {
            foreach (var letter in arguments[index].Skip(1))
            {
                switch (letter)
                {
                    case 's': set = true; break;
                    case 'u': set = false; break;
                    case 'q': quiet = true; break;
                    case 'p': print = true; break;
                    case 'o': break;
                    default:
                        return await context.InvalidOptionAsync("-" + letter, "shopt [-pqsu] [-o] [optname ...]").ConfigureAwait(false);
                }
            }
        }

        var names = arguments.Skip(index).ToList();
        foreach (var name in names)
        {
            if (!Shell.ShoptNames.Contains(name))
            {
                await context.ErrorAsync($"{name}: invalid shell option name").ConfigureAwait(false);
                return 1;
            }
        }

        if (set is { } value && names.Count > 0)
        {
            foreach (var name in names)
            {
                shell.SetShopt(name, value);
            }

            return 0;
        }

        var selected = names.Count > 0 ? names : [.. Shell.ShoptNames.Where(n => set is null || shell.GetShopt(n) == set)];
        var output = new StringBuilder();
        var status = 0;
        foreach (var name in selected)
        {
            var on = shell.GetShopt(name);
            if (!on)
            {
                status = 1;
            }

            if (print)
            {
                output.Append("shopt ").Append(on ? "-s " : "-u ").Append(name).Append('\n');
            }
            else
            {
                output.Append(name.PadRight(15)).Append('\t').Append(on ? "on" : "off").Append('\n');
            }
        }

        if (!quiet)
        {
            await context.WriteAsync(output.ToString(), cancellationToken).ConfigureAwait(false);
        }

        return names.Count > 0 ? status : 0;
    }
}
