using System.Globalization;
using Mirage.Commands.Common;
using Mirage.Commands.Text.RegexTranslation;
using Mirage.Commands.Text.Shared;

namespace Mirage.Commands.Text.Simple;

/// <summary>coreutils nl: numbers lines (by default the non-empty ones) as "%6d\t".</summary>
public sealed class NlCommand : GnuCommand
{
    private static readonly ArgParser OptionParser = new(
        "b:d:f:h:i:l:n:ps:v:w:",
        "body-numbering=b", "section-delimiter=d", "footer-numbering=f", "header-numbering=h", "line-increment=i",
        "join-blank-lines=l", "number-format=n", "no-renumber=p", "number-separator=s", "starting-line-number=v",
        "number-width=w", "help", "version");

    public NlCommand()
        : base("nl")
    {
    }

    protected override ArgParser Parser => OptionParser;

    protected override string Authors => "Scott Bartram and David MacKenzie";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var style = arguments.Last("b") ?? "t";
        var format = arguments.Last("n") ?? "rn";
        var separator = Latin1.FromArgument(arguments.Last("s") ?? "\t");
        if (!long.TryParse(arguments.Last("v") ?? "1", NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ||
            !long.TryParse(arguments.Last("i") ?? "1", NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var increment) ||
            !int.TryParse(arguments.Last("w") ?? "6", NumberStyles.None, CultureInfo.InvariantCulture, out var width) || width < 1)
        {
            await io.ErrorAsync("invalid line number field width: " + Quoting.Locale(arguments.Last("w") ?? "")).ConfigureAwait(false);
            return 1;
        }
        if (format is not ("ln" or "rn" or "rz"))
        {
            await io.ErrorAsync("invalid line numbering format: " + Quoting.Locale(format)).ConfigureAwait(false);
            return 1;
        }
        PatternMatcher? regex = null;
        if (style.StartsWith('p'))
        {
            try
            {
                regex = PatternMatcher.Create([Latin1.FromArgument(style[1..])], new MatcherOptions(RegexSyntax.Basic));
            }
            catch (RegexSyntaxException e)
            {
                await io.ErrorAsync(e.Message).ConfigureAwait(false);
                return 1;
            }
        }
        else if (style is not ("a" or "t" or "n"))
        {
            await io.ErrorAsync("invalid body numbering style: " + Quoting.Locale(style)).ConfigureAwait(false);
            return 1;
        }
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
                    var numbered = style switch
                    {
                        "a" => true,
                        "t" => content.Length > 0,
                        "n" => false,
                        _ => regex!.IsMatch(Latin1.GetString(content.Span)),
                    };
                    if (numbered)
                    {
                        var digits = number.ToString(CultureInfo.InvariantCulture);
                        var text = format switch
                        {
                            "ln" => digits.PadRight(width),
                            "rz" => number < 0 ? "-" + (-number).ToString(CultureInfo.InvariantCulture).PadLeft(width - 1, '0') : digits.PadLeft(width, '0'),
                            _ => digits.PadLeft(width),
                        };
                        await io.Out.WriteAsync(Latin1.GetBytes(text + separator)).ConfigureAwait(false);
                        number += increment;
                    }
                    else
                    {
                        await io.Out.WriteAsync(new string(' ', width + separator.Length)).ConfigureAwait(false);
                    }
                    await io.Out.WriteAsync(content).ConfigureAwait(false);
                    if (terminated) await io.Out.WriteAsync((byte)'\n').ConfigureAwait(false);
                    else await io.Out.WriteAsync((byte)'\n').ConfigureAwait(false);
                }
            }
        }
        return status;
    }
}
