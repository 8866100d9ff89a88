using System.Text;
using Microsoft.Extensions.Time.Testing;
using Mirage.Vfs;
using Mirage.Vfs.Caching;
using Mirage.Vfs.Ram;

namespace Mirage.Caching.Tests;

/// <summary>What the contract cannot see: which calls reach the backend, and when the cache answers instead.</summary>
public sealed class CachedResourceTests
{
    private static readonly VPath File = "/f.txt";

    [Fact]
    public async Task Second_read_is_served_without_touching_the_backend()
    {
        var (backend, cached) = await SetUpAsync("hello");
        Assert.Equal("hello", await ReadAsync(cached, File));
        var (stats, reads) = (backend.Stats, backend.Reads);
        Assert.Equal("hello", await ReadAsync(cached, File));
        Assert.Equal(stats, backend.Stats);
        Assert.Equal(reads, backend.Reads);
    }

    [Fact]
    public async Task Listing_is_served_from_the_index_and_fills_stat_answers_for_the_children()
    {
        var (backend, cached) = await SetUpAsync("x");
        await ResourceOperations.WriteAllBytesAsync(backend.Backend, "/g.txt", "gg"u8.ToArray());
        Assert.Equal(["f.txt", "g.txt"], await NamesAsync(cached, VPath.Root));
        Assert.Equal(["f.txt", "g.txt"], await NamesAsync(cached, VPath.Root));
        Assert.Equal(1, backend.Lists);
        Assert.Equal(2, (await cached.StatAsync("/g.txt"))?.Size);
        Assert.Equal(0, backend.Stats);
    }

    [Fact]
    public async Task Absent_answers_are_cached_and_forgotten_when_the_path_is_written()
    {
        var (backend, cached) = await SetUpAsync("x");
        Assert.Null(await cached.StatAsync("/new.txt"));
        Assert.Null(await cached.StatAsync("/new.txt"));
        Assert.Equal(1, backend.Stats);
        await ResourceOperations.WriteAllBytesAsync(cached, "/new.txt", "n"u8.ToArray());
        Assert.Equal(1, (await cached.StatAsync("/new.txt"))?.Size);
    }

    [Fact]
    public async Task Index_answers_expire_after_the_time_to_live()
    {
        var clock = new FakeTimeProvider();
        var backend = new ObservedResource();
        await ResourceOperations.WriteAllBytesAsync(backend.Backend, File, "v1"u8.ToArray());
        var cached = new CachedResource(backend, new CacheOptions(new RamIndexCacheStore(TimeSpan.FromSeconds(30), clock), new RamFileCacheStore()));
        Assert.Equal(2, (await cached.StatAsync(File))?.Size);
        await ResourceOperations.WriteAllBytesAsync(backend.Backend, File, "version 2"u8.ToArray());

        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(2, (await cached.StatAsync(File))?.Size);
        Assert.Equal(1, backend.Stats);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(9, (await cached.StatAsync(File))?.Size);
        Assert.Equal(2, backend.Stats);
        Assert.Equal("version 2", await ReadAsync(cached, File));
    }

    [Fact]
    public async Task Bounded_reads_trust_the_index_while_fresh_reads_revalidate_the_fingerprint()
    {
        var (bounded, boundedCache) = await SetUpAsync("old", ReadMode.Bounded);
        var (fresh, freshCache) = await SetUpAsync("old", ReadMode.Fresh);
        Assert.Equal("old", await ReadAsync(boundedCache, File));
        Assert.Equal("old", await ReadAsync(freshCache, File));

        // Changed behind the caches' backs.
        await ResourceOperations.WriteAllBytesAsync(bounded.Backend, File, "new"u8.ToArray());
        await ResourceOperations.WriteAllBytesAsync(fresh.Backend, File, "new"u8.ToArray());

        var boundedStats = bounded.Stats;
        Assert.Equal("old", await ReadAsync(boundedCache, File));
        Assert.Equal(boundedStats, bounded.Stats);

        var (freshStats, freshReads) = (fresh.Stats, fresh.Reads);
        Assert.Equal("new", await ReadAsync(freshCache, File));
        Assert.Equal(freshStats + 1, fresh.Stats);
        Assert.Equal(freshReads + 1, fresh.Reads);

        // Unchanged: one stat, and the bytes come from the cache.
        Assert.Equal("new", await ReadAsync(freshCache, File));
        Assert.Equal(freshStats + 2, fresh.Stats);
        Assert.Equal(freshReads + 1, fresh.Reads);
    }

