using Mirage.Vfs;
using Mirage.Vfs.Caching;

namespace Mirage.Configuration;

/// <summary>
/// The <c>cache:</c> (file tier: type, limit, url), <c>index:</c> (type, ttl, url) and <c>read:</c> (bounded or
/// fresh) keys of one level, workspace or mount. A mount's own block replaces the workspace's block of the same
/// name whole. A tier of <c>type: none</c> is not cached; when only one tier is given, the other is kept in RAM.
/// </summary>
internal sealed class CacheConfig
{
    private readonly ConfigNode? _files;
    private readonly ConfigNode? _index;
    private readonly ReadMode? _read;
    private readonly string? _readText;

    private CacheConfig(ConfigNode? files, ConfigNode? index, ReadMode? read, string? readText)
    {
        _files = files;
        _index = index;
        _read = read;
        _readText = readText;
    }

    public bool IsEmpty => _files is null && _index is null;

    /// <summary>This level's own keys as written.</summary>
    public CacheDeclaration Declaration => new(_files, _index, _readText);

    /// <summary>Reads the keys of one level; errors go to the reader.</summary>
    public static CacheConfig Read(ConfigReader reader)
    {
        var files = reader.Section("cache");
        var index = reader.Section("index");
        var readText = reader.String("read");
        ReadMode? read = null;
        if (readText is not null)
        {
            if (ReadModes.TryParse(readText, out var mode)) read = mode;
            else reader.Error(reader.Node["read"]!, $"expected bounded or fresh, got '{readText}'");
        }
        return new CacheConfig(files, index, read, read is null ? null : readText);
    }

    /// <summary>This level's blocks, each falling back to <paramref name="outer"/>'s.</summary>
    public CacheConfig Over(CacheConfig outer) => new(_files ?? outer._files, _index ?? outer._index, _read ?? outer._read, _readText ?? outer._readText);

    /// <summary>The stores these blocks describe, or null when neither tier is cached. Errors name the file, line and key.</summary>
    public CacheOptions? Build(ResourceRegistry registry, List<string> errors)
    {
        if (IsEmpty) return null;
        var before = errors.Count;
        var index = BuildTier(_index, registry, errors, out var indexNone, static (descriptor, reader) =>
        {
            var ttl = reader.Duration("ttl") ?? RamIndexCacheStore.DefaultTimeToLive;
            if (ttl <= TimeSpan.Zero) reader.Error(reader.Node["ttl"]!, "expected a time-to-live above zero");
            return descriptor.CreateIndex(reader, ttl);
        });
        var files = BuildTier(_files, registry, errors, out var filesNone, static (descriptor, reader) =>
            descriptor.CreateFiles(reader, reader.Size("limit") ?? RamFileCacheStore.DefaultLimit));
        if (errors.Count > before) return null;
        if (index is null && !indexNone) index = new RamIndexCacheStore();
        if (files is null && !filesNone) files = new RamFileCacheStore();
        if (index is null && files is null) return null;
        return new CacheOptions(index, files, _read ?? ReadMode.Bounded) { Owned = new StoreOwnership(index, files) };
    }

    private static T? BuildTier<T>(ConfigNode? node, ResourceRegistry registry, List<string> errors, out bool none, Func<CacheStoreDescriptor, ConfigReader, T?> create)
        where T : class
    {
        none = false;
        if (node is null) return null;
        var reader = new ConfigReader(node, errors);
        var type = reader.String("type") ?? "ram";
        if (type == "none")
        {
            none = true;
            reader.RejectUnknownKeys();
            return null;
        }
        if (!registry.TryGetCacheStore(type, out var descriptor))
        {
            reader.Error(node["type"]!, $"unknown cache type '{type}' (known: {string.Join(", ", registry.CacheStoreNames.Append("none"))})");
            return null;
        }
        var store = create(descriptor, reader);
        reader.RejectUnknownKeys();
        return store;
    }

    /// <summary>Disposes the stores a configured cache opened, with the mount.</summary>
    private sealed class StoreOwnership(params object?[] stores) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var store in stores)
            {
                if (store is IAsyncDisposable disposable) await disposable.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}

/// <summary>
/// The <c>cache:</c>, <c>index:</c> and <c>read:</c> keys of one level (workspace or mount) as written, after
/// <c>${VAR}</c> substitution: what snapshots record so that a restored workspace caches as the original did.
/// </summary>
public sealed record CacheDeclaration(ConfigNode? Cache, ConfigNode? Index, string? Read)
{
    public static CacheDeclaration None { get; } = new(null, null, null);
}
