using System.Runtime.CompilerServices;
using System.Text;

namespace Mirage.Vfs.Ram;

/// <summary>
/// A thread-safe tree in this process's memory. One lock guards the tree; file contents are immutable
/// arrays swapped in whole, so every write is atomic and an open reader keeps the content it started with.
/// <see cref="StatAsync"/> and <see cref="ListAsync"/> report a symbolic link as a link (as lstat does);
/// reads, writes and listings through a link follow it, and a link may point anywhere inside this tree.
/// </summary>
public sealed class RamResource : IResource, IRenamable, IServerSideCopy, ISymlinks, ITimestamps, IChangeMode
{
    /// <summary>As Linux: more hops than this while resolving one path is a loop.</summary>
    public const int MaxLinkHops = 40;

    internal const int FileMode = 0b110_100_100; // 0644
    internal const int DirectoryMode = 0b111_101_101; // 0755
    internal const int LinkMode = 0b111_111_111; // 0777

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly RamDirectory _root;
    private long _version;

    public RamResource(TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _root = new RamDirectory { Modified = _time.GetUtcNow(), Mode = DirectoryMode };
    }

    public ResourceInfo Info { get; } = new("ram", "In-memory files and directories; they last as long as the workspace.", ResourceFlags.InProcess);

    public ValueTask<EntryInfo?> StatAsync(VPath path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var node = TryLocate(path, followFinal: false)?.Node;
            return ValueTask.FromResult(node is null ? null : Describe(path, node));
        }
    }

    public async IAsyncEnumerable<EntryInfo> ListAsync(VPath directory, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var entry in Snapshot(directory))
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
        byte[] content;
        lock (_gate)
        {
            content = Locate(path, followFinal: true).Node switch
            {
                RamFile file => file.Content,
                RamDirectory => throw ResourceException.IsADirectory(path),
                _ => throw ResourceException.NotFound(path),
            };
        }
        var start = (int)Math.Min(range.Offset, content.Length);
        var count = (int)Math.Min(content.Length - start, range.Length ?? long.MaxValue);
        return ValueTask.FromResult<Stream>(new MemoryStream(content, start, count, writable: false));
    }

    public async ValueTask<EntryInfo> WriteAsync(VPath path, Stream content, WriteOptions options = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        // Fail before pulling a possibly long stream when the write cannot succeed anyway.
        lock (_gate) LocateWritable(path, options);
        var bytes = await ReadToEndAsync(content, options.Length, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            // The tree may have changed while the stream was read: check again, then swap.
            var target = LocateWritable(path, options);
            var now = _time.GetUtcNow();
            if (target.Node is not RamFile file)
            {
                file = new RamFile { Mode = FileMode };
                target.Parent!.Children[target.Name] = file;
                target.Parent.Modified = now;
            }
            file.Content = options.Append ? [.. file.Content, .. bytes] : bytes;
            file.Version = ++_version;
            file.Modified = now;
            return Describe(path, file);
        }
    }

    public ValueTask CreateDirectoryAsync(VPath path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var target = Locate(path, followFinal: false);
            if (target.Node is not null) throw ResourceException.AlreadyExists(path);
            var now = _time.GetUtcNow();
            target.Parent!.Children[target.Name] = new RamDirectory { Modified = now, Mode = DirectoryMode };
            target.Parent.Modified = now;
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveAsync(VPath path, bool recursive = false, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (path.IsRoot) throw new ResourceException(ResourceError.Busy, path);
        lock (_gate)
        {
            var target = Locate(path, followFinal: false);
            if (target.Node is null) throw ResourceException.NotFound(path);
            if (target.Node is RamDirectory { Children.Count: > 0 } && !recursive) throw ResourceException.DirectoryNotEmpty(path);
            target.Parent!.Children.Remove(target.Name);
            target.Parent.Modified = _time.GetUtcNow();
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask<EntryInfo> RenameAsync(VPath source, VPath destination, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (source.IsRoot) throw new ResourceException(ResourceError.Busy, source);
        lock (_gate)
        {
            var from = Locate(source, followFinal: false);
            if (from.Node is null) throw ResourceException.NotFound(source);
            var to = Locate(destination, followFinal: false);
            if (ReferenceEquals(from.Node, to.Node)) return ValueTask.FromResult(Describe(destination, from.Node));
            if (from.Node is RamDirectory && to.Path.IsUnder(from.Path)) throw new ResourceException(ResourceError.InvalidArgument, destination);
            switch (from.Node, to.Node)
            {
                case (RamDirectory, not null and not RamDirectory):
                    throw ResourceException.NotADirectory(destination);
                case (not RamDirectory, RamDirectory):
                    throw ResourceException.IsADirectory(destination);
                case (RamDirectory, RamDirectory { Children.Count: > 0 }):
                    throw ResourceException.DirectoryNotEmpty(destination);
            }
            if (to.Parent is null) throw new ResourceException(ResourceError.Busy, destination);
            var now = _time.GetUtcNow();
            from.Parent!.Children.Remove(from.Name);
            from.Parent.Modified = now;
            to.Parent.Children[to.Name] = from.Node;
            to.Parent.Modified = now;
            return ValueTask.FromResult(Describe(destination, from.Node));
        }
    }

    public ValueTask<EntryInfo> CopyAsync(VPath source, VPath destination, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var content = Locate(source, followFinal: true).Node switch
            {
                RamFile file => file.Content,
                RamDirectory => throw ResourceException.IsADirectory(source),
                _ => throw ResourceException.NotFound(source),
            };
            var target = Locate(destination, followFinal: true);
            if (target.Node is RamDirectory) throw ResourceException.IsADirectory(destination);
            var now = _time.GetUtcNow();
            if (target.Node is not RamFile copy)
            {
                copy = new RamFile { Mode = FileMode };
                target.Parent!.Children[target.Name] = copy;
                target.Parent.Modified = now;
            }
            copy.Content = content; // Immutable arrays can be shared.
            copy.Version = ++_version;
            copy.Modified = now;
            return ValueTask.FromResult(Describe(destination, copy));
        }
    }

    public ValueTask<EntryInfo> CreateSymlinkAsync(VPath path, string target, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (string.IsNullOrEmpty(target)) throw new ResourceException(ResourceError.InvalidArgument, path);
        lock (_gate)
        {
            var place = Locate(path, followFinal: false);
            if (place.Node is not null) throw ResourceException.AlreadyExists(path);
            var now = _time.GetUtcNow();
            var link = new RamLink { Target = target, Modified = now, Mode = LinkMode };
            place.Parent!.Children[place.Name] = link;
            place.Parent.Modified = now;
            return ValueTask.FromResult(Describe(path, link));
        }
    }

    public ValueTask<string?> ReadLinkAsync(VPath path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult((TryLocate(path, followFinal: false)?.Node as RamLink)?.Target);
        }
    }

    public ValueTask SetModifiedAsync(VPath path, DateTimeOffset modified, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var node = Locate(path, followFinal: true).Node ?? throw ResourceException.NotFound(path);
            node.Modified = modified;
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask ChangeModeAsync(VPath path, int mode, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (mode is < 0 or > 0xFFF) throw new ResourceException(ResourceError.InvalidArgument, path);
        lock (_gate)
        {
            var node = Locate(path, followFinal: true).Node ?? throw ResourceException.NotFound(path);
            node.Mode = mode;
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private List<EntryInfo> Snapshot(VPath directory)
    {
        lock (_gate)
        {
            var dir = Locate(directory, followFinal: true).Node switch
            {
                RamDirectory d => d,
                null => throw ResourceException.NotFound(directory),
                _ => throw ResourceException.NotADirectory(directory),
            };
            // SortedDictionary with the ordinal comparer already yields ordinal name order.
            var entries = new List<EntryInfo>(dir.Children.Count);
            foreach (var (name, node) in dir.Children) entries.Add(Describe(directory / name, node));
            return entries;
        }
    }

    /// <summary>Where a write to <paramref name="path"/> lands, after checking every option. Caller holds the lock.</summary>
    private Located LocateWritable(VPath path, WriteOptions options)
    {
        if (options.CreateNew && Locate(path, followFinal: false).Node is not null) throw ResourceException.AlreadyExists(path);
        var target = Locate(path, followFinal: true);
        if (target.Node is RamDirectory) throw ResourceException.IsADirectory(path);
        if (target.Node is not null and not RamFile) throw ResourceException.NotFound(path);
        if (options.IfMatch is { } expected && (target.Node is not RamFile file || Fingerprint(file) != expected))
            throw new ResourceException(ResourceError.Conflict, path);
        return target;
    }

    private Located? TryLocate(VPath path, bool followFinal)
    {
        try
        {
            return Locate(path, followFinal);
        }
        catch (ResourceException e) when (e.Error is ResourceError.NotFound or ResourceError.NotADirectory)
        {
            return null;
        }
    }

    /// <summary>
    /// Walks <paramref name="path"/> from the root, following links in every component but the last
    /// (and the last too when <paramref name="followFinal"/>). ".." in a link target climbs from where the
    /// link really is, as the kernel does, and never above the root. Caller holds the lock.
    /// </summary>
    private Located Locate(VPath path, bool followFinal)
    {
        var pending = new Stack<string>(path.Segments.Reverse());
        var directories = new List<RamDirectory> { _root };
        var names = new List<string>();
        var hops = 0;
        while (pending.TryPop(out var name))
        {
            if (name is "" or ".") continue;
            if (name == "..")
            {
                if (names.Count > 0)
                {
                    names.RemoveAt(names.Count - 1);
                    directories.RemoveAt(directories.Count - 1);
                }
                continue;
            }
            var directory = directories[^1];
            var isLast = pending.Count == 0;
            if (!directory.Children.TryGetValue(name, out var child))
            {
                if (isLast) return new Located(PathOf(names, name), null, directory, name);
                throw ResourceException.NotFound(path);
            }
            if (child is RamLink link && (!isLast || followFinal))
            {
                if (++hops > MaxLinkHops) throw new ResourceException(ResourceError.TooManyLinks, path);
                if (link.Target.StartsWith('/'))
                {
                    names.Clear();
                    directories.RemoveRange(1, directories.Count - 1);
                }
                foreach (var segment in link.Target.Split('/').Reverse()) pending.Push(segment);
                continue;
            }
            if (isLast) return new Located(PathOf(names, name), child, directory, name);
            if (child is not RamDirectory subdirectory) throw ResourceException.NotADirectory(path);
            directories.Add(subdirectory);
            names.Add(name);
        }
        // Resolved to a directory reached through a link or "..": report it with its own parent.
        return new Located(
            PathOf(names, null),
            directories[^1],
            directories.Count > 1 ? directories[^2] : null,
            names.Count > 0 ? names[^1] : string.Empty);
    }

    private static VPath PathOf(List<string> names, string? last)
    {
        if (names.Count == 0 && last is null) return VPath.Root;
        var builder = new StringBuilder();
        foreach (var name in names) builder.Append('/').Append(name);
        if (last is not null) builder.Append('/').Append(last);
        return VPath.Parse(builder.ToString());
    }

    private static EntryInfo Describe(VPath path, RamNode node) => node switch
    {
        RamFile file => new EntryInfo(path, EntryKind.File, file.Content.LongLength, file.Modified, Fingerprint(file), file.Mode),
        RamLink link => new EntryInfo(path, EntryKind.Symlink, Encoding.UTF8.GetByteCount(link.Target), link.Modified, null, link.Mode, link.Target),
        _ => new EntryInfo(path, EntryKind.Directory, null, node.Modified, null, node.Mode),
    };

    private static string Fingerprint(RamFile file) => "v" + file.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async ValueTask<byte[]> ReadToEndAsync(Stream content, long? expectedLength, CancellationToken cancellationToken)
    {
        var capacity = expectedLength is > 0 and < int.MaxValue ? (int)expectedLength.Value : 0;
        using var buffer = new MemoryStream(capacity);
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.TryGetBuffer(out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : buffer.ToArray();
    }

    /// <param name="Path">Where the entry really is, after links.</param>
    /// <param name="Node">The entry, or null when only its parent exists.</param>
    private readonly record struct Located(VPath Path, RamNode? Node, RamDirectory? Parent, string Name);
}
