using System.Runtime.CompilerServices;
using Mirage.Vfs;
using Mirage.Vfs.Caching;
using StackExchange.Redis;

namespace Mirage.Caching.Redis;

/// <summary>
/// The file tier in Redis, one LRU shared by every process using the same server and key prefix. Each object is a
/// string <c>{prefix}f:b:{digest}</c>; a sorted set orders the digests by last use (a shared counter, so clocks of
/// different machines do not matter), a hash holds their sizes and a counter their total. Storing and evicting
/// happen in one Lua script, so concurrent writers never push the total past the limit for long nor lose track
/// of a size. Ranges are served by GETRANGE, without moving the whole object. A last hash maps each digest back to
/// its key, so that the store can list what it holds.
/// </summary>
public sealed class RedisFileCacheStore : IFileCacheStore, IFileCacheKeys, IAsyncDisposable
{
    // KEYS: blob, lru, sizes, total, clock, names. ARGV: member, content, limit, blob key prefix, key.
    private const string PutScript = """
        local size = string.len(ARGV[2])
        local limit = tonumber(ARGV[3])
        if size > limit then return 0 end
        local old = redis.call('HGET', KEYS[3], ARGV[1])
        if old then redis.call('DECRBY', KEYS[4], old) end
        redis.call('SET', KEYS[1], ARGV[2])
        redis.call('HSET', KEYS[3], ARGV[1], size)
        redis.call('HSET', KEYS[6], ARGV[1], ARGV[5])
        redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[5]), ARGV[1])
        local total = redis.call('INCRBY', KEYS[4], size)
        while total > limit do
          local oldest = redis.call('ZRANGE', KEYS[2], 0, 0)[1]
          if not oldest or oldest == ARGV[1] then break end
          local s = redis.call('HGET', KEYS[3], oldest) or '0'
          redis.call('DEL', ARGV[4] .. oldest)
          redis.call('HDEL', KEYS[3], oldest)
          redis.call('HDEL', KEYS[6], oldest)
          redis.call('ZREM', KEYS[2], oldest)
          total = redis.call('DECRBY', KEYS[4], s)
        end
        return 1
        """;

    // KEYS: blob, lru, sizes, total, clock, names. ARGV: member, start ('all' for the whole object), end.
    private const string GetScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then
          local s = redis.call('HGET', KEYS[3], ARGV[1])
          if s then
            redis.call('HDEL', KEYS[3], ARGV[1])
            redis.call('HDEL', KEYS[6], ARGV[1])
            redis.call('ZREM', KEYS[2], ARGV[1])
            redis.call('DECRBY', KEYS[4], s)
          end
          return false
        end
        redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[5]), ARGV[1])
        if ARGV[2] == 'all' then return redis.call('GET', KEYS[1]) end
        if ARGV[2] == 'none' then return '' end
        return redis.call('GETRANGE', KEYS[1], ARGV[2], ARGV[3])
        """;

    private readonly RedisCacheConnection _connection;
    private readonly string _prefix;

    /// <param name="url">redis://host:port[/db] or a StackExchange.Redis configuration string.</param>
    /// <param name="limit">The most bytes kept by all processes together (parse "512MB" with <see cref="ByteSize"/>).</param>
    /// <param name="keyPrefix">Starts every key this store writes, so several caches (or tests) can share a server.</param>
    public RedisFileCacheStore(string url, long limit, string keyPrefix = "mirage-cache:", TimeSpan? timeout = null)
        : this(new RedisCacheConnection(url, timeout ?? TimeSpan.FromSeconds(10)), limit, keyPrefix)
    {
    }

    /// <summary>A store over a connection the caller owns.</summary>
    public RedisFileCacheStore(IConnectionMultiplexer connection, long limit, string keyPrefix = "mirage-cache:")
        : this(new RedisCacheConnection(connection), limit, keyPrefix)
    {
    }

    private RedisFileCacheStore(RedisCacheConnection connection, long limit, string keyPrefix)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        _connection = connection;
        _prefix = keyPrefix;
        Limit = limit;
    }

    public long Limit { get; }

    /// <summary>The bytes all processes hold in this store now.</summary>
    public async ValueTask<long> BytesAsync(CancellationToken cancellationToken = default)
    {
        var value = await _connection.CallAsync(db => db.StringGetAsync(TotalKey), cancellationToken).ConfigureAwait(false);
        return value.IsNull ? 0 : (long)value;
    }

    public async ValueTask<Stream?> OpenReadAsync(string key, ByteRange range, CancellationToken cancellationToken = default)
    {
        var member = RedisKeys.Digest(key);
        RedisValue start = "all", end = -1;
        if (range.Length == 0) start = "none";
        else if (!range.IsAll)
        {
            start = range.Offset;
            end = range.Length is { } length ? range.Offset + length - 1 : -1;
        }
        var result = await _connection.EvaluateAsync(GetScript, Keys(member), [member, start, end], cancellationToken).ConfigureAwait(false);
        if (result.IsNull) return null;
        var bytes = (byte[]?)result ?? [];
        return new MemoryReadStream(bytes);
    }

    public async ValueTask PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        if (content.Length > Limit) return;
        var member = RedisKeys.Digest(key);
        await _connection.EvaluateAsync(PutScript, Keys(member), [member, content, Limit, BlobPrefix, key], cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        const int Page = 500;
        for (long start = 0; ; start += Page)
        {
            var members = await _connection.CallAsync(db => db.SortedSetRangeByRankAsync(LruKey, start, start + Page - 1, Order.Descending), cancellationToken).ConfigureAwait(false);
            if (members.Length == 0) yield break;
            var names = await _connection.CallAsync(db => db.HashGetAsync(NamesKey, members), cancellationToken).ConfigureAwait(false);
            foreach (var name in names)
            {
                // Objects stored before names were kept have none; they cannot be listed and are skipped.
                if ((string?)name is { } key && key.StartsWith(prefix, StringComparison.Ordinal)) yield return key;
            }
            if (members.Length < Page) yield break;
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private string BlobPrefix => _prefix + "f:b:";

    private RedisKey TotalKey => _prefix + "f:total";

    private RedisKey LruKey => _prefix + "f:lru";

    private RedisKey NamesKey => _prefix + "f:names";

    private RedisKey[] Keys(string member) => [BlobPrefix + member, LruKey, _prefix + "f:sizes", TotalKey, _prefix + "f:clock", NamesKey];
}
