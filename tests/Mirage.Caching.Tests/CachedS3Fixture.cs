using Mirage.Resources.Redis.Tests;
using Mirage.Resources.S3.Tests;
using Mirage.Vfs;
using Mirage.Vfs.Caching;

namespace Mirage.Caching.Tests;

/// <summary>
/// What a test of a cached S3 mount stands on: a fresh key prefix in s3rver for the objects, and a fresh key
/// prefix in redis-server for a cache kept there. Disposing deletes what is under both.
/// </summary>
internal sealed class CachedS3Fixture(string area) : IAsyncDisposable
{
    /// <summary>The objects behind the mount, reachable without it.</summary>
    public S3TestPrefix Objects { get; } = new(area);

    /// <summary>Where a cache kept in Redis puts its keys.</summary>
    public string CachePrefix { get; } = RedisTestServer.NewPrefix(area);

    /// <summary>Makes sure the bucket is there; call before anything else.</summary>
    public Task InitializeAsync() => Objects.InitializeAsync();

    /// <summary>A cache in redis-server under <see cref="CachePrefix"/>; every one made here shares the keys.</summary>
    public CacheOptions RedisCacheOptions() => RedisCache.Options(RedisTestServer.Url, CachePrefix);

    /// <summary>Deletes the Redis cache's keys behind its back.</summary>
    public Task DeleteRedisCacheAsync() => RedisTestServer.DeleteAllAsync(CachePrefix);

    /// <summary>A workspace with the objects mounted at /s3 behind <paramref name="cache"/>; its S3 client counts what it sends on <paramref name="wire"/>.</summary>
    public Workspace WorkspaceOver(WireCounter wire, CacheOptions cache)
    {
        var workspace = new Workspace(new Dictionary<string, IResource>());
        workspace.Mount("/s3", Objects.CountedResource(wire), cache);
        return workspace;
    }

    public async ValueTask DisposeAsync()
    {
        await Objects.DisposeAsync();
        await DeleteRedisCacheAsync();
    }
}
