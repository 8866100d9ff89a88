using Mirage.Commands.Common;

namespace Mirage.Commands.FileSystem;

/// <summary>cat: concatenates files to stdout, streaming; the formatting flags keep line state across files as GNU does.</summary>
public sealed class CatCommand() : GnuCommand("cat")
{
    private static readonly ArgParser Options = new("AbeEnstTuv",
        "show-all=A", "number-nonblank=b", "show-ends=E", "number=n", "squeeze-blank=s", "show-tabs=T", "show-nonprinting=v", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "Torbjorn Granlund and Richard M. Stallman";

    protected override string Help => "Usage: cat [OPTION]... [FILE]...\nConcatenate FILE(s) to standard output.\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var format = new Format();
        foreach (var option in arguments.Options)
        {
            switch (option.Key)
            {
                case "A": format.Nonprinting = format.Ends = format.Tabs = true; break;
                case "b": format.NumberNonBlank = true; break;
                case "e": format.Nonprinting = format.Ends = true; break;
                case "E": format.Ends = true; break;
                case "n": format.Number = true; break;
                case "s": format.Squeeze = true; break;
                case "t": format.Nonprinting = format.Tabs = true; break;
                case "T": format.Tabs = true; break;
                case "v": format.Nonprinting = true; break;
            }
        }
        if (format.NumberNonBlank) format.Number = false;
        var plain = !(format.Number || format.NumberNonBlank || format.Squeeze || format.Ends || format.Tabs || format.Nonprinting);
        var operands = arguments.Operands.Count == 0 ? ["-"] : arguments.Operands;
        var state = new LineState();
        var status = 0;
        foreach (var operand in operands)
        {
            Stream input;
            try
            {
                input = await io.OpenInputAsync(operand).ConfigureAwait(false);
            }
            catch (IOException e) when (e is not Vfs.BrokenPipeException)
            {
                await io.FileErrorAsync(operand, e).ConfigureAwait(false);
                status = 1;
                continue;
            }
            await using (input.ConfigureAwait(false))
            {
                if (plain) await io.Out.CopyFromAsync(input).ConfigureAwait(false);
                else await CopyFormattedAsync(io, input, format, state).ConfigureAwait(false);
            }
        }
        return status;
    }

    private static async ValueTask CopyFormattedAsync(CommandIO io, Stream input, Format format, LineState state)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await input.ReadAsync(buffer, io.CancellationToken).ConfigureAwait(false)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                var b = buffer[i];
                if (state.AtLineStart)
                {
                    if (b == '\n')
                    {
                        state.BlankLines++;
                        if (format.Squeeze && state.BlankLines > 1) continue;
                        if (format.Number) await WriteNumberAsync(io, ++state.LineNumber).ConfigureAwait(false);
                        if (format.Ends) await io.Out.WriteAsync((byte)'$').ConfigureAwait(false);
                        await io.Out.WriteAsync((byte)'\n').ConfigureAwait(false);
                        continue;
                    }
                    state.BlankLines = 0;
                    if (format.Number || format.NumberNonBlank) await WriteNumberAsync(io, ++state.LineNumber).ConfigureAwait(false);
                    state.AtLineStart = false;
                }
                if (b == '\n')
                {
                    if (format.Ends) await io.Out.WriteAsync((byte)'$').ConfigureAwait(false);
                    await io.Out.WriteAsync((byte)'\n').ConfigureAwait(false);
                    state.AtLineStart = true;
                    continue;
                }
                if (b == '\t')
                {
                    if (format.Tabs) await io.Out.WriteAsync("^I").ConfigureAwait(false);
                    else await io.Out.WriteAsync(b).ConfigureAwait(false);
                    continue;
                }
                if (format.Nonprinting) await WriteVisibleAsync(io.Out, b).ConfigureAwait(false);
                else await io.Out.WriteAsync(b).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The ^X / M-X notation of cat -v.</summary>
    internal static async ValueTask WriteVisibleAsync(OutputWriter output, byte b)
    {
        if (b >= 128)
        {
            await output.WriteAsync("M-").ConfigureAwait(false);
            b -= 128;
        }
        if (b < 32) await output.WriteAsync(new[] { (byte)'^', (byte)(b + 64) }).ConfigureAwait(false);
        else if (b == 127) await output.WriteAsync("^?").ConfigureAwait(false);
        else await output.WriteAsync(b).ConfigureAwait(false);
    }

    private static ValueTask WriteNumberAsync(CommandIO io, long number) => io.Out.WriteAsync(number.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(6) + "\t");

    private sealed class Format
    {
        public bool Number;
        public bool NumberNonBlank;
        public bool Squeeze;
        public bool Ends;
        public bool Tabs;
        public bool Nonprinting;
    }

    private sealed class LineState
    {
        public bool AtLineStart = true;
        public int BlankLines;
        public long LineNumber;
    }
}
