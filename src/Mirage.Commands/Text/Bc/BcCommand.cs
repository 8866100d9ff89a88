using System.Globalization;
using System.Text;
using Mirage.Commands.Common;
using Mirage.Commands.Text.Shared;

namespace Mirage.Commands.Text.Bc;

/// <summary>GNU bc 1.07: the language with functions, arrays, bases and scale, and the -l math library.</summary>
public sealed class BcCommand : GnuCommand
{
    private static readonly ArgParser OptionParser = new("lhiqswv", "mathlib=l", "help=h", "interactive=i", "quiet=q", "standard=s", "warn=w", "version=v");

    public BcCommand()
        : base("bc")
    {
    }

    protected override ArgParser Parser => OptionParser;

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var sources = new List<(string Text, string Origin)>();
        foreach (var file in arguments.Operands)
        {
            Stream stream;
            try
            {
                stream = await io.OpenInputAsync(file).ConfigureAwait(false);
            }
            catch (Exception e) when (e is Mirage.Vfs.ResourceException or IOException)
            {
                // bc names the file without its own prefix.
                await io.WriteStderrAsync($"File {file} is unavailable.\n").ConfigureAwait(false);
                return 1;
            }
            await using (stream.ConfigureAwait(false))
            {
                sources.Add((Encoding.UTF8.GetString(await TextInput.ReadAllAsync(stream, io.CancellationToken).ConfigureAwait(false)), file));
            }
        }
        sources.Add((Encoding.UTF8.GetString(await TextInput.ReadAllAsync(new NonClosingStream(io.Context.Stdin), io.CancellationToken).ConfigureAwait(false)), "(standard_in)"));
        await io.Out.FlushAsync().ConfigureAwait(false);
        var output = new BcOutput(io.Context.Stdout, io.Context.Stderr, LineLength(io.GetEnvironment("BC_LINE_LENGTH")), io.CancellationToken);
        var interpreter = new BcInterpreter(output, io.CancellationToken);
        var mathLibrary = arguments.Has("l");
        Exception? failure = null;
        // Deeply recursive bc functions need more stack than a pool thread has.
        var thread = new Thread(
            () =>
            {
                try
                {
                    if (mathLibrary)
                    {
                        interpreter.Run(BcMathLibrary.Source, "(library)");
                        interpreter.SetScale(20);
                    }
                    foreach (var (text, origin) in sources)
                    {
                        if (!interpreter.Run(text, origin)) break;
                    }
                    output.Flush();
                }
                catch (Exception e)
                {
                    failure = e;
                }
            },
            256 * 1024 * 1024);
        thread.Start();
        await Task.Run(thread.Join, io.CancellationToken).ConfigureAwait(false);
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        return 0;
    }

    // BC_LINE_LENGTH as bc reads it: 0 turns wrapping off, values below 3 fall back to 70.
    private static int LineLength(string? setting)
    {
        if (setting is null) return 70;
        var digits = new string(setting.TrimStart().TakeWhile(char.IsAsciiDigit).ToArray());
        var value = int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        return value is < 3 and not 0 ? 70 : value;
    }
}
