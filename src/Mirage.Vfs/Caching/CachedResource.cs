using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Mirage.Vfs.Caching;

/// <summary>
/// A resource in front of another one, answering from two tiers of cache: the index (stat answers, absent ones
/// included, and listings, for a time-to-live) and the files (whole objects keyed by path and fingerprint, LRU
/// bounded by bytes). It is itself a resource and has exactly the capabilities of what it wraps.
/// <list type="bullet">
/// <item>Only a read that ran to its end, whole and without error, fills the file tier; a ranged read of an uncached
/// object fetches the whole object only when it is small (<see cref="CacheOptions.WholeObjectBelow"/>).</item>
/// <item>Every change made through it (write, remove, mkdir, rename, copy, symlink, touch, chmod) forgets the path, its
/// subtree where it has one, and its parent's listing. On a backend with symbolic links a change may be seen under
/// other names, so there any change forgets the whole index of the tree.</item>
/// <item>An answer fetched while a change was made through this instance is not kept, so a slow read cannot put
/// back what the change just forgot.</item>
/// <item>Hits are reported through <see cref="CacheHitReport"/>, which the operation log reads.</item>
/// </list>
/// </summary>
public sealed class CachedResource : IResource, IRenamable, IServerSideCopy, ISymlinks, ITimestamps, IChangeMode, IRecursiveLister
{
    /// <summary>Listings larger than this stream through without being kept, so memory stays bounded.</summary>
    private const int MaxKeptListing = 100_000;

    private readonly IResource _inner;
    private readonly string _space;
    private readonly bool _hasLinks;
    private long _generation;

    public CachedResource(IResource inner, CacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(options);
        _inner = inner;
        Options = options;
        _space = options.Namespace ?? $"{inner.Info.Kind}:{inner.Info.Description}";
        _hasLinks = inner.TryGetCapability<ISymlinks>(out _);
    }

    public IResource Inner => _inner;

    public CacheOptions Options { get; }

    public ResourceInfo Info => _inner.Info;

    // ---- reads ----

    public async ValueTask<EntryInfo?> StatAsync(VPath path, CancellationToken cancellationToken = default)
    {
        var (entry, fromCache) = await LookupAsync(path, cancellationToken).ConfigureAwait(false);
        if (fromCache) CacheHitReport.MarkHit();
        return entry;
    }

