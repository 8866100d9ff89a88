using System.Globalization;
using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>touch: creates empty files and sets modification times (now, -d DATE, -t STAMP, -r FILE).</summary>
public sealed class TouchCommand() : GnuCommand("touch")
{
    private static readonly ArgParser Options = new("acd:fhmr:t:", "no-create=c", "date=d", "no-dereference=h", "reference=r", "time:", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "Paul Rubin, Arnold Robbins, Jim Kingdon,\nDavid MacKenzie, and Randy Smith";

    protected override string Help => "Usage: touch [OPTION]... FILE...\nUpdate the access and modification times of each FILE to the current time.\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        if (arguments.Operands.Count == 0) return await io.UsageErrorAsync("missing file operand").ConfigureAwait(false);
        var zone = FileFacts.TimeZone(io);
        var time = DateTimeOffset.UtcNow;
        if (arguments.Last("d") is { } date && !DateParser.TryParse(date, time, zone, out time))
        {
            await io.ErrorAsync($"invalid date format {Quoting.Locale(date)}").ConfigureAwait(false);
            return 1;
        }
        if (arguments.Last("t") is { } stamp && !TryParseStamp(stamp, time, zone, out time))
        {
            await io.ErrorAsync($"invalid date format {Quoting.Locale(stamp)}").ConfigureAwait(false);
            return 1;
        }
        if (arguments.Last("r") is { } reference)
        {
            var info = await io.StatAsync(reference).ConfigureAwait(false);
            if (info is null)
            {
                await io.ErrorAsync($"failed to get attributes of {Quoting.ShellAlways(reference)}: No such file or directory").ConfigureAwait(false);
                return 1;
            }
            time = FileFacts.Modified(info);
        }
        // Only access times asked for: the tree keeps none, so nothing changes.
        var onlyAccess = (arguments.Has("a") || arguments.Values("time").Any(v => v is "atime" or "access" or "use")) && !arguments.Has("m");
        var noCreate = arguments.Has("c");
        var status = 0;
        foreach (var operand in arguments.Operands)
        {
            if (operand == "-") continue;
            var path = io.Resolve(operand);
            try
            {
                var existing = await io.FollowAsync(path).ConfigureAwait(false);
                if (existing is null)
                {
                    if (noCreate) continue;
                    if (operand.EndsWith('/')) throw ResourceException.NotADirectory(path);
                    await io.Files.WriteAsync(path, Stream.Null, new WriteOptions(Length: 0), io.CancellationToken).ConfigureAwait(false);
                    await FileModes.ApplyUmaskAsync(io, path, isDirectory: false).ConfigureAwait(false);
                    if (!onlyAccess && io.Files.TryGetCapability<ITimestamps>(out var newTimes)) await newTimes.SetModifiedAsync(path, time, io.CancellationToken).ConfigureAwait(false);
                    continue;
                }
                if (onlyAccess) continue;
                if (io.Files.TryGetCapability<ITimestamps>(out var times)) await times.SetModifiedAsync(existing.Path, time, io.CancellationToken).ConfigureAwait(false);
            }
            catch (ResourceException e)
            {
                var reason = e.Error == ResourceError.NotFound && await io.Files.StatAsync(path.Parent, io.CancellationToken).ConfigureAwait(false) is { IsDirectory: false } ? "Not a directory" : e.Reason;
                await io.ErrorAsync($"cannot touch {Quoting.ShellAlways(operand)}: {reason}").ConfigureAwait(false);
                status = 1;
            }
        }
        return status;
    }

    /// <summary>[[CC]YY]MMDDhhmm[.ss] in the local zone.</summary>
    private static bool TryParseStamp(string stamp, DateTimeOffset now, TimeZoneInfo zone, out DateTimeOffset time)
    {
        time = now;
        var main = stamp;
        var seconds = 0;
        var dot = stamp.IndexOf('.');
        if (dot >= 0)
        {
            if (stamp.Length - dot != 3 || !int.TryParse(stamp[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out seconds)) return false;
            main = stamp[..dot];
        }
        if (!main.All(char.IsAsciiDigit) || main.Length is not (8 or 10 or 12)) return false;
        var localNow = TimeZoneInfo.ConvertTime(now, zone);
        int year;
        var rest = main;
        if (main.Length == 12)
        {
            year = int.Parse(main[..4], CultureInfo.InvariantCulture);
            rest = main[4..];
        }
        else if (main.Length == 10)
        {
            var yy = int.Parse(main[..2], CultureInfo.InvariantCulture);
            year = yy < 69 ? 2000 + yy : 1900 + yy;
            rest = main[2..];
        }
        else year = localNow.Year;
        try
        {
            var local = new DateTime(year, int.Parse(rest[..2], CultureInfo.InvariantCulture), int.Parse(rest[2..4], CultureInfo.InvariantCulture),
                int.Parse(rest[4..6], CultureInfo.InvariantCulture), int.Parse(rest[6..8], CultureInfo.InvariantCulture), seconds);
            time = new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }
}
