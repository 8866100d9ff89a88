using System.Diagnostics;
using System.Globalization;
using System.Text;
using Mirage.Caching.Redis;
using Mirage.Resources.S3;
using Mirage.Resources.S3.Tests;
using Mirage.Vfs;
using Mirage.Vfs.Caching;

namespace Mirage.Benchmarks;

/// <summary>
/// `s3cache`: seeds 1,000 small log objects into an S3 endpoint (s3rver in development) and times
/// `grep -r alert /s3/logs | wc -l` over an uncached mount, then cold and warm over the cache with RAM stores and
/// with Redis stores, counting the GETs the S3 client sends. Settings come from the MIRAGE_TEST_S3_* and
/// MIRAGE_TEST_REDIS_URL variables that scripts/services.sh writes.
/// </summary>
internal static class S3CacheWorkload
{
    private const int Objects = 1000;
    private const int Runs = 5;
    private const string Command = "grep -r alert /s3/logs | wc -l";

    public static async Task<int> RunAsync()
    {
        var redisUrl = BenchS3.Setting("MIRAGE_TEST_REDIS_URL");
        if (!BenchS3.Configured || redisUrl is null)
        {
            await Console.Error.WriteLineAsync("s3cache: MIRAGE_TEST_S3_* and MIRAGE_TEST_REDIS_URL must be set (scripts/services.sh start prints them)").ConfigureAwait(false);
            return 2;
        }
        var prefix = $"s3cache/{Guid.NewGuid():N}";
        var options = BenchS3.Options(prefix);
        var cachePrefix = $"mirage-bench:{Guid.NewGuid():N}:";
        var expected = await SeedAsync(options).ConfigureAwait(false);
        Console.WriteLine($"seeded {Objects} objects under s3://{BenchS3.Bucket}/{prefix}/logs ({expected} lines with 'alert'); median of {Runs} runs");
        Console.WriteLine("| cache | run | median ms | GETs per run |");
        Console.WriteLine("|-------|-----|----------:|-------------:|");
        try
        {
            await ReportAsync("none", "every run", await TimeRunsAsync(options, () => null, expected, fresh: true).ConfigureAwait(false)).ConfigureAwait(false);
            var ram = await TimeColdAndWarmAsync(options, () => CacheOptions.InMemory(), expected).ConfigureAwait(false);
            await ReportAsync("ram", "cold", ram.Cold).ConfigureAwait(false);
            await ReportAsync("ram", "warm", ram.Warm).ConfigureAwait(false);
            var run = 0;
            var redis = await TimeColdAndWarmAsync(options, () =>
            {
                // Each cold run starts from an empty cache: its own key prefix.
                var keys = $"{cachePrefix}{run++}:";
                var index = new RedisIndexCacheStore(redisUrl, keyPrefix: keys);
                var files = new RedisFileCacheStore(redisUrl, 512L * 1000 * 1000, keys);
                return new CacheOptions(index, files) { Owned = new Both(index, files) };
            }, expected).ConfigureAwait(false);
            await ReportAsync("redis", "cold", redis.Cold).ConfigureAwait(false);
            await ReportAsync("redis", "warm", redis.Warm).ConfigureAwait(false);
            return 0;
        }
        finally
        {
            await DeleteAsync(options).ConfigureAwait(false);
            await DeleteRedisKeysAsync(redisUrl, cachePrefix).ConfigureAwait(false);
        }
    }

    private static Task ReportAsync(string cache, string run, List<(double Milliseconds, int Gets)> results)
    {
        var median = results.Select(static r => r.Milliseconds).Order().ElementAt(results.Count / 2);
        var gets = string.Join("/", results.Select(static r => r.Gets).Distinct());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {cache} | {run} | {median:F0} | {gets} |"));
        return Task.CompletedTask;
    }

    /// <summary>Cold: a new workspace and empty cache each run. Warm: the same workspace, run again.</summary>
    private static async Task<(List<(double, int)> Cold, List<(double, int)> Warm)> TimeColdAndWarmAsync(S3ResourceOptions options, Func<CacheOptions?> cache, long expected)
    {
        var cold = await TimeRunsAsync(options, cache, expected, fresh: true).ConfigureAwait(false);
        var warm = await TimeRunsAsync(options, cache, expected, fresh: false).ConfigureAwait(false);
        return (cold, warm);
    }

