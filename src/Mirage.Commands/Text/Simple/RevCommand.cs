using Mirage.Commands.Common;
using Mirage.Commands.Text.Shared;

namespace Mirage.Commands.Text.Simple;

/// <summary>util-linux rev: each line's bytes reversed.</summary>
public sealed class RevCommand : GnuCommand
{
    private static readonly ArgParser OptionParser = new("0Vh", "zero=0", "version=V", "help=h");

    public RevCommand()
        : base("rev")
    {
    }

    protected override ArgParser Parser => OptionParser;

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var delimiter = arguments.Has("0") ? (byte)0 : (byte)'\n';
        var status = 0;
        foreach (var file in arguments.Operands.Count == 0 ? ["-"] : arguments.Operands)
        {
            var stream = await TextInput.OpenAsync(io, file, (name, reason) => $"cannot open {name}: {reason}").ConfigureAwait(false);
            if (stream is null)
            {
                status = 1;
                continue;
            }
            await using (stream.ConfigureAwait(false))
            {
                var reader = new LineReader(stream, io.CancellationToken, delimiter);
                while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
                {
                    var (content, terminated) = TextInput.Trim(line, delimiter);
                    var reversed = content.ToArray();
                    Array.Reverse(reversed);
                    await io.Out.WriteAsync(reversed).ConfigureAwait(false);
                    if (terminated) await io.Out.WriteAsync(delimiter).ConfigureAwait(false);
                }
            }
        }
        return status;
    }
}
