using System.Text;
using Mirage.Commands.Common;

namespace Mirage.Commands.FileSystem;

/// <summary>yes: repeats a line until the reader goes away (a closed pipe ends it with status 141) or the run is cancelled.</summary>
public sealed class YesCommand() : GnuCommand("yes")
{
    private static readonly ArgParser Options = new("", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "David MacKenzie";

    protected override string Help => "Usage: yes [STRING]...\n  or:  yes OPTION\nRepeatedly output a line with all specified STRING(s), or 'y'.\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var line = Encoding.UTF8.GetBytes((arguments.Operands.Count == 0 ? "y" : string.Join(' ', arguments.Operands)) + "\n");
        // Fill a block with whole lines so each write carries many of them.
        var block = new byte[Math.Max(line.Length, 8192 / line.Length * line.Length)];
        for (var i = 0; i + line.Length <= block.Length; i += line.Length) line.CopyTo(block, i);
        while (true)
        {
            io.CancellationToken.ThrowIfCancellationRequested();
            await io.Out.WriteAsync(block).ConfigureAwait(false);
        }
    }
}
