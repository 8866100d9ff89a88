namespace Mirage.Vfs.Caching;

/// <summary>How a cached tree decides whether cached bytes may be served.</summary>
public enum ReadMode
{
    /// <summary>Trust the index for its time-to-live: a cache hit costs no backend call at all.</summary>
    Bounded,

    /// <summary>Stat the backend before serving cached bytes, and serve them only when the fingerprint still matches.</summary>
    Fresh,
}

public static class ReadModes
{
    public static bool TryParse(string text, out ReadMode mode)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "bounded":
                mode = ReadMode.Bounded;
                return true;
            case "fresh":
                mode = ReadMode.Fresh;
                return true;
            default:
                mode = ReadMode.Bounded;
                return false;
        }
    }
}

/// <summary>
/// What a <see cref="CachedResource"/> keeps and where. A tier left null is not cached.
/// </summary>
/// <param name="Index">Stat answers and listings.</param>
/// <param name="Files">Whole objects by path and fingerprint.</param>
public sealed record CacheOptions(IIndexCacheStore? Index, IFileCacheStore? Files, ReadMode Read = ReadMode.Bounded)
{
    /// <summary>Both tiers in this process's memory, with the default time-to-live and size limit.</summary>
    public static CacheOptions InMemory(ReadMode read = ReadMode.Bounded) => new(new RamIndexCacheStore(), new RamFileCacheStore(), read);

    /// <summary>
    /// What sets this tree apart from others sharing the same stores; processes that share a store and name the
    /// same backend the same way share its entries. Defaults to the wrapped resource's kind and description.
    /// </summary>
    public string? Namespace { get; init; }

    /// <summary>
    /// A ranged read of an object that is not cached fetches the whole object (and caches it) when the object is at
    /// most this large; larger objects are read by range from the backend and not cached, so `head` on a large
    /// object never downloads all of it.
    /// </summary>
    public long WholeObjectBelow { get; init; } = 1024 * 1024;

    /// <summary>Cache absent answers ("no such file") as well as present ones.</summary>
    public bool CacheAbsence { get; init; } = true;

    /// <summary>Disposed with the cached resource (stores it opened, or a share of them).</summary>
    public IAsyncDisposable? Owned { get; init; }
}
