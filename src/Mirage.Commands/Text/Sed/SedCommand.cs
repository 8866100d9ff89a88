using System.Globalization;
using System.Text;
using Mirage.Commands.Common;
using Mirage.Commands.Text.Shared;
using Mirage.Vfs;

namespace Mirage.Commands.Text.Sed;

/// <summary>GNU sed 4.9: the stream editor, with -i editing files atomically through the tree.</summary>
public sealed class SedCommand : GnuCommand
{
    private static readonly ArgParser OptionParser = new(
        "nrsuzEe:f:i::l:b",
        "quiet=n", "silent=n", "expression=e", "file=f", "in-place=i", "line-length=l", "regexp-extended=r",
        "separate=s", "unbuffered=u", "null-data=z", "binary=b", "posix", "debug", "sandbox", "follow-symlinks", "help", "version");

    public SedCommand()
        : base("sed")
    {
    }

    protected override ArgParser Parser => OptionParser;

    protected override string Package => "GNU sed";

    protected override string PackageVersion => "4.9";

    protected override string Authors => "Jay Fenlason, Tom Lord, Ken Pizzini,\nPaolo Bonzini, Jim Meyering, and Assaf Gordon";

    protected override string Help => "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var quiet = false;
        var extended = false;
        var separate = false;
        var nullData = false;
        var inPlace = false;
        string? suffix = null;
        var lineWrap = 70;
        var pieces = new List<(string Text, string? File)>();
        foreach (var option in arguments.Options)
        {
            switch (option.Key)
            {
                case "n": quiet = true; break;
                case "r" or "E": extended = true; break;
                case "s": separate = true; break;
                case "z": nullData = true; break;
                case "i":
                    inPlace = true;
                    separate = true;
                    suffix = option.Value;
                    break;
                case "l":
                    if (!int.TryParse(option.Value, NumberStyles.None, CultureInfo.InvariantCulture, out lineWrap))
                    {
                        await io.ErrorAsync("invalid line length: " + option.Value).ConfigureAwait(false);
                        return 1;
                    }
                    break;
                case "e":
                    pieces.Add((Latin1.FromArgument(option.Value!), null));
                    break;
                case "f":
                    {
                        try
                        {
                            var stream = await io.OpenInputAsync(option.Value!).ConfigureAwait(false);
                            await using (stream.ConfigureAwait(false))
                            {
                                using var buffer = new MemoryStream();
                                await stream.CopyToAsync(buffer, io.CancellationToken).ConfigureAwait(false);
                                var text = Latin1.GetString(buffer.ToArray());
                                if (text.EndsWith('\n')) text = text[..^1];
                                pieces.Add((text, option.Value));
                            }
                        }
                        catch (Exception e) when (e is ResourceException or IOException)
                        {
                            await io.ErrorAsync($"couldn't open file {option.Value}: {CommandIO.Reason(e)}").ConfigureAwait(false);
                            return 1;
                        }
                        break;
                    }
            }
        }
        var operands = arguments.Operands.ToList();
        if (pieces.Count == 0)
        {
            if (operands.Count == 0)
            {
                await io.WriteStderrAsync(Help).ConfigureAwait(false);
                return 1;
            }
            pieces.Add((Latin1.FromArgument(operands[0]), null));
            operands.RemoveAt(0);
        }
        var script = string.Join("\n", pieces.Select(p => p.Text));
        if (script.StartsWith("#n", StringComparison.Ordinal) && (script.Length == 2 || script[2] == '\n')) quiet = true;

        List<SedInstruction> program;
        try
        {
            program = new SedParser(script, extended).Parse();
        }
        catch (SedScriptException e)
        {
            await io.ErrorAsync(Describe(e, pieces)).ConfigureAwait(false);
            // A missing label is found after compiling, which GNU reports as a panic (status 4).
            return e.Position < 0 ? 4 : 1;
        }
        if (inPlace && operands.Count == 0)
        {
            await io.ErrorAsync("no input files").ConfigureAwait(false);
            return 1;
        }
        if (operands.Count == 0) operands.Add("-");
        var runner = new SedRunner(io, program, new SedOptions(quiet, separate, nullData, lineWrap, suffix, inPlace));
        try
        {
            await runner.RunAsync(operands).ConfigureAwait(false);
        }
        catch (SedRuntimeException e)
        {
            await io.Out.FlushAsync().ConfigureAwait(false);
            await io.ErrorAsync(e.Message).ConfigureAwait(false);
            return 4;
        }
        return runner.ExitStatus;
    }

    /// <summary>"-e expression #N, char M: message" (or "file F line L: ...") as GNU prefixes script errors.</summary>
    private static string Describe(SedScriptException error, List<(string Text, string? File)> pieces)
    {
        if (error.Position < 0) return error.Message;
        var offset = 0;
        var expression = 0;
        for (var i = 0; i < pieces.Count; i++)
        {
            var (text, file) = pieces[i];
            if (file is null) expression++;
            var end = offset + text.Length;
            if (error.Position <= end || i == pieces.Count - 1)
            {
                var local = Math.Max(0, error.Position - offset);
                if (file is not null)
                {
                    var line = text[..Math.Min(local, text.Length)].Count(c => c == '\n') + 1;
                    return $"file {file} line {line}: {error.Message}";
                }
                return $"-e expression #{expression}, char {local}: {error.Message}";
            }
            offset = end + 1;
        }
        return error.Message;
    }
}
