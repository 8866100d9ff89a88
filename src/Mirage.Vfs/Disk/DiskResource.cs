using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Mirage.Vfs.Disk;

/// <summary>
/// A folder on the host seen as a tree. Nothing outside the folder is reachable: paths cannot climb above
/// it, and every symbolic link met on the way is resolved here, one component at a time, so a link whose
/// target leads outside is refused (PermissionDenied; stat reports such a path as absent). Writes go to a
/// temporary file beside the target, are flushed, then renamed over it, so readers see the old or the new
/// content and a failed write leaves the old one. <see cref="StatAsync"/> and <see cref="ListAsync"/> report
/// a link as a link (as lstat does); reads, writes and listings through it follow it.
/// </summary>
public sealed class DiskResource : IResource, IRenamable, IServerSideCopy, ISymlinks, ITimestamps, IChangeMode, INameLister
{
    /// <summary>As Linux: more hops than this while resolving one path is a loop.</summary>
    public const int MaxLinkHops = 40;

    private const int LinkMode = 0b111_111_111; // 0777
    private const string TemporaryPrefix = ".mirage-";
    private const string TemporarySuffix = ".tmp";

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdef");

    private static readonly EnumerationOptions ListEverything = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        MatchType = MatchType.Simple,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    private readonly string _root;
    private readonly string[] _rootSpellings;
    // Serialises the last step of writes (re-check, then rename) so IfMatch and CreateNew hold inside this process.
    private readonly SemaphoreSlim _commit = new(1, 1);
    // Opens and lists in one kernel call where the system allows; null elsewhere (every path is walked here then).
    private readonly BeneathRoot? _beneath;

