namespace Mirage.Vfs.Caching;

/// <summary>
/// The index tier: stat answers (including "absent") and directory listings, each kept for a time-to-live.
/// Keys are a namespace (one per cached tree, so several mounts can share a store) and a path.
/// </summary>
public interface IIndexCacheStore
{
    /// <summary>How long an answer is trusted.</summary>
    TimeSpan TimeToLive { get; }

    /// <summary>The cached stat answer, or null when nothing is cached (an absent entry is a hit whose <see cref="IndexAnswer.Entry"/> is null).</summary>
    ValueTask<IndexAnswer?> GetStatAsync(string space, VPath path, CancellationToken cancellationToken = default);

    ValueTask SetStatAsync(string space, VPath path, EntryInfo? entry, CancellationToken cancellationToken = default);

    /// <summary>The cached children of a directory in ordinal name order, or null when not cached.</summary>
    ValueTask<IReadOnlyList<EntryInfo>?> GetListingAsync(string space, VPath directory, CancellationToken cancellationToken = default);

    /// <summary>Keeps a listing and, for each child, its stat answer.</summary>
    ValueTask SetListingAsync(string space, VPath directory, IReadOnlyList<EntryInfo> children, CancellationToken cancellationToken = default);

    /// <summary>Forgets the stat answer and the listing of one path.</summary>
    ValueTask RemoveAsync(string space, VPath path, CancellationToken cancellationToken = default);

    /// <summary>Forgets everything at or below <paramref name="root"/> (a store may forget more, never less).</summary>
    ValueTask RemoveTreeAsync(string space, VPath root, CancellationToken cancellationToken = default);
}

/// <summary>A cached stat answer; <see cref="Entry"/> null means the path is known to be absent.</summary>
public sealed record IndexAnswer(EntryInfo? Entry);

/// <summary>
/// The file tier: whole objects by key (the cached tree's namespace, path and fingerprint), bounded by
/// <see cref="Limit"/> bytes and evicting the least recently used. A key's bytes never change, since a
/// different content has a different fingerprint and so a different key.
/// </summary>
public interface IFileCacheStore
{
    /// <summary>The most bytes kept; an object larger than this is never stored.</summary>
    long Limit { get; }

    /// <summary>A slice of a stored object (marking it recently used), or null when the key is not stored.</summary>
    ValueTask<Stream?> OpenReadAsync(string key, ByteRange range, CancellationToken cancellationToken = default);

    /// <summary>Stores a whole object, evicting older ones to stay within <see cref="Limit"/>. The store may keep <paramref name="content"/> as given.</summary>
    ValueTask PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);
}

/// <summary>
/// A file tier that can say which keys it holds, so that a snapshot can carry the cached files with it.
/// </summary>
public interface IFileCacheKeys
{
    /// <summary>The stored keys that start with <paramref name="prefix"/>, most recently used first.</summary>
    IAsyncEnumerable<string> ListKeysAsync(string prefix, CancellationToken cancellationToken = default);
}

/// <summary>A cache store could not answer (its server is down, say); the message names the store and the cause.</summary>
public sealed class CacheStoreException(string message, Exception? innerException = null) : IOException(message, innerException);
