using System.Text;
using Mirage.Shell.Expansion;

namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>trap [-lp] [[action] signal ...]</c>: EXIT and ERR run; other signals are recorded.</summary>
internal static class TrapBuiltin
{
    private static readonly string[] Signals = ["EXIT", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM"];

    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        var traps = context.Shell.Traps;
        var arguments = context.Arguments.ToList();
        if (arguments.Count > 0 && arguments[0] == "--")
        {
            arguments.RemoveAt(0);
        }

        if (arguments.Count == 0 || arguments[0] == "-p")
        {
            var output = new StringBuilder();
            var wanted = arguments.Skip(1).Select(Normalise).ToHashSet(StringComparer.Ordinal);
            foreach (var (signal, handler) in traps.OrderBy(static t => t.Key == "EXIT" ? "" : t.Key, StringComparer.Ordinal))
            {
                if (wanted.Count == 0 || wanted.Contains(signal))
                {
                    output.Append("trap -- ").Append(ShellQuoting.Single(handler)).Append(' ').Append(signal).Append('\n');
                }
            }

            await context.WriteAsync(output.ToString(), cancellationToken).ConfigureAwait(false);
            return 0;
        }

        if (arguments[0] == "-l")
        {
            var output = new StringBuilder();
            for (var i = 1; i < Signals.Length; i++)
            {
                output.Append(i).Append(") SIG").Append(Signals[i]).Append('\n');
            }

            await context.WriteAsync(output.ToString(), cancellationToken).ConfigureAwait(false);
            return 0;
        }

        string? action = arguments[0];
        var signals = arguments.Skip(1).ToList();
        if (signals.Count == 0 || action == "-" || (int.TryParse(action, out _) && signals.Count >= 0))
        {
            if (signals.Count == 0 || int.TryParse(action, out _))
            {
                signals.Insert(0, action);
            }

            action = null;
        }

        var status = 0;
        foreach (var raw in signals)
        {
            var signal = Normalise(raw);
            if (signal.Length == 0)
            {
                await context.ErrorAsync($"{raw}: invalid signal specification").ConfigureAwait(false);
                status = 1;
                continue;
            }

            if (action is null)
            {
                traps.Remove(signal);
            }
            else
            {
                traps[signal] = action;
            }
        }

        return status;
    }

    private static string Normalise(string signal)
    {
        var upper = signal.ToUpperInvariant();
        if (upper.StartsWith("SIG", StringComparison.Ordinal))
        {
            upper = upper[3..];
        }

        if (int.TryParse(upper, out var number))
        {
            return number >= 0 && number < Signals.Length ? Signals[number] : "";
        }

        return upper is "ERR" or "DEBUG" or "RETURN" || Signals.Contains(upper) ? upper : "";
    }
}
