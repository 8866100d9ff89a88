using System.Globalization;

namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>umask [-p] [-S] [mode]</c>: kept as shell state.</summary>
internal static class UmaskBuiltin
{
    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        var shell = context.Shell;
        var symbolic = false;
        var print = false;
        string? mode = null;
        foreach (var argument in context.Arguments)
        {
            switch (argument)
            {
                case "-S": symbolic = true; break;
                case "-p": print = true; break;
                default: mode = argument; break;
            }
        }

        if (mode is null)
        {
            var value = shell.Umask;
            string text;
            if (symbolic)
            {
                static string Part(int bits) => ((bits & 4) == 0 ? "r" : "") + ((bits & 2) == 0 ? "w" : "") + ((bits & 1) == 0 ? "x" : "");
                text = $"u={Part((value >> 6) & 7)},g={Part((value >> 3) & 7)},o={Part(value & 7)}";
            }
            else
            {
                text = Convert.ToString(value, 8).PadLeft(4, '0');
            }

            await context.WriteAsync((print ? "umask " + (symbolic ? "-S " : "") : "") + text + "\n", cancellationToken).ConfigureAwait(false);
            return 0;
        }

        try
        {
            shell.Umask = Convert.ToInt32(mode, 8) & 0x1FF;
            return 0;
        }
        catch (FormatException)
        {
            await context.ErrorAsync($"{mode}: octal number out of range").ConfigureAwait(false);
            return 1;
        }
        catch (OverflowException)
        {
            await context.ErrorAsync($"{mode}: octal number out of range").ConfigureAwait(false);
            return 1;
        }
        finally
        {
            _ = CultureInfo.InvariantCulture;
        }
    }
}
