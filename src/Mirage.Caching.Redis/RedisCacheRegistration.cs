using Mirage.Configuration;
using Mirage.Vfs.Caching;

namespace Mirage.Caching.Redis;

/// <summary>
/// The "redis" cache store type for <c>cache:</c> and <c>index:</c> blocks. YAML keys: url (required), prefix (the
/// key prefix, "mirage-cache:" by default) and timeout (a duration), beside the limit or ttl every store has.
/// </summary>
public static class RedisCacheRegistration
{
    public const string TypeName = "redis";

    public static ResourceRegistry Register(ResourceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.AddCacheStore(new CacheStoreDescriptor(
            TypeName,
            static (config, ttl) => Read(config) is var (url, prefix, timeout) ? new RedisIndexCacheStore(url, ttl, prefix, timeout) : null,
            static (config, limit) => Read(config) is var (url, prefix, timeout) ? new RedisFileCacheStore(url, limit, prefix, timeout) : null));
    }

    private static (string Url, string Prefix, TimeSpan Timeout)? Read(ConfigReader config)
    {
        var url = config.String("url", required: true);
        var prefix = config.String("prefix") ?? "mirage-cache:";
        var timeout = config.Duration("timeout") ?? TimeSpan.FromSeconds(10);
        if (url is null) return null;
        try
        {
            Mirage.Resources.Redis.RedisUrl.Parse(url);
        }
        catch (Exception e) when (e is ArgumentException or UriFormatException or FormatException)
        {
            config.Error(config.Node["url"]!, $"expected a redis:// URL or host:port, got '{url}'");
            return null;
        }
        return (url, prefix, timeout);
    }
}
