using System.Text;
using Mirage.Shell.Expansion;

namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>set [-eufxvCna] [-o option] [--] [args]</c>.</summary>
internal static class SetBuiltin
{
    private static readonly string[] OptionNames =
    [
        "allexport", "braceexpand", "emacs", "errexit", "errtrace", "functrace", "hashall", "histexpand", "history",
        "ignoreeof", "interactive-comments", "keyword", "monitor", "noclobber", "noexec", "noglob", "nolog", "notify",
        "nounset", "onecmd", "physical", "pipefail", "posix", "privileged", "verbose", "vi", "xtrace",
    ];

    public static bool IsOptionOn(Shell shell, string name) => name switch
    {
        "allexport" => shell.Flags.AllExport,
        "braceexpand" or "hashall" or "interactive-comments" => true,
        "errexit" => shell.Flags.ErrExit,
        "noclobber" => shell.Flags.NoClobber,
        "noexec" => shell.Flags.NoExec,
        "noglob" => shell.Settings.NoGlob,
        "nounset" => shell.Settings.NoUnset,
        "pipefail" => shell.Flags.PipeFail,
        "verbose" => shell.Flags.Verbose,
        "xtrace" => shell.Flags.XTrace,
        _ => false,
    };

    private static bool SetOption(Shell shell, string name, bool on)
    {
        switch (name)
        {
            case "allexport": shell.Flags.AllExport = on; return true;
            case "errexit": shell.Flags.ErrExit = on; return true;
            case "noclobber": shell.Flags.NoClobber = on; return true;
            case "noexec": shell.Flags.NoExec = on; return true;
            case "noglob": shell.Settings.NoGlob = on; return true;
            case "nounset": shell.Settings.NoUnset = on; return true;
            case "pipefail": shell.Flags.PipeFail = on; return true;
            case "verbose": shell.Flags.Verbose = on; return true;
            case "xtrace": shell.Flags.XTrace = on; return true;
            default: return OptionNames.Contains(name);
        }
    }

    private static string? LetterOption(char letter) => letter switch
    {
        'a' => "allexport",
        'e' => "errexit",
        'f' => "noglob",
        'u' => "nounset",
        'x' => "xtrace",
        'v' => "verbose",
        'C' => "noclobber",
        'n' => "noexec",
        'B' => "braceexpand",
        'h' => "hashall",
        'E' => "errtrace",
        'T' => "functrace",
        'H' => "histexpand",
        'm' => "monitor",
        'b' => "notify",
        'k' => "keyword",
        'P' => "physical",
        'p' => "privileged",
        't' => "onecmd",
        _ => null,
    };

    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        var shell = context.Shell;
        var arguments = context.Arguments;
        if (arguments.Count == 0)
        {
            var output = new StringBuilder();
            foreach (var variable in shell.Variables.All())
            {
                if (variable.IsArray)
                {
                    output.Append(Expander.DeclareText(variable)["declare -a ".Length..].Replace("declare -A ", "", StringComparison.Ordinal)).Append('\n');
                }
                else if (variable.Scalar is { } value)
                {
                    output.Append(variable.Name).Append('=').Append(QuoteValue(value)).Append('\n');
                }
            }

            await context.WriteAsync(output.ToString(), cancellationToken).ConfigureAwait(false);
            return 0;
        }

        var index = 0;
        var setPositional = false;
        while (index < arguments.Count)
        {
            var argument = arguments[index];
            if (argument == "--")
            {
                setPositional = true;
                index++;
                break;
            }

            if (argument == "-")
            {
                shell.Flags.XTrace = false;
                shell.Flags.Verbose = false;
                setPositional = index + 1 < arguments.Count;
                index++;
                break;
            }

            if (argument.Length < 2 || argument[0] is not ('-' or '+'))
            {
                setPositional = true;
                break;
            }

            var on = argument[0] == '-';
            for (var k = 1; k < argument.Length; k++)
            {
                var letter = argument[k];
                if (letter == 'o')
                {
                    if (index + 1 >= arguments.Count || arguments[index + 1].StartsWith('-') || arguments[index + 1].StartsWith('+'))
                    {
                        await PrintOptionsAsync(context, shell, on, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    var name = arguments[++index];
                    if (!SetOption(shell, name, on))
                    {
                        await context.ErrorAsync($"{name}: invalid option name").ConfigureAwait(false);
                        return 1;
                    }

                    continue;
                }

                var option = LetterOption(letter);
                if (option is null)
                {
                    await context.ErrorAsync($"{argument[0]}{letter}: invalid option").ConfigureAwait(false);
                    return await context.UsageAsync("set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]").ConfigureAwait(false);
                }

                SetOption(shell, option, on);
            }

            index++;
        }

        if (setPositional)
        {
            shell.SetPositional(arguments.Skip(index));
        }

        return 0;
    }

    private static async ValueTask PrintOptionsAsync(BuiltinContext context, Shell shell, bool table, CancellationToken cancellationToken)
    {
        var output = new StringBuilder();
        foreach (var name in OptionNames)
        {
            var on = IsOptionOn(shell, name);
            if (table)
            {
                output.Append(name.PadRight(15)).Append('\t').Append(on ? "on" : "off").Append('\n');
            }
            else
            {
                output.Append("set ").Append(on ? "-o " : "+o ").Append(name).Append('\n');
            }
        }

        await context.WriteAsync(output.ToString(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How <c>set</c> prints a value: bare when safe, otherwise single-quoted.</summary>
    private static string QuoteValue(string value) =>
        value.Length > 0 && value.All(static c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or ':' or ',' or '+' or '@' or '%')
            ? value
            : ShellQuoting.Single(value);
}