    [Fact]
    public async Task Changes_through_the_cache_are_seen_at_once()
    {
        var (backend, cached) = await SetUpAsync("one");
        await cached.CreateDirectoryAsync("/d");
        await ResourceOperations.WriteAllBytesAsync(cached, "/d/a.txt", "a"u8.ToArray());
        Assert.Equal("one", await ReadAsync(cached, File));
        Assert.Equal(["d", "f.txt"], await NamesAsync(cached, VPath.Root));
        Assert.Equal(["a.txt"], await NamesAsync(cached, "/d"));

        await ResourceOperations.WriteAllBytesAsync(cached, File, "two"u8.ToArray());
        Assert.Equal("two", await ReadAsync(cached, File));

        await ResourceOperations.WriteAllBytesAsync(cached, "/d/b.txt", "b"u8.ToArray());
        Assert.Equal(["a.txt", "b.txt"], await NamesAsync(cached, "/d"));

        await cached.RemoveAsync("/d", recursive: true);
        Assert.Null(await cached.StatAsync("/d/a.txt"));
        Assert.Equal(["f.txt"], await NamesAsync(cached, VPath.Root));
    }

    [Fact]
    public async Task A_read_that_fails_part_way_is_not_cached()
    {
        var (backend, cached) = await SetUpAsync("0123456789");
        backend.FailNextReads(1);
        await Assert.ThrowsAsync<IOException>(() => ReadAsync(cached, File));
        var reads = backend.Reads;
        Assert.Equal("0123456789", await ReadAsync(cached, File));
        Assert.Equal(reads + 1, backend.Reads); // the failed bytes were not served: the backend was asked again
        Assert.Equal("0123456789", await ReadAsync(cached, File));
        Assert.Equal(reads + 1, backend.Reads);
    }

