using Mirage.Caching.Redis;
using Mirage.Resources.Redis.Tests;
using Mirage.Vfs;
using Mirage.Vfs.Caching;
using StackExchange.Redis;

namespace Mirage.Caching.Tests;

/// <summary>The Redis stores against the real server; two store instances stand for two processes.</summary>
public sealed class RedisStoreTests : IAsyncLifetime
{
    private readonly string _prefix = RedisTestServer.NewPrefix("stores");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => RedisTestServer.DeleteAllAsync(_prefix);

    [Fact]
    public async Task File_store_keeps_one_lru_across_processes_within_its_limit()
    {
        await using var first = new RedisFileCacheStore(RedisTestServer.Url, 100, _prefix);
        await using var second = new RedisFileCacheStore(RedisTestServer.Url, 100, _prefix);
        await first.PutAsync("k1", Bytes(40, 1));
        await second.PutAsync("k2", Bytes(40, 2));
        await (await first.OpenReadAsync("k1", ByteRange.All))!.DisposeAsync(); // k1 is now the most recent
        await second.PutAsync("k3", Bytes(40, 3));

        Assert.Null(await first.OpenReadAsync("k2", ByteRange.All));
        Assert.Equal(Bytes(40, 1), await ReadAsync(await second.OpenReadAsync("k1", ByteRange.All)));
        Assert.Equal(Bytes(40, 3).AsSpan(10, 5).ToArray(), await ReadAsync(await first.OpenReadAsync("k3", new ByteRange(10, 5))));
        Assert.Empty(await ReadAsync(await first.OpenReadAsync("k3", ByteRange.FromOffset(40))));
        Assert.Equal(80, await first.BytesAsync());

        await first.PutAsync("too-big", Bytes(101, 4));
        Assert.Null(await second.OpenReadAsync("too-big", ByteRange.All));
        await first.PutAsync("exact", Bytes(100, 5));
        Assert.Equal(100, await second.BytesAsync());
        Assert.Null(await second.OpenReadAsync("k1", ByteRange.All));
    }

    [Fact]
    public async Task Index_answers_are_shared_expire_with_the_ttl_and_a_subtree_removal_retires_them()
    {
        await using var first = new RedisIndexCacheStore(RedisTestServer.Url, TimeSpan.FromSeconds(90), _prefix);
        await using var second = new RedisIndexCacheStore(RedisTestServer.Url, TimeSpan.FromSeconds(90), _prefix);
        var modified = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
        var file = new EntryInfo("/d/a.txt", EntryKind.File, 12, modified, "\"etag\"");
        await first.SetListingAsync("space", "/d", [file]);
        await first.SetStatAsync("space", "/missing", null);

        Assert.Equal(file, (await second.GetStatAsync("space", "/d/a.txt"))?.Entry);
        Assert.Equal([file], await second.GetListingAsync("space", "/d"));
        var absent = await second.GetStatAsync("space", "/missing");
        Assert.NotNull(absent);
        Assert.Null(absent.Entry);
        Assert.Null(await second.GetStatAsync("other space", "/d/a.txt"));

        var connection = await RedisTestServer.ConnectionAsync();
        var keys = (await RedisTestServer.KeysAsync(_prefix)).Where(static k => !k.EndsWith("epoch", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, keys.Count);
        foreach (var key in keys)
        {
            var ttl = await connection.GetDatabase().KeyTimeToLiveAsync((RedisKey)key);
            Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(90));
        }

        await second.RemoveAsync("space", "/d/a.txt");
        Assert.Null(await first.GetStatAsync("space", "/d/a.txt"));
        Assert.NotNull(await first.GetListingAsync("space", "/d"));
        await second.RemoveTreeAsync("space", "/d");
        Assert.Null(await first.GetListingAsync("space", "/d"));
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static async Task<byte[]> ReadAsync(Stream? stream)
    {
        Assert.NotNull(stream);
        await using (stream)
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer);
            return buffer.ToArray();
        }
    }
}
