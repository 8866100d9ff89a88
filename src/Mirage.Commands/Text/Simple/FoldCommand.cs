using System.Globalization;
using Mirage.Commands.Common;
using Mirage.Commands.Text.Shared;

namespace Mirage.Commands.Text.Simple;

/// <summary>coreutils fold: wraps lines at a width (80), counting columns (tabs to 8, backspace back) unless -b; -s breaks after blanks.</summary>
public sealed class FoldCommand : GnuCommand
{
    private static readonly ArgParser OptionParser = new("bsw:0123456789", "bytes=b", "spaces=s", "width=w", "help", "version") { };

    public FoldCommand()
        : base("fold")
    {
    }

    protected override ArgParser Parser => OptionParser;

    protected override string Authors => "David MacKenzie";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var width = 80L;
        var digits = "";
        foreach (var option in arguments.Options)
        {
            if (option.Key == "w")
            {
                if (!long.TryParse(option.Value, NumberStyles.None, CultureInfo.InvariantCulture, out width) || width < 1)
                {
                    await io.ErrorAsync("invalid number of columns: " + Quoting.Locale(option.Value!)).ConfigureAwait(false);
                    return 1;
                }
            }
            else if (option.Key.Length == 1 && char.IsAsciiDigit(option.Key[0]))
            {
                digits += option.Key;
                width = long.Parse(digits, CultureInfo.InvariantCulture);
            }
        }
        var bytes = arguments.Has("b");
        var spaces = arguments.Has("s");
        var status = 0;
        foreach (var file in arguments.Operands.Count == 0 ? ["-"] : arguments.Operands)
        {
            var stream = await TextInput.OpenAsync(io, file).ConfigureAwait(false);
            if (stream is null)
            {
                status = 1;
                continue;
            }
            await using (stream.ConfigureAwait(false))
            {
                var reader = new LineReader(stream, io.CancellationToken);
                while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
                {
                    var (content, terminated) = TextInput.Trim(line);
                    await FoldLineAsync(io.Out, content.ToArray(), width, bytes, spaces).ConfigureAwait(false);
                    if (terminated) await io.Out.WriteAsync((byte)'\n').ConfigureAwait(false);
                }
            }
        }
        return status;
    }

    private static long Advance(long column, byte c, bool bytes)
    {
        if (bytes) return column + 1;
        return c switch
        {
            (byte)'\b' => column > 0 ? column - 1 : 0,
            (byte)'\r' => 0,
            (byte)'\t' => column + 8 - column % 8,
            _ => column + 1,
        };
    }

    private static async ValueTask FoldLineAsync(OutputWriter output, byte[] line, long width, bool bytes, bool spaces)
    {
        var pending = new List<byte>();
        long column = 0;
        foreach (var c in line)
        {
            var next = Advance(column, c, bytes);
            if (next > width && pending.Count > 0)
            {
                var breakAt = -1;
                if (spaces)
                    for (var i = pending.Count - 1; i >= 0; i--)
                        if (pending[i] is (byte)' ' or (byte)'\t') { breakAt = i; break; }
                if (breakAt >= 0)
                {
                    await output.WriteAsync(pending.Take(breakAt + 1).ToArray()).ConfigureAwait(false);
                    pending.RemoveRange(0, breakAt + 1);
                }
                else
                {
                    await output.WriteAsync(pending.ToArray()).ConfigureAwait(false);
                    pending.Clear();
                }
                await output.WriteAsync((byte)'\n').ConfigureAwait(false);
                column = 0;
                foreach (var b in pending) column = Advance(column, b, bytes);
                next = Advance(column, c, bytes);
            }
            pending.Add(c);
            column = next;
        }
        await output.WriteAsync(pending.ToArray()).ConfigureAwait(false);
    }
}
