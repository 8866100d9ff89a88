using Mirage.Commands.Common;

namespace Mirage.Commands.FileSystem;

/// <summary>printenv: all variables, or the values of the named ones (status 1 when one is missing).</summary>
public sealed class PrintenvCommand() : GnuCommand("printenv")
{
    private static readonly ArgParser Options = new("0", "null=0", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "David MacKenzie and Richard Mlynarik";

    protected override string Help => "Usage: printenv [OPTION]... [VARIABLE]...\nPrint the values of the specified environment VARIABLE(s).\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var end = arguments.Has("0") ? "\0" : "\n";
        if (arguments.Operands.Count == 0)
        {
            foreach (var (name, value) in io.Context.Environment) await io.Out.WriteAsync(name + "=" + value + end).ConfigureAwait(false);
            return 0;
        }
        var status = 0;
        foreach (var name in arguments.Operands)
        {
            if (!name.Contains('=', StringComparison.Ordinal) && io.Context.Environment.TryGetValue(name, out var value)) await io.Out.WriteAsync(value + end).ConfigureAwait(false);
            else status = 1;
        }
        return status;
    }
}
