using Mirage.Caching.Redis;
using Mirage.Configuration;
using Mirage.Resources.S3;
using Mirage.Vfs.Caching;

namespace Mirage.Caching.Tests;

/// <summary>The cache, index and read keys of workspace YAML, at workspace and mount level.</summary>
public sealed class CacheConfigTests
{
    private const string S3Config = "{ bucket: b, endpoint: 'http://127.0.0.1:1', access_key_id: a, secret_access_key: s, path_style: true }";

    [Fact]
    public async Task Workspace_level_cache_covers_remote_mounts_but_not_ram_or_disk()
    {
        var config = Parse($"""
            cache: {"{"} type: ram, limit: 64MB {"}"}
            index: {"{"} ttl: 30s {"}"}
            read: fresh
            mounts:
              /s3: {"{"} type: s3, config: {S3Config} {"}"}
              /tmp: {"{"} type: ram {"}"}
            """);
        var s3 = Assert.IsType<CachedResource>(config.Mounts.Single(m => m.Prefix == "/s3").Resource);
        Assert.IsType<S3Resource>(s3.Inner);
        Assert.Equal(64_000_000, Assert.IsType<RamFileCacheStore>(s3.Options.Files).Limit);
        Assert.Equal(TimeSpan.FromSeconds(30), Assert.IsType<RamIndexCacheStore>(s3.Options.Index).TimeToLive);
        Assert.Equal(ReadMode.Fresh, s3.Options.Read);
        Assert.IsNotType<CachedResource>(config.Mounts.Single(m => m.Prefix == "/tmp").Resource);
        foreach (var mount in config.Mounts) await mount.Resource.DisposeAsync();
    }

    [Fact]
    public async Task Mount_level_settings_override_the_workspace_and_can_cache_a_ram_mount_or_turn_a_tier_off()
    {
        var config = Parse($"""
            cache: {"{"} type: redis, url: "redis://127.0.0.1:6390", limit: 1GB, prefix: "t:" {"}"}
            mounts:
              /s3:
                type: s3
                config: {S3Config}
                cache: {"{"} type: none {"}"}
                read: bounded
              /scratch:
                type: ram
                cache: {"{"} limit: 1MiB {"}"}
            """);
        var s3 = Assert.IsType<CachedResource>(config.Mounts.Single(m => m.Prefix == "/s3").Resource);
        Assert.Null(s3.Options.Files);
        Assert.IsType<RamIndexCacheStore>(s3.Options.Index);
        var scratch = Assert.IsType<CachedResource>(config.Mounts.Single(m => m.Prefix == "/scratch").Resource);
        Assert.Equal(1024 * 1024, Assert.IsType<RamFileCacheStore>(scratch.Options.Files).Limit);
        foreach (var mount in config.Mounts) await mount.Resource.DisposeAsync();
    }

    [Fact]
    public async Task Redis_stores_are_made_from_their_yaml_block()
    {
        var config = Parse($"""
            mounts:
              /s3:
                type: s3
                config: {S3Config}
                cache: {"{"} type: redis, url: "redis://127.0.0.1:6390", limit: 10MB {"}"}
                index: {"{"} type: redis, url: "redis://127.0.0.1:6390", ttl: 2m {"}"}
            """);
        var s3 = Assert.IsType<CachedResource>(Assert.Single(config.Mounts).Resource);
        Assert.Equal(10_000_000, Assert.IsType<RedisFileCacheStore>(s3.Options.Files).Limit);
        Assert.Equal(TimeSpan.FromMinutes(2), Assert.IsType<RedisIndexCacheStore>(s3.Options.Index).TimeToLive);
        await s3.DisposeAsync();
    }

    [Theory]
    [InlineData("cache: { limit: 12XB }", "ws.yaml:5: mounts./s3.cache.limit: expected a size such as 512MB, got '12XB'")]
    [InlineData("cache: { type: memcached }", "ws.yaml:5: mounts./s3.cache.type: unknown cache type 'memcached' (known: ram, redis, none)")]
    [InlineData("index: { ttl: soon }", "ws.yaml:5: mounts./s3.index.ttl: expected a duration such as 600, 30s, 10m or 1h, got 'soon'")]
    [InlineData("read: sometimes", "ws.yaml:5: mounts./s3.read: expected bounded or fresh, got 'sometimes'")]
    [InlineData("cache: { type: redis }", "ws.yaml:5: mounts./s3.cache.url: required key is missing")]
    [InlineData("cache: { type: ram, size: 1GB }", "ws.yaml:5: mounts./s3.cache.size: unknown key (expected one of: limit, type)")]
    public void Bad_values_are_reported_with_file_line_and_key(string line, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => Parse($"""
            mounts:
              /s3:
                type: s3
                config: {S3Config}
                {line}
            """));
        Assert.Equal(expected, Assert.Single(error.Errors));
    }

    [Fact]
    public void A_bad_workspace_level_size_names_its_line()
    {
        var error = Assert.Throws<ConfigurationException>(() => Parse($"""
            mounts:
              /s3: {"{"} type: s3, config: {S3Config} {"}"}
            cache:
              limit: lots
            """));
        Assert.Equal("ws.yaml:4: cache.limit: expected a size such as 512MB, got 'lots'", Assert.Single(error.Errors));
    }

    private static WorkspaceConfig Parse(string yaml)
    {
        var registry = ResourceRegistry.CreateDefault();
        S3ResourceRegistration.Register(registry);
        RedisCacheRegistration.Register(registry);
        return WorkspaceConfig.Parse(yaml, "ws.yaml", registry, static _ => null);
    }
}
