using System.Globalization;
using System.Text;
using Mirage.Vfs;

namespace Mirage.Commands.Common;

/// <summary>
/// What the tree does not store but GNU tools print: permission strings, default modes, allocated
/// blocks (as a 4 KiB-block filesystem would report them), link counts and time zones.
/// </summary>
public static class FileFacts
{
    public const int BlockSize = 4096;

    /// <summary>The permission bits, with the usual defaults when the resource has none.</summary>
    public static int Permissions(EntryInfo entry) => entry.Mode is { } mode ? mode & 0xFFF : entry.Kind switch
    {
        EntryKind.Directory => 0x1ED, // 0755
        EntryKind.Symlink => 0x1FF, // 0777
        _ => 0x1A4, // 0644
    };

    /// <summary>Bytes as stat reports st_size: directories take one block, links the length of their target.</summary>
    public static long Size(EntryInfo entry) => entry.Kind switch
    {
        EntryKind.Directory => BlockSize,
        EntryKind.Symlink => Encoding.UTF8.GetByteCount(entry.LinkTarget ?? string.Empty),
        _ => entry.Size ?? 0,
    };

    /// <summary>Allocated 512-byte blocks (st_blocks) as ext4 would allocate them.</summary>
    public static long Blocks512(EntryInfo entry)
    {
        if (entry.Kind == EntryKind.Symlink) return 0;
        var size = Size(entry);
        return (size + BlockSize - 1) / BlockSize * (BlockSize / 512);
    }

    public static DateTimeOffset Modified(EntryInfo entry) => entry.Modified ?? DateTimeOffset.UnixEpoch;

    /// <summary>"drwxr-xr-x" and friends.</summary>
    public static string ModeString(EntryInfo entry)
    {
        var mode = Permissions(entry);
        var text = new char[10];
        text[0] = entry.Kind switch { EntryKind.Directory => 'd', EntryKind.Symlink => 'l', _ => '-' };
        const string letters = "rwxrwxrwx";
        for (var i = 0; i < 9; i++) text[i + 1] = (mode & (1 << (8 - i))) != 0 ? letters[i] : '-';
        if ((mode & 0x800) != 0) text[3] = text[3] == 'x' ? 's' : 'S';
        if ((mode & 0x400) != 0) text[6] = text[6] == 'x' ? 's' : 'S';
        if ((mode & 0x200) != 0) text[9] = text[9] == 'x' ? 't' : 'T';
        return new string(text);
    }

    public static string Octal(int mode) => Convert.ToString(mode, 8);

    /// <summary>The zone named by TZ (UTC when unset or unknown).</summary>
    public static TimeZoneInfo TimeZone(CommandIO io)
    {
        var name = io.GetEnvironment("TZ");
        if (string.IsNullOrEmpty(name) || name is "UTC" or "UTC0" or "GMT" or ":UTC") return TimeZoneInfo.Utc;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name.TrimStart(':'));
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
        catch (InvalidTimeZoneException)
        {
            return TimeZoneInfo.Utc;
        }
    }

    public static DateTimeOffset InZone(DateTimeOffset time, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(time, zone);

    /// <summary>"+0000" style offset.</summary>
    public static string Offset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + Math.Abs(offset.Hours).ToString("00", CultureInfo.InvariantCulture) + Math.Abs(offset.Minutes).ToString("00", CultureInfo.InvariantCulture);

    /// <summary>Nanoseconds of a time, as the 9 digits of %N.</summary>
    public static string Nanoseconds(DateTimeOffset time) => ((time.Ticks % TimeSpan.TicksPerSecond) * 100).ToString("000000000", CultureInfo.InvariantCulture);

    /// <summary>"2024-01-02 03:04:05.000000000 +0000" as stat and ls --full-time print.</summary>
    public static string FullTime(DateTimeOffset time) =>
        time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "." + Nanoseconds(time) + " " + Offset(time.Offset);

    /// <summary>A stable stand-in for an inode number.</summary>
    public static long Inode(VPath path)
    {
        var hash = 1469598103934665603UL;
        foreach (var c in path.Value)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return (long)(hash % 9_000_000UL) + 1_000_000;
    }

    /// <summary>
    /// The link count of a directory is 2 plus its subdirectories; counting them lists the directory, which is
    /// cheap in memory and on disk but a remote call per directory elsewhere, where the count is given as 1
    /// (as file systems without link counts report it).
    /// </summary>
    public static async ValueTask<long> DirectoryLinksAsync(CommandIO io, EntryInfo directory)
    {
        if (io.Files.TryGetCapability<Dispatcher>(out var dispatcher) && dispatcher.FindMount(directory.Path) is { } mount
            && !mount.Resource.Info.Flags.HasFlag(ResourceFlags.InProcess) && mount.Resource.Info.Kind != "disk")
        {
            return 1;
        }
        long links = 2;
        try
        {
            await foreach (var child in io.Files.ListAsync(directory.Path, io.CancellationToken).ConfigureAwait(false))
            {
                if (child.IsDirectory) links++;
            }
        }
        catch (ResourceException)
        {
            // An unreadable directory still has its two links.
        }
        return links;
    }

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