    [Fact]
    public async Task A_cancelled_read_is_not_cached()
    {
        var files = new RamFileCacheStore();
        var (backend, cached) = await SetUpAsync(new string('x', 100_000), files: files);
        using var cancel = new CancellationTokenSource();
        await using (var stream = await cached.OpenReadAsync(File))
        {
            var buffer = new byte[1000];
            Assert.True(await stream.ReadAsync(buffer) > 0);
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                while (await stream.ReadAsync(buffer, cancel.Token) > 0)
                {
                }
            });
        }
        Assert.Equal(0, files.Count);
    }

    [Fact]
    public async Task A_reader_that_stops_early_caches_nothing()
    {
        var files = new RamFileCacheStore();
        var (_, cached) = await SetUpAsync("0123456789", files: files);
        await using (var stream = await cached.OpenReadAsync(File))
        {
            Assert.Equal(4, await stream.ReadAsync(new byte[4]));
        }
        Assert.Equal(0, files.Count);
    }

    [Fact]
    public async Task Concurrent_readers_of_one_uncached_file_all_get_it_whole_and_the_cache_holds_it_once()
    {
        var content = new string('z', 300_000) + "end";
        var files = new RamFileCacheStore();
        var (backend, cached) = await SetUpAsync(content, files: files);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => ReadAsync(cached, File))));
        Assert.All(results, r => Assert.Equal(content, r));
        Assert.Equal(1, files.Count);
        Assert.Equal(Encoding.UTF8.GetByteCount(content), files.Bytes);
        var reads = backend.Reads;
        Assert.Equal(content, await ReadAsync(cached, File));
        Assert.Equal(reads, backend.Reads);
    }

    [Fact]
    public async Task Ranged_read_of_a_small_uncached_object_caches_it_whole()
    {
        var files = new RamFileCacheStore();
        var (backend, cached) = await SetUpAsync("0123456789", files: files);
        Assert.Equal("345", await ReadAsync(cached, File, new ByteRange(3, 3)));
        Assert.Equal(1, files.Count);
        var reads = backend.Reads;
        Assert.Equal("789", await ReadAsync(cached, File, ByteRange.FromOffset(7)));
        Assert.Equal("0123456789", await ReadAsync(cached, File));
        Assert.Equal(reads, backend.Reads);
    }

    [Fact]
    public async Task Ranged_read_of_a_large_uncached_object_reads_only_the_range_and_caches_nothing()
    {
        var files = new RamFileCacheStore();
        var backend = new ObservedResource();
        await ResourceOperations.WriteAllBytesAsync(backend.Backend, File, new byte[4096]);
        var cached = new CachedResource(backend, new CacheOptions(new RamIndexCacheStore(), files) { WholeObjectBelow = 1024 });
        Assert.Equal(10, (await ReadBytesAsync(cached, File, new ByteRange(100, 10))).Length);
        Assert.Equal(0, files.Count);
    }

    [Fact]
    public async Task Object_larger_than_the_limit_is_read_through_and_not_cached()
    {
        var files = new RamFileCacheStore(limit: 100);
        var (backend, cached) = await SetUpAsync(new string('b', 101), files: files);
        Assert.Equal(101, (await ReadAsync(cached, File)).Length);
        Assert.Equal(0, files.Count);
        var reads = backend.Reads;
        await ReadAsync(cached, File);
        Assert.Equal(reads + 1, backend.Reads);
    }

    [Fact]
    public async Task Capabilities_follow_the_wrapped_resource()
    {
        var overRam = new CachedResource(new RamResource(), CacheOptions.InMemory());
        var overPlain = new CachedResource(new ObservedResource(), CacheOptions.InMemory());
        Assert.True(overRam.TryGetCapability<IRenamable>(out _));
        Assert.True(overRam.TryGetCapability<ISymlinks>(out _));
        Assert.False(overPlain.TryGetCapability<IRenamable>(out _));
        Assert.False(overPlain.TryGetCapability<IRecursiveLister>(out _));
        Assert.False(overPlain.TryGetCapability<ISearchable>(out _));
        await overRam.DisposeAsync();
        await overPlain.DisposeAsync();
    }

    // ---- LRU ----

    [Fact]
    public async Task File_store_evicts_the_least_recently_used_to_stay_within_its_limit()
    {
        var store = new RamFileCacheStore(limit: 100);
        await store.PutAsync("a", new byte[40]);
        await store.PutAsync("b", new byte[40]);
        await (await store.OpenReadAsync("a", ByteRange.All))!.DisposeAsync(); // a is now the most recent
        await store.PutAsync("c", new byte[40]);
        Assert.True(store.Contains("a"));
        Assert.False(store.Contains("b"));
        Assert.True(store.Contains("c"));
        Assert.Equal(80, store.Bytes);

        await store.PutAsync("big", new byte[101]);
        Assert.False(store.Contains("big"));
        await store.PutAsync("full", new byte[100]);
        Assert.Equal(["full"], new[] { "a", "c", "full" }.Where(store.Contains));
        Assert.Equal(100, store.Bytes);
    }

    [Fact]
    public async Task File_store_serves_ranges_of_the_whole_object()
    {
        var store = new RamFileCacheStore();
        await store.PutAsync("k", "0123456789"u8.ToArray());
        Assert.Equal("234", await TextAsync(await store.OpenReadAsync("k", new ByteRange(2, 3))));
        Assert.Equal("89", await TextAsync(await store.OpenReadAsync("k", ByteRange.FromOffset(8))));
        Assert.Equal("", await TextAsync(await store.OpenReadAsync("k", ByteRange.FromOffset(20))));
        Assert.Null(await store.OpenReadAsync("missing", ByteRange.All));
    }

    // ---- helpers ----

    private static async Task<(ObservedResource Backend, CachedResource Cached)> SetUpAsync(string content, ReadMode read = ReadMode.Bounded, RamFileCacheStore? files = null)
    {
        var backend = new ObservedResource();
        await ResourceOperations.WriteAllBytesAsync(backend.Backend, File, Encoding.UTF8.GetBytes(content));
        return (backend, new CachedResource(backend, new CacheOptions(new RamIndexCacheStore(), files ?? new RamFileCacheStore(), read)));
    }

    private static async Task<string> ReadAsync(IResource resource, VPath path, ByteRange range = default) =>
        Encoding.UTF8.GetString(await ReadBytesAsync(resource, path, range));

    private static async Task<byte[]> ReadBytesAsync(IResource resource, VPath path, ByteRange range = default)
    {
        await using var stream = await resource.OpenReadAsync(path, range);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static async Task<string> TextAsync(Stream? stream)
    {
        Assert.NotNull(stream);
        await using (stream)
        {
            using var reader = new StreamReader(stream);
            return await reader.ReadToEndAsync();
        }
    }

    private static async Task<List<string>> NamesAsync(IResource resource, VPath directory) =>
        [.. (await ResourceOperations.ListSortedAsync(resource, directory)).Select(static e => e.Name)];
}
