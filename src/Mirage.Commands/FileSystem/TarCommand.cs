using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>tar: creates, lists and extracts archives (-c -t -x, -z, -f, -C, -v, -O) between the tree and tar files on it or stdio.</summary>
public sealed class TarCommand() : GnuCommand("tar")
{
    private static readonly ArgParser Options = new("cxtzf:C:vOpPkj", "create=c", "extract=x", "get=x", "list=t", "gzip=z", "gunzip=z", "file=f", "directory=C",
        "verbose=v", "to-stdout=O", "preserve-permissions=p", "absolute-names=P", "keep-old-files=k", "exclude:", "help", "version");

    protected override ArgParser Parser => Options;

    protected override int UsageErrorStatus => 2;

    protected override string Package => "GNU tar";

    protected override string PackageVersion => "1.34";

    protected override string Help => "Usage: tar [OPTION...] [FILE]...\nGNU 'tar' saves many files together into a single tape or disk archive.\n";

    /// <summary>"tar czf x.tgz dir": a first argument without a dash is a bundle of short options.</summary>
    protected override IReadOnlyList<string> RewriteArguments(IReadOnlyList<string> arguments, out string? error)
    {
        error = null;
        if (arguments.Count == 0 || arguments[0].StartsWith('-')) return arguments;
        var result = new List<string>();
        var rest = arguments.Skip(1).ToList();
        var next = 0;
        foreach (var letter in arguments[0])
        {
            result.Add("-" + letter);
            if (letter is 'f' or 'C' && next < rest.Count) result.Add(rest[next++]);
        }
        result.AddRange(rest.Skip(next));
        return result;
    }

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var modes = arguments.Options.Where(o => o.Key is "c" or "x" or "t").Select(o => o.Key).Distinct().ToList();
        if (modes.Count == 0)
        {
            await io.ErrorAsync("You must specify one of the '-Acdtrux', '--delete' or '--test-label' options").ConfigureAwait(false);
            await io.WriteStderrAsync("Try 'tar --help' or 'tar --usage' for more information.\n").ConfigureAwait(false);
            return 2;
        }
        if (modes.Count > 1)
        {
            await io.ErrorAsync("You may not specify more than one '-Acdtrux', '--delete' or  '--test-label' option").ConfigureAwait(false);
            await io.WriteStderrAsync("Try 'tar --help' or 'tar --usage' for more information.\n").ConfigureAwait(false);
            return 2;
        }
        var archive = arguments.Last("f") ?? "-";
        var settings = new Settings(arguments.Has("z"), arguments.Has("v"), arguments.Has("O"), arguments.Last("C"), arguments.Values("exclude").Select(p => Glob.ToRegex(p, false)).ToList());
        return modes[0] switch
        {
            "c" => await CreateAsync(io, archive, arguments.Operands, settings).ConfigureAwait(false),
            _ => await ReadAsync(io, archive, extract: modes[0] == "x", arguments.Operands, settings).ConfigureAwait(false),
        };
    }

    private sealed record Settings(bool Gzip, bool Verbose, bool ToStdout, string? Directory, List<System.Text.RegularExpressions.Regex> Excludes)
    {
        /// <summary>Set when the archive itself goes to stdout, so -v names must not mix into it.</summary>
        public bool ArchiveOnStdout { get; set; }
    }

    private static async ValueTask<int> FatalAsync(CommandIO io, string message)
    {
        await io.ErrorAsync(message).ConfigureAwait(false);
        await io.ErrorAsync("Error is not recoverable: exiting now").ConfigureAwait(false);
        return 2;
    }

    private static async ValueTask<int> CreateAsync(CommandIO io, string archive, IReadOnlyList<string> members, Settings settings)
    {
        if (members.Count == 0)
        {
            await io.ErrorAsync("Cowardly refusing to create an empty archive").ConfigureAwait(false);
            await io.WriteStderrAsync("Try 'tar --help' or 'tar --usage' for more information.\n").ConfigureAwait(false);
            return 2;
        }
        var baseDirectory = settings.Directory is null ? io.Context.WorkingDirectory : io.Resolve(settings.Directory);
        Stream output;
        settings.ArchiveOnStdout = archive == "-";
        if (archive == "-")
        {
            await io.Out.FlushAsync().ConfigureAwait(false);
            output = new NonClosingWriteStream(io.Context.Stdout);
        }
        else output = ResourceOperations.OpenWrite(io.Files, io.Resolve(archive), default, io.CancellationToken);
        var status = 0;
        var warnedAbsolute = false;
        await using (output.ConfigureAwait(false))
        {
            var compressed = settings.Gzip ? new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true) : output;
            await using (compressed.ConfigureAwait(false))
            {
                var writer = new TarWriter(compressed, TarEntryFormat.Gnu, leaveOpen: true);
                await using (writer.ConfigureAwait(false))
                {
                    foreach (var member in members)
                    {
                        var name = member;
                        if (name.StartsWith('/'))
                        {
                            if (!warnedAbsolute) await io.ErrorAsync("Removing leading `/' from member names").ConfigureAwait(false);
                            warnedAbsolute = true;
                            name = name.TrimStart('/');
                        }
                        var path = VPath.Combine(baseDirectory, member);
                        var entry = await io.Files.StatAsync(path, io.CancellationToken).ConfigureAwait(false);
                        if (entry is null)
                        {
                            await io.ErrorAsync($"{member}: Cannot stat: No such file or directory").ConfigureAwait(false);
                            status = 2;
                            continue;
                        }
                        await AddAsync(io, writer, entry, name.TrimEnd('/'), settings).ConfigureAwait(false);
                    }
                }
            }
        }
        if (status != 0) await io.ErrorAsync("Exiting with failure status due to previous errors").ConfigureAwait(false);
        return status;
    }

    private static async ValueTask AddAsync(CommandIO io, TarWriter writer, EntryInfo entry, string name, Settings settings)
    {
        if (settings.Excludes.Any(r => r.IsMatch(entry.Name) || r.IsMatch(name))) return;
        var modified = FileFacts.Modified(entry);
        var mode = (UnixFileMode)FileFacts.Permissions(entry);
        var owner = io.GetEnvironment("USER") ?? "user";
        if (entry.IsDirectory)
        {
            var directory = new GnuTarEntry(TarEntryType.Directory, name + "/") { Mode = mode, ModificationTime = modified, UserName = owner, GroupName = owner };
            await writer.WriteEntryAsync(directory, io.CancellationToken).ConfigureAwait(false);
            if (settings.Verbose) await WriteVerboseAsync(io, directory, settings).ConfigureAwait(false);
            foreach (var child in await ResourceOperations.ListSortedAsync(io.Files, entry.Path, io.CancellationToken).ConfigureAwait(false))
                await AddAsync(io, writer, child, name + "/" + child.Name, settings).ConfigureAwait(false);
            return;
        }
        if (entry.Kind == EntryKind.Symlink)
        {
            var link = new GnuTarEntry(TarEntryType.SymbolicLink, name) { LinkName = entry.LinkTarget ?? "", Mode = mode, ModificationTime = modified, UserName = owner, GroupName = owner };
            await writer.WriteEntryAsync(link, io.CancellationToken).ConfigureAwait(false);
            if (settings.Verbose) await WriteVerboseAsync(io, link, settings).ConfigureAwait(false);
            return;
        }
        var content = await io.Files.OpenReadAsync(entry.Path, ByteRange.All, io.CancellationToken).ConfigureAwait(false);
        await using (content.ConfigureAwait(false))
        {
            // TarWriter needs the length up front; a stream of known size is passed through as it is.
            var data = entry.Size is { } && content.CanSeek ? content : await BufferAsync(content, io.CancellationToken).ConfigureAwait(false);
            var file = new GnuTarEntry(TarEntryType.RegularFile, name) { DataStream = data, Mode = mode, ModificationTime = modified, UserName = owner, GroupName = owner };
            await writer.WriteEntryAsync(file, io.CancellationToken).ConfigureAwait(false);
            if (settings.Verbose) await WriteVerboseAsync(io, file, settings).ConfigureAwait(false);
        }
    }

    private static async ValueTask<Stream> BufferAsync(Stream content, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        buffer.Position = 0;
        return buffer;
    }

    /// <summary>-v names go to stdout, except when the archive itself is written there.</summary>
    private static ValueTask WriteVerboseAsync(CommandIO io, TarEntry entry, Settings settings) =>
        settings.ArchiveOnStdout ? io.WriteStderrAsync(entry.Name + "\n") : io.Out.WriteAsync(entry.Name + "\n");

    private static async ValueTask<int> ReadAsync(CommandIO io, string archive, bool extract, IReadOnlyList<string> members, Settings settings)
    {
        Stream input;
        if (archive == "-") input = new NonClosingStream(io.Context.Stdin);
        else
        {
            try
            {
                input = await io.OpenInputAsync(archive).ConfigureAwait(false);
            }
            catch (ResourceException e)
            {
                return await FatalAsync(io, $"{archive}: Cannot open: {e.Reason}").ConfigureAwait(false);
            }
        }
        var baseDirectory = settings.Directory is null ? io.Context.WorkingDirectory : io.Resolve(settings.Directory);
        if (settings.Directory is not null && await io.FollowAsync(baseDirectory).ConfigureAwait(false) is not { IsDirectory: true })
            return await FatalAsync(io, $"{settings.Directory}: Cannot open: No such file or directory").ConfigureAwait(false);
        var matched = new HashSet<string>(StringComparer.Ordinal);
        var status = 0;
        await using (input.ConfigureAwait(false))
        {
            try
            {
                var source = settings.Gzip ? new GZipStream(input, CompressionMode.Decompress, leaveOpen: true) : input;
                await using (source.ConfigureAwait(false))
                {
                    var reader = new TarReader(source, leaveOpen: true);
                    await using (reader.ConfigureAwait(false))
                    {
                        var any = false;
                        while (await reader.GetNextEntryAsync(copyData: false, io.CancellationToken).ConfigureAwait(false) is { } entry)
                        {
                            any = true;
                            var name = entry.Name;
                            if (members.Count > 0)
                            {
                                var member = members.FirstOrDefault(m => name == m || name.TrimEnd('/') == m.TrimEnd('/') || name.StartsWith(m.TrimEnd('/') + "/", StringComparison.Ordinal));
                                if (member is null) continue;
                                matched.Add(member);
                            }
                            if (!extract)
                            {
                                await io.Out.WriteAsync((settings.Verbose ? Describe(entry) : name) + "\n").ConfigureAwait(false);
                                continue;
                            }
                            if (settings.Verbose) await io.Out.WriteAsync(name + "\n").ConfigureAwait(false);
                            await ExtractAsync(io, entry, VPath.Combine(baseDirectory, name.TrimStart('/')), settings).ConfigureAwait(false);
                        }
                        if (!any) throw new InvalidDataException();
                    }
                }
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
            {
                await io.ErrorAsync("This does not look like a tar archive").ConfigureAwait(false);
                await io.ErrorAsync("Exiting with failure status due to previous errors").ConfigureAwait(false);
                return 2;
            }
        }
        foreach (var member in members.Where(m => !matched.Contains(m)))
        {
            await io.ErrorAsync($"{member}: Not found in archive").ConfigureAwait(false);
            status = 2;
        }
        if (status != 0) await io.ErrorAsync("Exiting with failure status due to previous errors").ConfigureAwait(false);
        return status;
    }

    private static async ValueTask ExtractAsync(CommandIO io, TarEntry entry, VPath target, Settings settings)
    {
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                if (settings.ToStdout) break;
                await ResourceOperations.CreateDirectoriesAsync(io.Files, target, io.CancellationToken).ConfigureAwait(false);
                await RestoreModeAsync(io, target, entry).ConfigureAwait(false);
                break;
            case TarEntryType.SymbolicLink:
                if (settings.ToStdout) break;
                await ResourceOperations.CreateDirectoriesAsync(io.Files, target.Parent, io.CancellationToken).ConfigureAwait(false);
                if (io.Files.TryGetCapability<ISymlinks>(out var links))
                {
                    if (await io.Files.StatAsync(target, io.CancellationToken).ConfigureAwait(false) is not null) await io.Files.RemoveAsync(target, false, io.CancellationToken).ConfigureAwait(false);
                    await links.CreateSymlinkAsync(target, entry.LinkName, io.CancellationToken).ConfigureAwait(false);
                }
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                var data = entry.DataStream ?? Stream.Null;
                if (settings.ToStdout)
                {
                    await io.Out.CopyFromAsync(data).ConfigureAwait(false);
                    break;
                }
                await ResourceOperations.CreateDirectoriesAsync(io.Files, target.Parent, io.CancellationToken).ConfigureAwait(false);
                await io.Files.WriteAsync(target, data, new WriteOptions(Length: entry.Length), io.CancellationToken).ConfigureAwait(false);
                await RestoreModeAsync(io, target, entry).ConfigureAwait(false);
                if (io.Files.TryGetCapability<ITimestamps>(out var times)) await times.SetModifiedAsync(target, entry.ModificationTime, io.CancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>The archived mode, setuid and all, as GNU tar restores it for root; a destination without modes keeps none.</summary>
    private static async ValueTask RestoreModeAsync(CommandIO io, VPath target, TarEntry entry)
    {
        if (!io.Files.TryGetCapability<IChangeMode>(out var modes)) return;
        try
        {
            await modes.ChangeModeAsync(target, (int)entry.Mode & ModeParser.AllBits, io.CancellationToken).ConfigureAwait(false);
        }
        catch (ResourceException e) when (e.Error == ResourceError.NotSupported)
        {
            // An object store takes the bytes without the mode, as tar onto such a file system does.
        }
    }

    /// <summary>"-rw-r--r-- user/group      size yyyy-mm-dd hh:mm name" as tar -tv prints it.</summary>
    private static string Describe(TarEntry entry)
    {
        var kind = entry.EntryType switch { TarEntryType.Directory => EntryKind.Directory, TarEntryType.SymbolicLink => EntryKind.Symlink, _ => EntryKind.File };
        var mode = FileFacts.ModeString(new EntryInfo(VPath.Root, kind, Mode: (int)entry.Mode));
        var owner = entry is PosixTarEntry posix ? $"{posix.UserName}/{posix.GroupName}" : $"{entry.Uid}/{entry.Gid}";
        var size = entry.Length.ToString(CultureInfo.InvariantCulture);
        var name = entry.Name + (entry.EntryType == TarEntryType.SymbolicLink ? " -> " + entry.LinkName : "");
        return $"{mode} {owner} {size.PadLeft(Math.Max(1, 19 - owner.Length))} {entry.ModificationTime.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} {name}";
    }

    /// <summary>Stdout as a write target that the archive writer may dispose.</summary>
    private sealed class NonClosingWriteStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
    }
}
