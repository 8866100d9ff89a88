using System.Text.Json;
using System.Text.Json.Serialization;
using Mirage.Vfs;
using Mirage.Vfs.Caching;
using StackExchange.Redis;

namespace Mirage.Caching.Redis;

/// <summary>
/// The index tier in Redis, shared by every process using the same server and key prefix. Answers are strings
/// with a Redis expiry (the time-to-live): <c>{prefix}{space}:{epoch}:s:{path}</c> for stat ("-" when absent) and
/// <c>…:l:{path}</c> for listings, as JSON. Forgetting a subtree bumps the space's epoch, which retires every answer
/// of that space at once (they then expire on their own): a subtree cannot be found without scanning the keyspace.
/// </summary>
public sealed class RedisIndexCacheStore : IIndexCacheStore, IAsyncDisposable
{
    private const string Absent = "-";

    // KEYS[1] epoch; ARGV[1] key base; ARGV[2] key suffix.
    private const string GetScript = """
        local e = redis.call('GET', KEYS[1]) or '0'
        return redis.call('GET', ARGV[1] .. e .. ARGV[2])
        """;

    // KEYS[1] epoch; ARGV[1] key base; ARGV[2] ttl ms; then suffix, value pairs.
    private const string SetScript = """
        local e = redis.call('GET', KEYS[1]) or '0'
        for i = 3, #ARGV, 2 do
          redis.call('SET', ARGV[1] .. e .. ARGV[i], ARGV[i + 1], 'PX', ARGV[2])
        end
        return 1
        """;

    // KEYS[1] epoch; ARGV[1] key base; then suffixes.
    private const string RemoveScript = """
        local e = redis.call('GET', KEYS[1]) or '0'
        for i = 2, #ARGV do
          redis.call('DEL', ARGV[1] .. e .. ARGV[i])
        end
        return 1
        """;

    private readonly RedisCacheConnection _connection;
    private readonly string _prefix;

    /// <param name="url">redis://host:port[/db] or a StackExchange.Redis configuration string.</param>
    /// <param name="keyPrefix">Starts every key this store writes, so several caches (or tests) can share a server.</param>
    public RedisIndexCacheStore(string url, TimeSpan? timeToLive = null, string keyPrefix = "mirage-cache:", TimeSpan? timeout = null)
        : this(new RedisCacheConnection(url, timeout ?? TimeSpan.FromSeconds(10)), timeToLive, keyPrefix)
    {
    }

    /// <summary>A store over a connection the caller owns.</summary>
    public RedisIndexCacheStore(IConnectionMultiplexer connection, TimeSpan? timeToLive = null, string keyPrefix = "mirage-cache:")
        : this(new RedisCacheConnection(connection), timeToLive, keyPrefix)
    {
    }

    private RedisIndexCacheStore(RedisCacheConnection connection, TimeSpan? timeToLive, string keyPrefix)
    {
        _connection = connection;
        _prefix = keyPrefix;
        TimeToLive = timeToLive ?? RamIndexCacheStore.DefaultTimeToLive;
        if (TimeToLive <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeToLive), "The time-to-live must be positive.");
    }

    public TimeSpan TimeToLive { get; }

    public async ValueTask<IndexAnswer?> GetStatAsync(string space, VPath path, CancellationToken cancellationToken = default)
    {
        var value = await GetAsync(space, StatSuffix(path), cancellationToken).ConfigureAwait(false);
        if (value is null) return null;
        return new IndexAnswer(value == Absent ? null : FromDto(JsonSerializer.Deserialize(value, IndexJson.Default.EntryDto)!));
    }

    public ValueTask SetStatAsync(string space, VPath path, EntryInfo? entry, CancellationToken cancellationToken = default) =>
        SetAsync(space, [StatSuffix(path), entry is null ? Absent : JsonSerializer.Serialize(ToDto(entry), IndexJson.Default.EntryDto)], cancellationToken);

    public async ValueTask<IReadOnlyList<EntryInfo>?> GetListingAsync(string space, VPath directory, CancellationToken cancellationToken = default)
    {
        var value = await GetAsync(space, ListingSuffix(directory), cancellationToken).ConfigureAwait(false);
        return value is null ? null : JsonSerializer.Deserialize(value, IndexJson.Default.EntryDtoArray)!.Select(FromDto).ToList();
    }

    public ValueTask SetListingAsync(string space, VPath directory, IReadOnlyList<EntryInfo> children, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(children);
        var pairs = new List<RedisValue>(2 + (children.Count * 2))
        {
            ListingSuffix(directory),
            JsonSerializer.Serialize(children.Select(ToDto).ToArray(), IndexJson.Default.EntryDtoArray),
        };
        foreach (var child in children)
        {
            pairs.Add(StatSuffix(child.Path));
            pairs.Add(JsonSerializer.Serialize(ToDto(child), IndexJson.Default.EntryDto));
        }
        return SetAsync(space, pairs, cancellationToken);
    }

    public async ValueTask RemoveAsync(string space, VPath path, CancellationToken cancellationToken = default) =>
        await _connection.EvaluateAsync(RemoveScript, [EpochKey(space)], [Base(space), StatSuffix(path), ListingSuffix(path)], cancellationToken).ConfigureAwait(false);

    public async ValueTask RemoveTreeAsync(string space, VPath root, CancellationToken cancellationToken = default) =>
        await _connection.CallAsync(db => db.StringIncrementAsync(EpochKey(space)), cancellationToken).ConfigureAwait(false);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private async ValueTask<string?> GetAsync(string space, string suffix, CancellationToken cancellationToken)
    {
        var result = await _connection.EvaluateAsync(GetScript, [EpochKey(space)], [Base(space), suffix], cancellationToken).ConfigureAwait(false);
        return result.IsNull ? null : (string?)result;
    }

    private async ValueTask SetAsync(string space, IReadOnlyList<RedisValue> pairs, CancellationToken cancellationToken)
    {
        RedisValue[] values = [Base(space), (long)TimeToLive.TotalMilliseconds, .. pairs];
        await _connection.EvaluateAsync(SetScript, [EpochKey(space)], values, cancellationToken).ConfigureAwait(false);
    }

    private string Base(string space) => $"{_prefix}i:{RedisKeys.Digest(space)}:";

    private RedisKey EpochKey(string space) => Base(space) + "epoch";

    private static string StatSuffix(VPath path) => ":s:" + path.Value;

    private static string ListingSuffix(VPath path) => ":l:" + path.Value;

    private static EntryDto ToDto(EntryInfo e) => new(e.Path.Value, e.Kind, e.Size, e.Modified, e.Fingerprint, e.Mode, e.LinkTarget);

    private static EntryInfo FromDto(EntryDto d) => new(VPath.Parse(d.Path), d.Kind, d.Size, d.Modified, d.Fingerprint, d.Mode, d.LinkTarget);
}

internal sealed record EntryDto(string Path, EntryKind Kind, long? Size, DateTimeOffset? Modified, string? Fingerprint, int? Mode, string? LinkTarget);

[JsonSerializable(typeof(EntryDto))]
[JsonSerializable(typeof(EntryDto[]))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class IndexJson : JsonSerializerContext;
