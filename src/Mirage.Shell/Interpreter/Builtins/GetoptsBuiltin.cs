using System.Globalization;

namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>getopts optstring name [args]</c> with OPTIND, OPTARG and silent mode (leading ':').</summary>
internal static class GetoptsBuiltin
{
    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        var shell = context.Shell;
        if (context.Arguments.Count < 2)
        {
            return await context.UsageAsync("getopts optstring name [arg ...]").ConfigureAwait(false);
        }

        var spec = context.Arguments[0];
        var name = context.Arguments[1];
        var arguments = context.Arguments.Count > 2 ? context.Arguments.Skip(2).ToList() : [.. shell.Positional];
        var silent = spec.StartsWith(':');
        if (silent)
        {
            spec = spec[1..];
        }

        var variables = shell.Variables;
        var optind = int.TryParse(variables.Get("OPTIND"), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0 ? parsed : 1;
        var position = shell.GetoptsPosition;
        if (shell.GetoptsIndex != optind)
        {
            position = 1;
        }

        if (optind > arguments.Count)
        {
            return Finish(shell, name, optind);
        }

        var current = arguments[optind - 1];
        if (position == 1 && (current.Length < 2 || current[0] != '-'))
        {
            return Finish(shell, name, optind);
        }

        if (position == 1 && current == "--")
        {
            return Finish(shell, name, optind + 1);
        }

        var letter = current[position];
        var next = position + 1;
        var specIndex = spec.IndexOf(letter, StringComparison.Ordinal);
        if (specIndex < 0 || letter == ':')
        {
            if (silent)
            {
                variables.Set("OPTARG", letter.ToString());
            }
            else
            {
                await shell.WriteErrorAsync($"{ErrorName(shell)}: illegal option -- {letter}\n").ConfigureAwait(false);
                variables.Unset("OPTARG");
            }

            variables.Set(name, "?");
            Advance(shell, current, next, optind);
            return 0;
        }

        if (specIndex + 1 < spec.Length && spec[specIndex + 1] == ':')
        {
            if (next < current.Length)
            {
                variables.Set("OPTARG", current[next..]);
                optind++;
            }
            else if (optind < arguments.Count)
            {
                variables.Set("OPTARG", arguments[optind]);
                optind += 2;
            }
            else
            {
                if (silent)
                {
                    variables.Set(name, ":");
                    variables.Set("OPTARG", letter.ToString());
                }
                else
                {
                    await shell.WriteErrorAsync($"{ErrorName(shell)}: option requires an argument -- {letter}\n").ConfigureAwait(false);
                    variables.Set(name, "?");
                    variables.Unset("OPTARG");
                }

                SetIndex(shell, optind + 1, 1);
                return 0;
            }

            variables.Set(name, letter.ToString());
            SetIndex(shell, optind, 1);
            return 0;
        }

        variables.Set(name, letter.ToString());
        variables.Unset("OPTARG");
        Advance(shell, current, next, optind);
        return 0;
    }

    private static string ErrorName(Shell shell) => shell.ScriptName == "bash" ? "bash" : shell.ScriptName;

    private static void Advance(Shell shell, string current, int next, int optind)
    {
        if (next >= current.Length)
        {
            SetIndex(shell, optind + 1, 1);
        }
        else
        {
            SetIndex(shell, optind, next);
        }
    }

    private static void SetIndex(Shell shell, int optind, int position)
    {
        shell.Variables.Set("OPTIND", optind.ToString(CultureInfo.InvariantCulture));
        shell.GetoptsIndex = optind;
        shell.GetoptsPosition = position;
    }

    private static int Finish(Shell shell, string name, int optind)
    {
        shell.Variables.Set(name, "?");
        SetIndex(shell, optind, 1);
        return 1;
    }
}