    public async IAsyncEnumerable<EntryInfo> ListAsync(VPath directory, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var index = Options.Index;
        if (index is not null)
        {
            var cached = await GuardAsync(directory, index.GetListingAsync(_space, directory, cancellationToken)).ConfigureAwait(false);
            if (cached is not null)
            {
                CacheHitReport.MarkHit();
                foreach (var entry in cached) yield return entry;
                yield break;
            }
        }
        var generation = Volatile.Read(ref _generation);
        var kept = index is null ? null : new List<EntryInfo>();
        await foreach (var entry in _inner.ListAsync(directory, cancellationToken).ConfigureAwait(false))
        {
            if (kept is not null && kept.Count < MaxKeptListing) kept.Add(entry);
            else kept = null;
            yield return entry;
        }
        if (kept is not null) await KeepAsync(directory, generation, () => index!.SetListingAsync(_space, directory, kept, cancellationToken)).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<EntryInfo> ListRecursiveAsync(VPath root, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!_inner.TryGetCapability<IRecursiveLister>(out var lister)) throw ResourceException.NotSupported(root);
        var index = Options.Index;
        if (index is not null && await CachedTreeAsync(index, root, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            CacheHitReport.MarkHit();
            foreach (var entry in cached) yield return entry;
            yield break;
        }
        var generation = Volatile.Read(ref _generation);
        // Each directory's children, to keep as listings once the walk has run to its end.
        Dictionary<VPath, List<EntryInfo>>? byParent = index is null ? null : new() { [root] = [] };
        var count = 0;
        await foreach (var entry in lister.ListRecursiveAsync(root, cancellationToken).ConfigureAwait(false))
        {
            if (byParent is not null && ++count <= MaxKeptListing)
            {
                if (!byParent.TryGetValue(entry.Path.Parent, out var siblings)) byParent[entry.Path.Parent] = siblings = [];
                siblings.Add(entry);
                if (entry.IsDirectory) byParent.TryAdd(entry.Path, []);
            }
            else
            {
                byParent = null;
            }
            yield return entry;
        }
        if (byParent is null) yield break;
        foreach (var (directory, children) in byParent)
        {
            // One name, one entry (a file wins over a directory of the same name, as listings report it), in name order.
            var listing = children.GroupBy(static e => e.Name, StringComparer.Ordinal)
                .Select(static g => g.FirstOrDefault(static e => !e.IsDirectory) ?? g.First())
                .OrderBy(static e => e.Name, StringComparer.Ordinal)
                .ToList();
            await KeepAsync(directory, generation, () => index!.SetListingAsync(_space, directory, listing, cancellationToken)).ConfigureAwait(false);
        }
    }

    public async ValueTask<Stream> OpenReadAsync(VPath path, ByteRange range = default, CancellationToken cancellationToken = default)
    {
        if (Options.Files is not { } files || range.Offset < 0 || range.Length < 0)
            return await _inner.OpenReadAsync(path, range, cancellationToken).ConfigureAwait(false);
        var generation = Volatile.Read(ref _generation);
        var entry = Options.Read == ReadMode.Fresh
            ? await StatFromBackendAsync(path, cancellationToken).ConfigureAwait(false)
            : (await LookupAsync(path, cancellationToken).ConfigureAwait(false)).Entry;
        if (entry is null) throw ResourceException.NotFound(path);
        if (entry.IsDirectory) throw ResourceException.IsADirectory(path);
        if (entry.Kind != EntryKind.File || BlobKey(path, entry) is not { } key || entry.Size > files.Limit)
            return await _inner.OpenReadAsync(path, range, cancellationToken).ConfigureAwait(false);

        var cached = await GuardAsync(path, files.OpenReadAsync(key, range, cancellationToken)).ConfigureAwait(false);
        if (cached is not null)
        {
            CacheHitReport.MarkHit();
            return cached;
        }
        if (!range.IsAll)
        {
            if (entry.Size is not { } size || size > Options.WholeObjectBelow)
                return await _inner.OpenReadAsync(path, range, cancellationToken).ConfigureAwait(false);
            // Small enough that one whole fetch costs about what the slice does, and the next read is a hit.
            var whole = await ReadWholeAsync(path, cancellationToken).ConfigureAwait(false);
            if (whole.Length == size) await KeepAsync(path, generation, () => files.PutAsync(key, whole, cancellationToken)).ConfigureAwait(false);
            return new MemoryReadStream(RamFileCacheStore.Slice(whole, range));
        }
        var stream = await _inner.OpenReadAsync(path, ByteRange.All, cancellationToken).ConfigureAwait(false);
        return new CachingReadStream(stream, entry.Size, files.Limit, content => KeepAsync(path, generation, () => files.PutAsync(key, content, CancellationToken.None)));
    }

    // ---- the file tier as a whole (snapshots) ----

    /// <summary>
    /// The files of this tree the file tier holds, one per path (the most recently used version), each with the
    /// fingerprint it was cached under. Empty when the file tier cannot list its keys.
    /// </summary>
    public async IAsyncEnumerable<CachedFile> ListCachedFilesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (Options.Files is not IFileCacheKeys keys) yield break;
        var prefix = _space + "\n";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var key in keys.ListKeysAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            // The key is "namespace \n path \n version"; a version never holds a newline, a path might.
            var split = key.LastIndexOf('\n');
            if (split <= prefix.Length) continue;
            var path = key[prefix.Length..split];
            if (seen.Add(path)) yield return new CachedFile(VPath.Parse(path), key[(split + 1)..]);
        }
    }

    /// <summary>The cached bytes of <paramref name="file"/>, or null when they are no longer held.</summary>
    public async ValueTask<Stream?> OpenCachedFileAsync(CachedFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (Options.Files is not { } files) return null;
        return await GuardAsync(file.Path, files.OpenReadAsync(Key(file.Path, file.Fingerprint), ByteRange.All, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Puts bytes into the file tier under a path and fingerprint, as a read would have: the next read of the path
    /// serves them once the backend (or the index) gives the same fingerprint, and fetches anew when it does not.
    /// </summary>
    public async ValueTask KeepCachedFileAsync(CachedFile file, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (Options.Files is not { } files) return;
        await GuardAsync(file.Path, files.PutAsync(Key(file.Path, file.Fingerprint), content, cancellationToken)).ConfigureAwait(false);
    }

    // ---- changes ----

    public async ValueTask<EntryInfo> WriteAsync(VPath path, Stream content, WriteOptions options = default, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _inner.WriteAsync(path, content, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await ForgetAsync(path, tree: false).ConfigureAwait(false);
        }
    }

    public async ValueTask CreateDirectoryAsync(VPath path, CancellationToken cancellationToken = default)
    {
        try
        {
            await _inner.CreateDirectoryAsync(path, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await ForgetAsync(path, tree: false).ConfigureAwait(false);
        }
    }

    public async ValueTask RemoveAsync(VPath path, bool recursive = false, CancellationToken cancellationToken = default)
    {
        try
        {
            await _inner.RemoveAsync(path, recursive, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await ForgetAsync(path, tree: true).ConfigureAwait(false);
        }
    }

    public async ValueTask<EntryInfo> RenameAsync(VPath source, VPath destination, CancellationToken cancellationToken = default)
    {
        if (!_inner.TryGetCapability<IRenamable>(out var renamer)) throw ResourceException.NotSupported(source);
        try
        {
            return await renamer.RenameAsync(source, destination, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await ForgetAsync(source, tree: true).ConfigureAwait(false);
            await ForgetAsync(destination, tree: true).ConfigureAwait(false);
        }
    }

    public async ValueTask<EntryInfo> CopyAsync(VPath source, VPath destination, CancellationToken cancellationToken = default)
    {
        if (!_inner.TryGetCapability<IServerSideCopy>(out var copier)) throw ResourceException.NotSupported(source);
        try
        {
            return await copier.CopyAsync(source, destination, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await ForgetAsync(destination, tree: true).ConfigureAwait(false);
        }
    }

    public async ValueTask<EntryInfo> CreateSymlinkAsync(VPath path, string target, CancellationToken cancellationToken = default)
    {
        if (!_inner.TryGetCapability<ISymlinks>(out var links)) throw ResourceException.NotSupported(path);
        try
        {
            return await links.CreateSymlinkAsync(path, target, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await ForgetAsync(path, tree: false).ConfigureAwait(false);
        }
    }

    public ValueTask<string?> ReadLinkAsync(VPath path, CancellationToken cancellationToken = default) =>
        _inner.TryGetCapability<ISymlinks>(out var links) ? links.ReadLinkAsync(path, cancellationToken) : throw ResourceException.NotSupported(path);

    public async ValueTask SetModifiedAsync(VPath path, DateTimeOffset modified, CancellationToken cancellationToken = default)
    {
        if (!_inner.TryGetCapability<ITimestamps>(out var times)) throw ResourceException.NotSupported(path);
        try
        {
            await times.SetModifiedAsync(path, modified, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await ForgetAsync(path, tree: false).ConfigureAwait(false);
        }
    }

    public async ValueTask ChangeModeAsync(VPath path, int mode, CancellationToken cancellationToken = default)
    {
        if (!_inner.TryGetCapability<IChangeMode>(out var modes)) throw ResourceException.NotSupported(path);
        try
        {
            await modes.ChangeModeAsync(path, mode, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await ForgetAsync(path, tree: false).ConfigureAwait(false);
        }
    }

    /// <summary>The verbs this wrapper caches or invalidates are offered exactly when the wrapped resource has them; others pass through.</summary>
    public bool TryGetCapability<T>([NotNullWhen(true)] out T? capability) where T : class
    {
        if (typeof(T) == typeof(IRenamable) || typeof(T) == typeof(IServerSideCopy) || typeof(T) == typeof(ISymlinks)
            || typeof(T) == typeof(ITimestamps) || typeof(T) == typeof(IChangeMode) || typeof(T) == typeof(IRecursiveLister))
        {
            capability = _inner.TryGetCapability<T>(out _) ? this as T : null;
            return capability is not null;
        }
        if (typeof(T) == typeof(INameLister))
        {
            // Listings are answered from the cache, which keeps whole entries; a names-only pass-through would skip it.
            capability = null;
            return false;
        }
        return _inner.TryGetCapability(out capability);
    }

    public async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        if (Options.Owned is { } owned) await owned.DisposeAsync().ConfigureAwait(false);
    }

    // ---- internals ----

    /// <summary>A stat answer from the index when it has one, else from the backend (and then kept).</summary>
    private async ValueTask<(EntryInfo? Entry, bool FromCache)> LookupAsync(VPath path, CancellationToken cancellationToken)
    {
        if (Options.Index is { } index && await GuardAsync(path, index.GetStatAsync(_space, path, cancellationToken)).ConfigureAwait(false) is { } answer)
            return (answer.Entry, true);
        return (await StatFromBackendAsync(path, cancellationToken).ConfigureAwait(false), false);
    }

    private async ValueTask<EntryInfo?> StatFromBackendAsync(VPath path, CancellationToken cancellationToken)
    {
        var generation = Volatile.Read(ref _generation);
        var entry = await _inner.StatAsync(path, cancellationToken).ConfigureAwait(false);
        if (Options.Index is { } index && (entry is not null || Options.CacheAbsence))
            await KeepAsync(path, generation, () => index.SetStatAsync(_space, path, entry, cancellationToken)).ConfigureAwait(false);
        return entry;
    }

    /// <summary>Every directory's listing below <paramref name="root"/> from the index, parents first; null unless all are there.</summary>
    private async ValueTask<List<EntryInfo>?> CachedTreeAsync(IIndexCacheStore index, VPath root, CancellationToken cancellationToken)
    {
        var result = new List<EntryInfo>();
        var level = new List<VPath> { root };
        while (level.Count > 0)
        {
            var next = new List<VPath>();
            foreach (var directory in level)
            {
                var children = await GuardAsync(directory, index.GetListingAsync(_space, directory, cancellationToken)).ConfigureAwait(false);
                if (children is null) return null;
                foreach (var child in children)
                {
                    result.Add(child);
                    if (child.IsDirectory) next.Add(child.Path);
                }
            }
            level = next;
        }
        return result;
    }

    private async ValueTask<byte[]> ReadWholeAsync(VPath path, CancellationToken cancellationToken)
    {
        var stream = await _inner.OpenReadAsync(path, ByteRange.All, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
    }

    /// <summary>The file tier's key: the content changes, the fingerprint changes, the key changes. Null when the backend gives nothing to tell versions apart.</summary>
    private string? BlobKey(VPath path, EntryInfo entry)
    {
        var version = entry.Fingerprint
            ?? (entry is { Size: { } size, Modified: { } modified } ? $"{size}@{modified.UtcTicks}" : null);
        return version is null ? null : Key(path, version);
    }

    private string Key(VPath path, string version) => $"{_space}\n{path.Value}\n{version}";

    /// <summary>Stores an answer unless a change was made through this instance since it was fetched.</summary>
    private async ValueTask KeepAsync(VPath path, long generation, Func<ValueTask> store)
    {
        if (Volatile.Read(ref _generation) != generation) return;
        await GuardAsync(path, store()).ConfigureAwait(false);
    }

    private async ValueTask ForgetAsync(VPath path, bool tree)
    {
        Interlocked.Increment(ref _generation);
        if (Options.Index is not { } index) return;
        if (_hasLinks)
        {
            await GuardAsync(path, index.RemoveTreeAsync(_space, VPath.Root, CancellationToken.None)).ConfigureAwait(false);
            return;
        }
        await GuardAsync(path, tree ? index.RemoveTreeAsync(_space, path, CancellationToken.None) : index.RemoveAsync(_space, path, CancellationToken.None)).ConfigureAwait(false);
        if (!path.IsRoot) await GuardAsync(path, index.RemoveAsync(_space, path.Parent, CancellationToken.None)).ConfigureAwait(false);
    }

    private static async ValueTask GuardAsync(VPath path, ValueTask call)
    {
        try
        {
            await call.ConfigureAwait(false);
        }
        catch (CacheStoreException e)
        {
            throw Unavailable(path, e);
        }
    }

    private static async ValueTask<T> GuardAsync<T>(VPath path, ValueTask<T> call)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (CacheStoreException e)
        {
            throw Unavailable(path, e);
        }
    }

    private static ResourceException Unavailable(VPath path, CacheStoreException e) =>
        new(ResourceError.Transient, path, $"{path}: {ResourceException.Describe(ResourceError.Transient)} ({e.Message})", e) { Detail = e.Message };
}

/// <summary>A file held in the file tier: its path in the cached tree and the fingerprint (or size and time) it was cached under.</summary>
public sealed record CachedFile(VPath Path, string Fingerprint);
