using System.Diagnostics.CodeAnalysis;
using Mirage.Vfs;
using Mirage.Vfs.Caching;
using Mirage.Vfs.Disk;
using Mirage.Vfs.Ram;

namespace Mirage.Configuration;

/// <summary>
/// How to build one kind of resource from a YAML <c>config:</c> block. <see cref="Create"/> reads the keys it
/// knows through the <see cref="ConfigReader"/> (which then reports any other key as unknown) and returns
/// null when the block had errors.
/// </summary>
public sealed record ResourceDescriptor(string Name, string Description, Func<ConfigReader, IResource?> Create)
{
    /// <summary>
    /// Whether a workspace-level <c>cache:</c> or <c>index:</c> applies to mounts of this type. Local types (ram,
    /// disk) answer faster than any cache would and say false; a mount can still ask for a cache itself.
    /// </summary>
    public bool CachedByDefault { get; init; } = true;
}

/// <summary>
/// A kind of cache store (<c>type:</c> in a <c>cache:</c> or <c>index:</c> block). Each factory reads the keys it
/// knows (url, prefix, ...) through the <see cref="ConfigReader"/>; the limit and time-to-live are read for it.
/// </summary>
public sealed record CacheStoreDescriptor(
    string Name,
    Func<ConfigReader, TimeSpan, IIndexCacheStore?> CreateIndex,
    Func<ConfigReader, long, IFileCacheStore?> CreateFiles);

/// <summary>Mount types by name. Resource packages add their own with <see cref="Add"/>.</summary>
public sealed class ResourceRegistry
{
    private readonly Dictionary<string, ResourceDescriptor> _descriptors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CacheStoreDescriptor> _cacheStores = new(StringComparer.Ordinal);

    /// <summary>A registry with the built-in types: ram and disk mounts, and ram cache stores.</summary>
    public static ResourceRegistry CreateDefault()
    {
        var registry = new ResourceRegistry();
        registry.Add(new ResourceDescriptor("ram", "Files kept in memory for the life of the workspace.", _ => new RamResource()) { CachedByDefault = false });
        registry.Add(new ResourceDescriptor("disk", "A folder of the host machine; nothing outside it is reachable.", config =>
        {
            var root = config.String("root", required: true);
            if (root is null) return null;
            var full = Path.GetFullPath(root);
            if (!Directory.Exists(full))
            {
                config.Error(config.Node["root"]!, $"host folder '{root}' does not exist");
                return null;
            }
            return new DiskResource(full);
        }) { CachedByDefault = false });
        registry.AddCacheStore(new CacheStoreDescriptor("ram", static (_, ttl) => new RamIndexCacheStore(ttl), static (_, limit) => new RamFileCacheStore(limit)));
        return registry;
    }

    public ResourceRegistry Add(ResourceDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        _descriptors[descriptor.Name] = descriptor;
        return this;
    }

    /// <summary>
    /// A mount type whose <c>config:</c> block is read into options first; when <paramref name="readOptions"/>
    /// returns null (its errors reported through the reader) no resource is made.
    /// </summary>
    public ResourceRegistry Add<TOptions>(string name, string description, Func<ConfigReader, TOptions?> readOptions, Func<TOptions, IResource> create)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(readOptions);
        ArgumentNullException.ThrowIfNull(create);
        return Add(new ResourceDescriptor(name, description, config => readOptions(config) is { } options ? create(options) : null));
    }

    public IEnumerable<string> Names => _descriptors.Keys.Order(StringComparer.Ordinal);

    public ResourceRegistry AddCacheStore(CacheStoreDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        _cacheStores[descriptor.Name] = descriptor;
        return this;
    }

    public IEnumerable<string> CacheStoreNames => _cacheStores.Keys.Order(StringComparer.Ordinal);

    public bool TryGetCacheStore(string name, [NotNullWhen(true)] out CacheStoreDescriptor? descriptor) => _cacheStores.TryGetValue(name, out descriptor);

    public bool TryGet(string name, [NotNullWhen(true)] out ResourceDescriptor? descriptor) => _descriptors.TryGetValue(name, out descriptor);
}
