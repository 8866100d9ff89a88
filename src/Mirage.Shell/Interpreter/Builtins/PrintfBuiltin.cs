using Mirage.Shell.Expansion;

namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>printf [-v var] format [arguments]</c>.</summary>
internal static class PrintfBuiltin
{
    private const string Usage = "printf [-v var] format [arguments]";

    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        var arguments = context.Arguments;
        var index = 0;
        string? target = null;
        while (index < arguments.Count && arguments[index].StartsWith('-') && arguments[index].Length > 1)
        {
            if (arguments[index] == "--")
            {
                index++;
                break;
            }

            if (arguments[index] == "-v" && index + 1 < arguments.Count)
            {
                target = arguments[index + 1];
                index += 2;
                continue;
            }

            if (arguments[index].StartsWith("-v", StringComparison.Ordinal))
            {
                target = arguments[index][2..];
                index++;
                continue;
            }

            return await context.InvalidOptionAsync(arguments[index][..2], Usage).ConfigureAwait(false);
        }

        if (index >= arguments.Count)
        {
            return await context.UsageAsync(Usage).ConfigureAwait(false);
        }

        var result = Printf.Format(arguments[index], [.. arguments.Skip(index + 1)], context.Shell.UsesUtf8Locale);
        foreach (var error in result.Errors)
        {
            await context.ErrorAsync(error).ConfigureAwait(false);
        }

        if (target is not null)
        {
            var bracket = target.IndexOf('[', StringComparison.Ordinal);
            if (bracket > 0 && target.EndsWith(']'))
            {
                context.Shell.Variables.SetElement(target[..bracket], target[(bracket + 1)..^1], result.Output);
            }
            else if (!BuiltinContext.IsValidName(target))
            {
                await context.ErrorAsync($"`{target}': not a valid identifier").ConfigureAwait(false);
                return 2;
            }
            else
            {
                context.Shell.Variables.Set(target, result.Output);
            }
        }
        else
        {
            await context.WriteAsync(result.Output, cancellationToken).ConfigureAwait(false);
        }

        return result.Status;
    }
}