    /// <param name="hostRoot">An existing host folder; its own path may contain links, which are resolved once here.</param>
    public DiskResource(string hostRoot, string? description = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostRoot);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(hostRoot));
        if (!Directory.Exists(full)) throw new DirectoryNotFoundException($"The disk root '{hostRoot}' does not exist.");
        _root = RealPath(full);
        _rootSpellings = string.Equals(full, _root, StringComparison.Ordinal) ? [_root] : [_root, full];
        _beneath = BeneathRoot.TryOpen(_root);
        Info = new ResourceInfo("disk", description ?? "Files in a folder of the host machine; nothing outside it is reachable.");
    }

    public ResourceInfo Info { get; }

    /// <summary>The host folder, with links in its own path resolved.</summary>
    public string HostRoot => _root;

    public ValueTask<EntryInfo?> StatAsync(VPath path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var found = TryResolve(path, followFinal: false);
            return ValueTask.FromResult(found is { Kind: not HostKind.Missing } f ? Describe(path, f.Host, f.Kind) : null);
        }
        catch (Exception e) when (DiskErrors.Translate(e, path) is { } mapped)
        {
            // Vanished between probe and describe: that is absence too.
            if (mapped.Error is ResourceError.NotFound or ResourceError.NotADirectory) return ValueTask.FromResult<EntryInfo?>(null);
            throw mapped;
        }
    }

    public async IAsyncEnumerable<EntryInfo> ListAsync(VPath directory, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var entry in Snapshot(directory, details: true))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>Names and kinds as the directory records them: no stat of each entry.</summary>
    public async IAsyncEnumerable<EntryInfo> ListNamesAsync(VPath directory, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var entry in Snapshot(directory, details: false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    public ValueTask<Stream> OpenReadAsync(VPath path, ByteRange range = default, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (range.Offset < 0 || range.Length < 0) throw new ResourceException(ResourceError.InvalidArgument, path);
        try
        {
            if (_beneath?.TryOpenFile(path) is { } opened)
            {
                if ((File.GetAttributes(opened) & FileAttributes.Directory) == 0)
                    return ValueTask.FromResult<Stream>(new DiskReadStream(opened, range.Offset, range.Length));
                opened.Dispose();
                throw ResourceException.IsADirectory(path);
            }
            var file = Resolve(path, followFinal: true);
            if (file.Kind == HostKind.Missing) throw ResourceException.NotFound(path);
            if (file.Kind == HostKind.Directory) throw ResourceException.IsADirectory(path);
            var handle = File.OpenHandle(file.Host, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.SequentialScan);
            return ValueTask.FromResult<Stream>(new DiskReadStream(handle, range.Offset, range.Length));
        }
        catch (Exception e) when (DiskErrors.Translate(e, path) is { } mapped)
        {
            throw mapped;
        }
    }

    public async ValueTask<EntryInfo> WriteAsync(VPath path, Stream content, WriteOptions options = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        try
        {
            var target = ResolveWritable(path, options);
            if (options.Append && target.Kind == HostKind.File)
                return await AppendAsync(path, target.Host, content, cancellationToken).ConfigureAwait(false);
            return await ReplaceAsync(path, target, content, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (DiskErrors.Translate(e, path) is { } mapped)
        {
            throw mapped;
        }
    }

    public ValueTask CreateDirectoryAsync(VPath path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (path.IsRoot) throw ResourceException.AlreadyExists(path);
        try
        {
            var place = Resolve(path, followFinal: false);
            if (place.Kind != HostKind.Missing) throw ResourceException.AlreadyExists(path);
            Directory.CreateDirectory(place.Host);
            return ValueTask.CompletedTask;
        }
        catch (Exception e) when (DiskErrors.Translate(e, path) is { } mapped)
        {
            throw mapped;
        }
    }

    public ValueTask RemoveAsync(VPath path, bool recursive = false, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (path.IsRoot) throw new ResourceException(ResourceError.Busy, path);
        try
        {
            var entry = Resolve(path, followFinal: false);
            switch (entry.Kind)
            {
                case HostKind.Missing:
                    throw ResourceException.NotFound(path);
                case HostKind.Directory:
                    // A recursive delete removes links inside the tree; it never follows them out.
                    Directory.Delete(entry.Host, recursive);
                    break;
                default:
                    File.Delete(entry.Host);
                    break;
            }
            return ValueTask.CompletedTask;
        }
        catch (Exception e) when (DiskErrors.Translate(e, path) is { } mapped)
        {
            throw mapped;
        }
    }

    public ValueTask<EntryInfo> RenameAsync(VPath source, VPath destination, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (source.IsRoot) throw new ResourceException(ResourceError.Busy, source);
        try
        {
            var from = Resolve(source, followFinal: false);
            if (from.Kind == HostKind.Missing) throw ResourceException.NotFound(source);
            // The destination's last component is not followed: renaming onto a link replaces the link.
            var to = Resolve(destination, followFinal: false);
            if (string.Equals(from.Host, to.Host, StringComparison.Ordinal)) return ValueTask.FromResult(Describe(destination, to.Host, to.Kind));
            if (from.Kind == HostKind.Directory && to.Path.IsUnder(from.Path)) throw new ResourceException(ResourceError.InvalidArgument, destination);
            switch (from.Kind, to.Kind)
            {
                case (HostKind.Directory, HostKind.File or HostKind.Link):
                    throw ResourceException.NotADirectory(destination);
                case (not HostKind.Directory, HostKind.Directory):
                    throw ResourceException.IsADirectory(destination);
                case (HostKind.Directory, HostKind.Directory) when Directory.EnumerateFileSystemEntries(to.Host).Any():
                    throw ResourceException.DirectoryNotEmpty(destination);
            }
            if (to.Path.IsRoot) throw new ResourceException(ResourceError.Busy, destination);
            if (from.Kind == HostKind.Directory || (from.Kind == HostKind.Link && Directory.Exists(from.Host)))
            {
                // Directory.Move refuses an existing destination, where rename(2) replaces an empty directory.
                if (to.Kind == HostKind.Directory) Directory.Delete(to.Host, recursive: false);
                else if (to.Kind != HostKind.Missing) File.Delete(to.Host);
                Directory.Move(from.Host, to.Host);
            }
            else
            {
                File.Move(from.Host, to.Host, overwrite: true);
            }
            return ValueTask.FromResult(Describe(destination, to.Host, from.Kind));
        }
        catch (Exception e) when (DiskErrors.Translate(e, source) is { } mapped)
        {
            throw mapped;
        }
    }

    public async ValueTask<EntryInfo> CopyAsync(VPath source, VPath destination, CancellationToken cancellationToken = default)
    {
        var from = await StatAsync(source, cancellationToken).ConfigureAwait(false);
        var stream = await OpenReadAsync(source, ByteRange.All, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            // The copy goes through the same temporary-file-and-rename path as any write.
            return await WriteAsync(destination, stream, new WriteOptions(Length: from?.IsFile == true ? from.Size : null), cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask<EntryInfo> CreateSymlinkAsync(VPath path, string target, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (string.IsNullOrEmpty(target) || target.Contains('\0', StringComparison.Ordinal)) throw new ResourceException(ResourceError.InvalidArgument, path);
        try
        {
            var place = Resolve(path, followFinal: false);
            if (place.Kind != HostKind.Missing) throw ResourceException.AlreadyExists(path);
            string stored;
            if (target.StartsWith('/'))
            {
                // A path of this tree: stored as the host path it names, so host tools follow it to the same place.
                var inner = VPath.Parse(target);
                stored = inner.IsRoot ? _root : _root + inner.Value;
            }
            else
            {
                if (ClimbsOut(place.Path.Parent, target)) throw new ResourceException(ResourceError.PermissionDenied, path, $"{path}: link target '{target}' leads outside the root: {ResourceException.Describe(ResourceError.PermissionDenied)}");
                stored = target;
            }
            File.CreateSymbolicLink(place.Host, stored);
            return ValueTask.FromResult(Describe(path, place.Host, HostKind.Link));
        }
        catch (Exception e) when (DiskErrors.Translate(e, path) is { } mapped)
        {
            throw mapped;
        }
    }

    public ValueTask<string?> ReadLinkAsync(VPath path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var found = TryResolve(path, followFinal: false);
            return ValueTask.FromResult(found is { Kind: HostKind.Link } link ? ShowLinkTarget(new FileInfo(link.Host).LinkTarget) : null);
        }
        catch (Exception e) when (DiskErrors.Translate(e, path) is { } mapped)
        {
            throw mapped;
        }
    }

    public ValueTask SetModifiedAsync(VPath path, DateTimeOffset modified, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var entry = Resolve(path, followFinal: true);
            switch (entry.Kind)
            {
                case HostKind.Missing:
                    throw ResourceException.NotFound(path);
                case HostKind.Directory:
                    Directory.SetLastWriteTimeUtc(entry.Host, modified.UtcDateTime);
                    break;
                default:
                    File.SetLastWriteTimeUtc(entry.Host, modified.UtcDateTime);
                    break;
            }
            return ValueTask.CompletedTask;
        }
        catch (Exception e) when (DiskErrors.Translate(e, path) is { } mapped)
        {
            throw mapped;
        }
    }

    public ValueTask ChangeModeAsync(VPath path, int mode, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (mode is < 0 or > 0xFFF) throw new ResourceException(ResourceError.InvalidArgument, path);
        if (OperatingSystem.IsWindows()) throw ResourceException.NotSupported(path);
        try
        {
            // Resolved through every link here, so the host path is a real entry under the root and chmod cannot leave it.
            var entry = Resolve(path, followFinal: true);
            if (entry.Kind == HostKind.Missing) throw ResourceException.NotFound(path);
            File.SetUnixFileMode(entry.Host, (UnixFileMode)mode);
            return ValueTask.CompletedTask;
        }
        catch (Exception e) when (DiskErrors.Translate(e, path) is { } mapped)
        {
            throw mapped;
        }
    }

    public ValueTask DisposeAsync()
    {
        _commit.Dispose();
        _beneath?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <param name="details">Size, time and mode of every entry (a stat each); without, names and kinds only.</param>
    private List<EntryInfo> Snapshot(VPath directory, bool details)
    {
        try
        {
            if (_beneath?.TryList(directory) is { } names)
            {
                // Reached through the kernel's checked walk; the host path is only used to describe entries.
                var host = directory.IsRoot ? _root : _root + directory.Value;
                var listed = new List<EntryInfo>(names.Count);
                foreach (var (name, recorded) in names)
                {
                    if (IsTemporaryName(name)) continue;
                    var childHost = host + "/" + name;
                    var kind = recorded ?? Probe(childHost).Kind;
                    if (kind == HostKind.Missing) continue; // Gone since the directory was read.
                    var child = directory / name;
                    if (!details) listed.Add(new EntryInfo(child, ToEntryKind(kind)));
                    else if (DescribeListed(child, childHost, kind) is { } described) listed.Add(described);
                }
                listed.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
                return listed;
            }
            var dir = Resolve(directory, followFinal: true);
            if (dir.Kind == HostKind.Missing) throw ResourceException.NotFound(directory);
            if (dir.Kind != HostKind.Directory) throw ResourceException.NotADirectory(directory);
            var entries = new List<EntryInfo>();
            foreach (var info in new DirectoryInfo(dir.Host).EnumerateFileSystemInfos("*", ListEverything))
            {
                if (IsTemporaryName(info.Name)) continue; // A write in flight is not an entry yet.
                // The enumeration already knows the entry's type: only links need a readlink.
                var isLink = (info.Attributes & FileAttributes.ReparsePoint) != 0 && info.LinkTarget is not null;
                var kind = isLink ? HostKind.Link : info is DirectoryInfo ? HostKind.Directory : HostKind.File;
                entries.Add(Describe(directory / info.Name, info, kind));
            }
            entries.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            return entries;
        }
        catch (Exception e) when (DiskErrors.Translate(e, directory) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <summary>A listed entry's details, or null when it vanished between reading the directory and describing it.</summary>
    private EntryInfo? DescribeListed(VPath path, string host, HostKind kind)
    {
        try
        {
            return Describe(path, host, kind);
        }
        catch (ResourceException e) when (e.Error == ResourceError.NotFound)
        {
            return null;
        }
    }

    private static EntryKind ToEntryKind(HostKind kind) => kind switch
    {
        HostKind.Directory => EntryKind.Directory,
        HostKind.Link => EntryKind.Symlink,
        _ => EntryKind.File,
    };

    private async ValueTask<EntryInfo> AppendAsync(VPath path, string host, Stream content, CancellationToken cancellationToken)
    {
        // Appends write in place: a failure may leave part of the new bytes, as >> does.
        var stream = new FileStream(host, new FileStreamOptions
        {
            Mode = FileMode.Append,
            Access = FileAccess.Write,
            Share = FileShare.Read | FileShare.Delete,
            Options = FileOptions.Asynchronous,
        });
        await using (stream.ConfigureAwait(false))
        {
            await content.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        return Describe(path, host, HostKind.File);
    }

    private async ValueTask<EntryInfo> ReplaceAsync(VPath path, Resolved target, Stream content, WriteOptions options, CancellationToken cancellationToken)
    {
        // The rename below would replace a file we may not write; ask the host first, as opening it for writing would.
        if (target.Kind == HostKind.File) new FileStream(target.Host, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete).Dispose();
        var folder = Path.GetDirectoryName(target.Host) ?? _root;
        var temporary = Path.Join(folder, TemporaryPrefix + Guid.NewGuid().ToString("N") + TemporarySuffix);
        var committed = false;
        try
        {
            var stream = new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous,
                PreallocationSize = options.Length is > 0 ? options.Length.Value : 0,
            });
            await using (stream.ConfigureAwait(false))
            {
                await content.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
                // Handed to the kernel, not forced to the device: the rename already gives readers the old or the
                // new bytes, and GNU cp and bash's redirections do not fsync either (one per file made cp -r 2x slower).
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            cancellationToken.ThrowIfCancellationRequested();
            await _commit.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // The tree may have changed while the content streamed: check again, then swap in one rename.
                var current = ResolveWritable(path, options);
                if (current.Kind == HostKind.File) KeepModeAndAdvanceTime(current.Host, temporary);
                File.Move(temporary, current.Host, overwrite: !options.CreateNew);
                committed = true;
                return Describe(path, current.Host, HostKind.File);
            }
            finally
            {
                _commit.Release();
            }
        }
        finally
        {
            if (!committed) TryDelete(temporary);
        }
    }

    /// <summary>
    /// The replacement keeps the old file's permissions, and a modification time later than the old one even when
    /// the file system's clock is coarse, so the fingerprint (time and size) changes on every write.
    /// </summary>
    private static void KeepModeAndAdvanceTime(string existing, string replacement)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(replacement, File.GetUnixFileMode(existing));
        var before = File.GetLastWriteTimeUtc(existing);
        var now = File.GetLastWriteTimeUtc(replacement);
        if (now <= before && before - now < TimeSpan.FromSeconds(1)) File.SetLastWriteTimeUtc(replacement, before.AddTicks(10));
    }

    private static bool IsTemporaryName(string name) =>
        name.Length == TemporaryPrefix.Length + 32 + TemporarySuffix.Length
        && name.StartsWith(TemporaryPrefix, StringComparison.Ordinal)
        && name.EndsWith(TemporarySuffix, StringComparison.Ordinal)
        && !name.AsSpan(TemporaryPrefix.Length, 32).ContainsAnyExcept(HexDigits);

    private static void TryDelete(string host)
    {
        try
        {
            File.Delete(host);
        }
        catch (IOException)
        {
            // Best effort: the write already failed with a better reason.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    /// <summary>Where a write to <paramref name="path"/> lands, after checking every option.</summary>
    private Resolved ResolveWritable(VPath path, WriteOptions options)
    {
        if (path.IsRoot) throw ResourceException.IsADirectory(path);
        if (options.CreateNew && Resolve(path, followFinal: false).Kind != HostKind.Missing) throw ResourceException.AlreadyExists(path);
        var target = Resolve(path, followFinal: true);
        if (target.Kind == HostKind.Directory) throw ResourceException.IsADirectory(path);
        if (options.IfMatch is { } expected && (target.Kind != HostKind.File || Describe(path, target.Host, HostKind.File).Fingerprint != expected))
            throw new ResourceException(ResourceError.Conflict, path);
        return target;
    }

    private Resolved? TryResolve(VPath path, bool followFinal)
    {
        try
        {
            return Resolve(path, followFinal);
        }
        catch (ResourceException e) when (e.Error is ResourceError.NotFound or ResourceError.NotADirectory or ResourceError.PermissionDenied)
        {
            return null;
        }
    }

    /// <summary>
    /// Walks <paramref name="path"/> from the root one component at a time, reading every link on the way
    /// (the last one too when <paramref name="followFinal"/>). A relative target continues from where the link
    /// really is, ".." climbing real directories; an absolute target must name a place under the root. Any
    /// step that would leave the root fails with PermissionDenied, so the host path returned never does.
    /// </summary>
    private Resolved Resolve(VPath path, bool followFinal)
    {
        var pending = new Stack<string>(path.Segments.Reverse());
        var names = new List<string>();
        var hops = 0;
        while (pending.TryPop(out var name))
        {
            if (name is "" or ".") continue;
            if (name == "..")
            {
                if (names.Count == 0) throw Escape(path);
                names.RemoveAt(names.Count - 1);
                continue;
            }
            if (name.Contains('\0', StringComparison.Ordinal)) throw new ResourceException(ResourceError.InvalidArgument, path);
            var isLast = pending.Count == 0;
            var host = HostOf(names, name);
            var (kind, linkTarget) = Probe(host);
            if (kind == HostKind.Missing)
            {
                if (isLast) return new Resolved(PathOf(names, name), host, kind);
                throw ResourceException.NotFound(path);
            }
            if (kind == HostKind.Link && (!isLast || followFinal))
            {
                if (++hops > MaxLinkHops) throw new ResourceException(ResourceError.TooManyLinks, path);
                if (linkTarget!.StartsWith('/'))
                {
                    var inside = InsideRoot(linkTarget) ?? throw Escape(path);
                    names.Clear();
                    foreach (var segment in inside.Reverse()) pending.Push(segment);
                }
                else
                {
                    foreach (var segment in linkTarget.Split('/').Reverse()) pending.Push(segment);
                }
                continue;
            }
            if (isLast) return new Resolved(PathOf(names, name), host, kind);
            if (kind != HostKind.Directory) throw ResourceException.NotADirectory(path);
            names.Add(name);
        }
        // Resolved to a directory reached through a link.
        return new Resolved(PathOf(names, null), HostOf(names, null), HostKind.Directory);
    }

    private static ResourceException Escape(VPath path) =>
        new(ResourceError.PermissionDenied, path, $"{path}: a link leads outside the root: {ResourceException.Describe(ResourceError.PermissionDenied)}");

    /// <summary>The segments below the root that an absolute host path names, or null when it lies outside.</summary>
    private string[]? InsideRoot(string hostPath)
    {
        foreach (var candidate in new[] { hostPath, Path.GetFullPath(hostPath) })
        {
            foreach (var root in _rootSpellings)
            {
                if (string.Equals(candidate, root, StringComparison.Ordinal) || string.Equals(candidate, root + "/", StringComparison.Ordinal)) return [];
                if (root == "/") return candidate.Split('/', StringSplitOptions.RemoveEmptyEntries);
                if (candidate.Length > root.Length && candidate[root.Length] == '/' && candidate.StartsWith(root, StringComparison.Ordinal))
                    return candidate[(root.Length + 1)..].Split('/', StringSplitOptions.RemoveEmptyEntries);
            }
        }
        return null;
    }

    /// <summary>True when <paramref name="target"/>, read from <paramref name="directory"/>, climbs above the root.</summary>
    private static bool ClimbsOut(VPath directory, string target)
    {
        var depth = directory.Depth;
        foreach (var segment in target.Split('/'))
        {
            if (segment == "..")
            {
                if (--depth < 0) return true;
            }
            else if (segment is not ("" or "."))
            {
                depth++;
            }
        }
        return false;
    }

    /// <summary>A link target as this tree sees it: host paths under the root become absolute paths of the tree.</summary>
    private string? ShowLinkTarget(string? stored)
    {
        if (stored is null || !stored.StartsWith('/')) return stored;
        var inside = InsideRoot(stored);
        return inside is null ? stored : "/" + string.Join('/', inside);
    }

    private string HostOf(List<string> names, string? last)
    {
        var builder = new StringBuilder(_root);
        foreach (var name in names) builder.Append('/').Append(name);
        if (last is not null) builder.Append('/').Append(last);
        return builder.ToString();
    }

    private static VPath PathOf(List<string> names, string? last)
    {
        if (names.Count == 0 && last is null) return VPath.Root;
        var builder = new StringBuilder();
        foreach (var name in names) builder.Append('/').Append(name);
        if (last is not null) builder.Append('/').Append(last);
        return VPath.Parse(builder.ToString());
    }

    /// <summary>What is at <paramref name="host"/> itself (a link is not followed), and a link's target.</summary>
    private static (HostKind Kind, string? LinkTarget) Probe(string host)
    {
        // One lstat answers for most components; only a link (ReparsePoint on Unix) needs a readlink as well.
        var info = new FileInfo(host);
        var attributes = info.Attributes;
        if ((int)attributes == -1) return (HostKind.Missing, null);
        if ((attributes & FileAttributes.ReparsePoint) != 0 && info.LinkTarget is { } target) return (HostKind.Link, target);
        return ((attributes & FileAttributes.Directory) != 0 ? HostKind.Directory : HostKind.File, null);
    }

    private EntryInfo Describe(VPath path, string host, HostKind kind) =>
        Describe(path, kind == HostKind.Directory ? new DirectoryInfo(host) : new FileInfo(host), kind);

    private EntryInfo Describe(VPath path, FileSystemInfo info, HostKind kind)
    {
        switch (kind)
        {
            case HostKind.Link:
                var target = ShowLinkTarget(info.LinkTarget) ?? string.Empty;
                return new EntryInfo(path, EntryKind.Symlink, Encoding.UTF8.GetByteCount(target), info.LastWriteTimeUtc, null, LinkMode, target);
            case HostKind.Directory:
                if (!info.Exists) throw ResourceException.NotFound(path);
                return new EntryInfo(path, EntryKind.Directory, null, info.LastWriteTimeUtc, null, ModeOf(info));
            default:
                var file = (FileInfo)info;
                if (!file.Exists) throw ResourceException.NotFound(path);
                var modified = file.LastWriteTimeUtc;
                var size = file.Length;
                var fingerprint = modified.Ticks.ToString("x", CultureInfo.InvariantCulture) + "-" + size.ToString("x", CultureInfo.InvariantCulture);
                return new EntryInfo(path, EntryKind.File, size, modified, fingerprint, ModeOf(info));
        }
    }

    private static int? ModeOf(FileSystemInfo info) => OperatingSystem.IsWindows() ? null : (int)info.UnixFileMode;

    /// <summary>The host path with every link in it resolved, so links inside the root can be recognised by prefix.</summary>
    private static string RealPath(string fullPath)
    {
        var pending = new Stack<string>(fullPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var current = "/";
        var hops = 0;
        while (pending.TryPop(out var name))
        {
            if (name == ".") continue;
            if (name == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }
            var next = Path.Join(current, name);
            if (new FileInfo(next).LinkTarget is { } target)
            {
                if (++hops > MaxLinkHops) throw new IOException($"Too many levels of symbolic links in '{fullPath}'.");
                if (target.StartsWith('/')) current = "/";
                foreach (var segment in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse()) pending.Push(segment);
                continue;
            }
            current = next;
        }
        return current;
    }

    /// <param name="Path">Where the entry really is inside the root, after links.</param>
    /// <param name="Host">The host path, made only of real directories below the root.</param>
    private readonly record struct Resolved(VPath Path, string Host, HostKind Kind);
}

internal enum HostKind
{
    Missing,
    File,
    Directory,
    Link,
}
