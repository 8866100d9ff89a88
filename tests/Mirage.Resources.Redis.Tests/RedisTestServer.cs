using Mirage.Testing;
using StackExchange.Redis;

namespace Mirage.Resources.Redis.Tests;

/// <summary>The redis-server started by scripts/services.sh; every test works under its own key prefix.</summary>
internal static class RedisTestServer
{
    private static readonly Lazy<Task<ConnectionMultiplexer>> Shared = new(static () => ConnectionMultiplexer.ConnectAsync(RedisUrl.Parse(Url)));

    public static string Url => TestServices.Require("MIRAGE_TEST_REDIS_URL");

    public static string NewPrefix(string area) => $"mirage-test:{area}:{Guid.NewGuid():N}:";

    /// <summary>A resource under the prefix with small (64 KiB) chunks, so reads and writes span many round trips.</summary>
    public static RedisResource Resource(string prefix) => new(new RedisResourceOptions(Url, prefix) { ChunkSize = 64 * 1024 });

    /// <summary>A raw connection for looking behind the resource's back.</summary>
    public static Task<ConnectionMultiplexer> ConnectionAsync() => Shared.Value;

    public static async Task<List<string>> KeysAsync(string prefix)
    {
        var connection = await ConnectionAsync();
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var keys = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: prefix + "*", pageSize: 1000)) keys.Add(key!);
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    public static async Task DeleteAllAsync(string prefix)
    {
        var connection = await ConnectionAsync();
        var keys = await KeysAsync(prefix);
        if (keys.Count > 0) await connection.GetDatabase().KeyDeleteAsync([.. keys.Select(static k => (RedisKey)k)]);
    }
}
