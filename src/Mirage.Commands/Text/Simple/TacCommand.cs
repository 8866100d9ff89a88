using Mirage.Commands.Common;
using Mirage.Commands.Text.Shared;

namespace Mirage.Commands.Text.Simple;

/// <summary>coreutils tac: records in reverse order; the separator follows its record unless -b.</summary>
public sealed class TacCommand : GnuCommand
{
    private static readonly ArgParser OptionParser = new("brs:", "before=b", "regex=r", "separator=s", "help", "version");

    public TacCommand()
        : base("tac")
    {
    }

    protected override ArgParser Parser => OptionParser;

    protected override string Authors => "Jay Lepreau and David MacKenzie";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var before = arguments.Has("b");
        var separatorText = arguments.Last("s") ?? "\n";
        if (separatorText.Length == 0)
        {
            await io.ErrorAsync("separator cannot be empty").ConfigureAwait(false);
            return 1;
        }
        var separator = Latin1.GetBytes(Latin1.FromArgument(separatorText));
        var status = 0;
        foreach (var file in arguments.Operands.Count == 0 ? ["-"] : arguments.Operands)
        {
            var stream = await TextInput.OpenAsync(io, file, (name, reason) => $"failed to open {Quoting.ShellAlways(name)} for reading: {reason}").ConfigureAwait(false);
            if (stream is null)
            {
                status = 1;
                continue;
            }
            byte[] data;
            await using (stream.ConfigureAwait(false))
            {
                data = await TextInput.ReadAllAsync(stream, io.CancellationToken).ConfigureAwait(false);
            }
            var records = new List<ReadOnlyMemory<byte>>();
            var start = 0;
            while (start < data.Length)
            {
                var found = data.AsSpan(start).IndexOf(separator);
                if (found < 0)
                {
                    records.Add(data.AsMemory(start));
                    break;
                }
                if (before)
                {
                    // The separator starts the next record.
                    if (found > 0) records.Add(data.AsMemory(start, found));
                    start += found;
                    var next = data.AsSpan(start + separator.Length).IndexOf(separator);
                    var end = next < 0 ? data.Length : start + separator.Length + next;
                    records.Add(data.AsMemory(start, end - start));
                    start = end;
                    continue;
                }
                records.Add(data.AsMemory(start, found + separator.Length));
                start += found + separator.Length;
            }
            for (var i = records.Count - 1; i >= 0; i--) await io.Out.WriteAsync(records[i]).ConfigureAwait(false);
        }
        return status;
    }
}