    private static async Task<List<(double, int)>> TimeRunsAsync(S3ResourceOptions options, Func<CacheOptions?> cache, long expected, bool fresh)
    {
        var results = new List<(double, int)>();
        Workspace? shared = null;
        WireCounter? sharedCounter = null;
        try
        {
            for (var i = 0; i < Runs + (fresh ? 0 : 1); i++)
            {
                var counter = sharedCounter ?? new WireCounter();
                var workspace = shared ?? Create(options, cache(), counter);
                if (!fresh)
                {
                    shared = workspace;
                    sharedCounter = counter;
                }
                counter.Reset();
                var clock = Stopwatch.StartNew();
                var result = await workspace.ExecuteAsync(Command).ConfigureAwait(false);
                clock.Stop();
                if (result.StdoutText.Trim() != expected.ToString(CultureInfo.InvariantCulture))
                    throw new InvalidOperationException($"expected {expected} matches, got '{result.StdoutText.Trim()}' {result.StderrText}");
                // The first warm-series run fills the cache; it is not a warm run.
                if (fresh || i > 0) results.Add((clock.Elapsed.TotalMilliseconds, counter.ObjectGets));
                if (fresh) await workspace.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            if (shared is not null) await shared.DisposeAsync().ConfigureAwait(false);
        }
        return results;
    }

    private static Workspace Create(S3ResourceOptions options, CacheOptions? cache, WireCounter counter)
    {
        var s3 = BenchS3.Counted(options, counter);
        var workspace = new Workspace(new Dictionary<string, IResource>());
        if (cache is null) workspace.Mount("/s3", s3);
        else workspace.Mount("/s3", s3, cache);
        return workspace;
    }

    private static async Task<long> SeedAsync(S3ResourceOptions options)
    {
        await BenchS3.EnsureBucketAsync(options).ConfigureAwait(false);
        await using var s3 = new S3Resource(options);
        await s3.CreateDirectoryAsync("/logs").ConfigureAwait(false);
        long alerts = 0;
        var bodies = Enumerable.Range(0, Objects).Select(i =>
        {
            var text = new StringBuilder();
            for (var line = 0; line < 12; line++)
            {
                var alert = (i * 12 + line) % 7 == 0;
                if (alert) Interlocked.Increment(ref alerts);
                text.Append(CultureInfo.InvariantCulture, $"2026-11-24T10:{line:D2}:00Z host-{i % 17} {(alert ? "alert: disk nearly full" : "ok: request served")} id={i}-{line}\n");
            }
            return (Path: (VPath)$"/logs/app-{i:D4}.log", Body: Encoding.UTF8.GetBytes(text.ToString()));
        }).ToList();
        await Parallel.ForEachAsync(bodies, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, token) =>
            await ResourceOperations.WriteAllBytesAsync(s3, item.Path, item.Body, cancellationToken: token).ConfigureAwait(false)).ConfigureAwait(false);
        return alerts;
    }

    private static async Task DeleteAsync(S3ResourceOptions options)
    {
        await using var s3 = new S3Resource(options);
        await s3.RemoveAsync("/logs", recursive: true).ConfigureAwait(false);
    }

    private static async Task DeleteRedisKeysAsync(string url, string prefix)
    {
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(Mirage.Resources.Redis.RedisUrl.Parse(url)).ConfigureAwait(false);
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var keys = new List<StackExchange.Redis.RedisKey>();
        await foreach (var key in server.KeysAsync(pattern: prefix + "*", pageSize: 1000).ConfigureAwait(false)) keys.Add(key);
        if (keys.Count > 0) await connection.GetDatabase().KeyDeleteAsync([.. keys]).ConfigureAwait(false);
    }

    private sealed class Both(params IAsyncDisposable[] parts) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var part in parts) await part.DisposeAsync().ConfigureAwait(false);
        }
    }
}
