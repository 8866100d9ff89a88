using System.Text;

namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>which name ...</c>: the path of each host command, status 1 when one is missing.</summary>
internal static class WhichBuiltin
{
    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        var output = new StringBuilder();
        var status = 0;
        foreach (var name in context.Arguments.Where(static a => !a.StartsWith('-')))
        {
            if (context.Shell.Host.HasCommand(name) || BuiltinTable.Contains(name))
            {
                output.Append(TypeBuiltin.CommandPath(name)).Append('\n');
            }
            else
            {
                status = 1;
            }
        }

        await context.WriteAsync(output.ToString(), cancellationToken).ConfigureAwait(false);
        return status;
    }
}
