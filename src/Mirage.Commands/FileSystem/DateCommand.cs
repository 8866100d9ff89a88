using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>date: now, a parsed date (-d) or a file's time (-r), in +FORMAT, ISO 8601, RFC 5322 or RFC 3339 form.</summary>
public sealed class DateCommand() : GnuCommand("date")
{
    private static readonly ArgParser Options = new("d:f:I::r:Rs:u", "date=d", "file=f", "iso-8601::", "reference=r", "rfc-email=R", "rfc-3339:",
        "set=s", "utc=u", "universal=u", "debug", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "David MacKenzie";

    protected override string Help => "Usage: date [OPTION]... [+FORMAT]\nDisplay date and time in the given FORMAT.\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var zone = arguments.Has("u") ? TimeZoneInfo.Utc : FileFacts.TimeZone(io);
        string? format = null;
        var operands = arguments.Operands.ToList();
        if (operands.Count > 0 && operands[0].StartsWith('+'))
        {
            format = operands[0][1..];
            operands.RemoveAt(0);
        }
        if (operands.Count > 0)
        {
            return await io.UsageErrorAsync(format is null && operands.Count == 1
                ? $"invalid date {Quoting.Locale(operands[0])}"
                : $"extra operand {Quoting.ShellAlways(operands[0])}").ConfigureAwait(false);
        }
        if (arguments.Has("s"))
        {
            await io.ErrorAsync("cannot set date: Operation not permitted").ConfigureAwait(false);
            return 1;
        }
        foreach (var option in arguments.Options)
        {
            string? standard = option.Key switch
            {
                "I" or "iso-8601" => (option.Value ?? "date") switch
                {
                    "date" => "%Y-%m-%d",
                    "hours" => "%Y-%m-%dT%H%:z",
                    "minutes" => "%Y-%m-%dT%H:%M%:z",
                    "seconds" => "%Y-%m-%dT%H:%M:%S%:z",
                    "ns" => "%Y-%m-%dT%H:%M:%S,%N%:z",
                    _ => "",
                },
                "R" => "%a, %d %b %Y %H:%M:%S %z",
                "rfc-3339" => option.Value switch
                {
                    "date" => "%Y-%m-%d",
                    "seconds" => "%Y-%m-%d %H:%M:%S%:z",
                    "ns" => "%Y-%m-%d %H:%M:%S.%N%:z",
                    _ => "",
                },
                _ => null,
            };
            if (standard is null) continue;
            if (standard.Length == 0)
            {
                var name = option.Key == "rfc-3339" ? "--rfc-3339" : "--iso-8601";
                await io.ErrorAsync($"invalid argument {Quoting.Locale(option.Value ?? "")} for {Quoting.Locale(name)}").ConfigureAwait(false);
                return await io.UsageErrorAsync(null).ConfigureAwait(false);
            }
            if (format is not null)
            {
                await io.ErrorAsync("multiple output formats specified").ConfigureAwait(false);
                return 1;
            }
            format = standard;
        }
        format ??= "%a %b %e %H:%M:%S %Z %Y";

        var now = DateTimeOffset.UtcNow;
        if (arguments.Last("r") is { } reference)
        {
            var info = await io.StatAsync(reference).ConfigureAwait(false);
            if (info is null)
            {
                await io.ErrorAsync($"{Quoting.ShellIfNeeded(reference)}: No such file or directory").ConfigureAwait(false);
                return 1;
            }
            return await PrintAsync(io, FileFacts.Modified(info), format, zone).ConfigureAwait(false);
        }
        if (arguments.Last("f") is { } file)
        {
            var status = 0;
            var input = await io.OpenInputAsync(file).ConfigureAwait(false);
            await using (input.ConfigureAwait(false))
            {
                var reader = new LineReader(input, io.CancellationToken);
                while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
                {
                    var text = System.Text.Encoding.UTF8.GetString(line.Span).TrimEnd('\n');
                    if (DateParser.TryParse(text, now, zone, out var parsed)) await PrintAsync(io, parsed, format, zone).ConfigureAwait(false);
                    else
                    {
                        await io.ErrorAsync($"invalid date {Quoting.Locale(text)}").ConfigureAwait(false);
                        status = 1;
                    }
                }
            }
            return status;
        }
        var time = now;
        if (arguments.Last("d") is { } text2)
        {
            if (!DateParser.TryParse(text2, now, zone, out time))
            {
                await io.ErrorAsync($"invalid date {Quoting.Locale(text2)}").ConfigureAwait(false);
                return 1;
            }
        }
        return await PrintAsync(io, time, format, zone).ConfigureAwait(false);
    }

    private static async ValueTask<int> PrintAsync(CommandIO io, DateTimeOffset time, string format, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(time, zone);
        await io.Out.WriteAsync(TimeFormat.Format(format, local, TimeFormat.ZoneName(zone, local)) + "\n").ConfigureAwait(false);
        return 0;
    }
}
