using System.Globalization;
using Mirage.Commands.Common;
using Mirage.Commands.Text.Shared;

namespace Mirage.Commands.Text.Simple;

/// <summary>binutils strings: runs of at least N (4) printable bytes, optionally with their offsets.</summary>
public sealed class StringsCommand : GnuCommand
{
    private static readonly ArgParser OptionParser = new(
        "adfn:t:ow0123456789e:",
        "all=a", "data=d", "print-file-name=f", "bytes=n", "radix=t", "include-all-whitespace=w", "encoding=e", "help", "version");

    public StringsCommand()
        : base("strings")
    {
    }

    protected override ArgParser Parser => OptionParser;

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var minimum = 4;
        var digits = "";
        string? radix = null;
        foreach (var option in arguments.Options)
        {
            if (option.Key == "n" && (!int.TryParse(option.Value, NumberStyles.None, CultureInfo.InvariantCulture, out minimum) || minimum < 1))
            {
                await io.ErrorAsync("invalid minimum string length " + option.Value).ConfigureAwait(false);
                return 1;
            }
            if (option.Key.Length == 1 && char.IsAsciiDigit(option.Key[0]))
            {
                digits += option.Key;
                minimum = int.Parse(digits, CultureInfo.InvariantCulture);
            }
            if (option.Key == "t") radix = option.Value;
            if (option.Key == "o") radix = "o";
        }
        var printName = arguments.Has("f");
        var allWhitespace = arguments.Has("w");
        var status = 0;
        foreach (var file in arguments.Operands.Count == 0 ? ["-"] : arguments.Operands)
        {
            var stream = await TextInput.OpenAsync(io, file, (name, _) => $"'{name}': No such file").ConfigureAwait(false);
            if (stream is null)
            {
                status = 1;
                continue;
            }
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[64 * 1024];
                var run = new List<byte>();
                long offset = 0;
                long runStart = 0;
                async ValueTask EmitAsync()
                {
                    if (run.Count >= minimum)
                    {
                        if (printName) await io.Out.WriteAsync((file == "-" ? "{standard input}" : file) + ": ").ConfigureAwait(false);
                        if (radix is not null)
                        {
                            var position = radix switch
                            {
                                "o" => Convert.ToString(runStart, 8),
                                "x" => runStart.ToString("x", CultureInfo.InvariantCulture),
                                _ => runStart.ToString(CultureInfo.InvariantCulture),
                            };
                            await io.Out.WriteAsync(position.PadLeft(7) + " ").ConfigureAwait(false);
                        }
                        await io.Out.WriteAsync(run.ToArray()).ConfigureAwait(false);
                        await io.Out.WriteAsync((byte)'\n').ConfigureAwait(false);
                    }
                    run.Clear();
                }
                while (true)
                {
                    var read = await stream.ReadAsync(buffer, io.CancellationToken).ConfigureAwait(false);
                    if (read == 0) break;
                    for (var i = 0; i < read; i++, offset++)
                    {
                        var c = buffer[i];
                        var printable = c is >= 0x20 and <= 0x7e || c == '\t' || (allWhitespace && c is (byte)'\n' or (byte)'\r' or (byte)'\v' or (byte)'\f');
                        if (printable)
                        {
                            if (run.Count == 0) runStart = offset;
                            run.Add(c);
                        }
                        else
                        {
                            await EmitAsync().ConfigureAwait(false);
                        }
                    }
                }
                await EmitAsync().ConfigureAwait(false);
            }
        }
        return status;
    }
}
