using Mirage.Configuration;

namespace Mirage.Resources.Redis;

/// <summary>The "redis" mount type. YAML keys: url (required), prefix, and optionally timeout (a duration).</summary>
public static class RedisResourceRegistration
{
    public const string TypeName = "redis";

    public static ResourceRegistry Register(ResourceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.Add(TypeName, "Files and directories stored in Redis under a key prefix.", ReadOptions, static options => new RedisResource(options));
    }

    /// <summary>The options of one <c>config:</c> block, or null when it has errors (reported through <paramref name="config"/>).</summary>
    public static RedisResourceOptions? ReadOptions(ConfigReader config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var before = config.Errors.Count;
        var url = config.String("url", required: true);
        var prefix = config.String("prefix");
        var timeout = config.Duration("timeout");
        if (url is not null)
        {
            try
            {
                RedisUrl.Parse(url);
            }
            catch (Exception e) when (e is ArgumentException or UriFormatException)
            {
                config.Error(config.Node["url"]!, $"expected redis://host:port[/db] or host:port, got '{url}'");
            }
        }
        if (url is null || config.Errors.Count > before) return null;
        var options = new RedisResourceOptions(url, prefix ?? "mirage:");
        return timeout is { } t ? options with { Timeout = t } : options;
    }
}
