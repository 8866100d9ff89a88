using System.Text;
using Mirage.Shell.Expansion;

namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>alias [name[=value] ...]</c> and <c>unalias [-a] name ...</c>.</summary>
internal static class AliasBuiltin
{
    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        var aliases = context.Shell.Aliases;
        var output = new StringBuilder();
        var status = 0;
        var arguments = context.Arguments.Where(static a => a != "-p").ToList();
        if (arguments.Count == 0)
        {
            foreach (var (name, value) in aliases.OrderBy(static pair => pair.Key, StringComparer.Ordinal))
            {
                output.Append("alias ").Append(name).Append('=').Append(ShellQuoting.Single(value)).Append('\n');
            }
        }

        foreach (var argument in arguments)
        {
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                aliases[argument[..equals]] = argument[(equals + 1)..];
                continue;
            }

            if (aliases.TryGetValue(argument, out var value))
            {
                output.Append("alias ").Append(argument).Append('=').Append(ShellQuoting.Single(value)).Append('\n');
            }
            else
            {
                await context.ErrorAsync($"{argument}: not found").ConfigureAwait(false);
                status = 1;
            }
        }

        await context.WriteAsync(output.ToString(), cancellationToken).ConfigureAwait(false);
        return status;
    }

    public static async ValueTask<int> RunUnaliasAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        var aliases = context.Shell.Aliases;
        if (context.Arguments.Count == 0)
        {
            return await context.UsageAsync("unalias [-a] name [name ...]").ConfigureAwait(false);
        }

        var status = 0;
        foreach (var argument in context.Arguments)
        {
            if (argument == "-a")
            {
                aliases.Clear();
                continue;
            }

            if (!aliases.Remove(argument))
            {
                await context.ErrorAsync($"{argument}: not found").ConfigureAwait(false);
                status = 1;
            }
        }

        return status;
    }
}
