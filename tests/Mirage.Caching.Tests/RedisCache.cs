using Mirage.Caching.Redis;
using Mirage.Vfs.Caching;

namespace Mirage.Caching.Tests;

/// <summary>A cache kept in Redis: an index store and a file store under one key prefix, disposed with the cache.</summary>
internal static class RedisCache
{
    /// <summary>Room enough that no test evicts by accident.</summary>
    public const long RoomyLimit = 64L * 1024 * 1024;

    public static CacheOptions Options(string url, string prefix, long limit = RoomyLimit, TimeSpan? timeout = null)
    {
        var index = new RedisIndexCacheStore(url, keyPrefix: prefix, timeout: timeout);
        var files = new RedisFileCacheStore(url, limit, prefix, timeout);
        return new CacheOptions(index, files) { Owned = new Both(index, files) };
    }

    private sealed class Both(IAsyncDisposable first, IAsyncDisposable second) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
        }
    }
}
