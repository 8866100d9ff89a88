using System.Formats.Tar;
using System.Text.Json.Nodes;
using Mirage.Caching.Redis;
using Mirage.Configuration;
using Mirage.Resources.Redis.Tests;
using Mirage.Resources.S3;
using Mirage.Resources.S3.Tests;
using Mirage.Snapshots;
using Mirage.Vfs;

namespace Mirage.Caching.Tests;

/// <summary>
/// A snapshot of a workspace with a cached S3 mount carries the cached files with their fingerprints; the restored
/// workspace serves them from its cache (no GET reaches s3rver, counted at the HTTP client) and revalidates each by
/// its fingerprint, so an object changed since is fetched anew.
/// </summary>
public sealed class S3SnapshotTests : IAsyncLifetime
{
    private readonly CachedS3Fixture _s3 = new("snapshot");

    public async Task InitializeAsync()
    {
        await _s3.InitializeAsync();
        foreach (var name in new[] { "a.log", "b.log", "c.log" })
            await _s3.Objects.PutAsync($"logs/{name}", $"{name}: first\n");
    }

    public async Task DisposeAsync() => await _s3.DisposeAsync();

    /// <summary>The default types, redis caches, and an "s3" type whose client counts what it sends.</summary>
    private static ResourceRegistry Registry(WireCounter wire) =>
        RedisCacheRegistration.Register(ResourceRegistry.CreateDefault()).Add(new ResourceDescriptor("s3", "S3, counted", config =>
            S3ResourceRegistration.ReadOptions(config) is { } options
                ? new S3Resource(options, client => client.HttpClientFactory = new CountingHttpClientFactory(wire))
                : null));

    private string Yaml(string cache)
    {
        var options = _s3.Objects.Options;
        return $"""
            mounts:
              /s3:
                type: s3
                config: {"{"} bucket: {options.Bucket}, region: {options.Region}, endpoint: '{options.Endpoint}', prefix: '{_s3.Objects.Prefix}', access_key_id: {options.AccessKeyId}, secret_access_key: {options.SecretAccessKey}, path_style: true {"}"}
            cache: {cache}
            """;
    }

    private string SecretsYaml(string extra = "")
    {
        var options = _s3.Objects.Options;
        return $"mounts:\n  /s3:\n    config: {{ access_key_id: {options.AccessKeyId}, secret_access_key: {options.SecretAccessKey} }}\n{extra}";
    }

    private static async Task<byte[]> SnapshotAsync(Workspace workspace, WorkspaceConfig config)
    {
        using var buffer = new MemoryStream();
        await WorkspaceSnapshot.SaveAsync(workspace, config, buffer);
        return buffer.ToArray();
    }

    [Fact]
    public async Task Cached_files_come_back_warm_and_are_revalidated_by_fingerprint()
    {
        var wire = new WireCounter();
        var config = WorkspaceConfig.Parse(Yaml("{ type: ram }"), registry: Registry(wire));
        byte[] tar;
        await using (var original = config.CreateWorkspace())
        {
            Assert.Equal("a.log: first\nb.log: first\n", (await original.ExecuteAsync("cat /s3/logs/a.log /s3/logs/b.log")).StdoutText);
            tar = await SnapshotAsync(original, config);
        }

        var names = new List<string>();
        using (var reader = new TarReader(new MemoryStream(tar)))
        {
            while (reader.GetNextEntry() is { } entry) names.Add(entry.Name);
        }
        Assert.Equal(["manifest.json", "cache/s3/", "cache/s3/logs/a.log", "cache/s3/logs/b.log"], names);
        using (var reader = new TarReader(new MemoryStream(tar)))
        {
            var mount = JsonNode.Parse(reader.GetNextEntry()!.DataStream!)!["mounts"]![0]!;
            var cached = mount["cached"]!["files"]!.AsArray();
            Assert.Equal(["/logs/a.log", "/logs/b.log"], cached.Select(f => (string)f!["path"]!).ToList());
            Assert.All(cached, f => Assert.False(string.IsNullOrEmpty((string?)f!["fingerprint"])));
        }

        // Changed behind the snapshot's back: its cached bytes must not be served.
        await _s3.Objects.PutAsync("logs/b.log", "b.log: second\n");

        var restoredWire = new WireCounter();
        var loaded = await WorkspaceSnapshot.LoadAsync(new MemoryStream(tar), new SnapshotLoadOptions { Registry = Registry(restoredWire), OverridesYaml = SecretsYaml() });
        await using var workspace = loaded.Workspace;
        var since = workspace.Operations.Position;
        var warm = await workspace.ExecuteAsync("cat /s3/logs/a.log");
        Assert.Equal("a.log: first\n", warm.StdoutText);
        Assert.True(Assert.Single(workspace.Operations.Snapshot(since), static o => o.Kind == OperationKind.Read).CacheHit);
        Assert.DoesNotContain(restoredWire.RequestLines, static line => line.StartsWith("GET ", StringComparison.Ordinal));
        Assert.Contains(restoredWire.RequestLines, static line => line.StartsWith("HEAD ", StringComparison.Ordinal));

        since = workspace.Operations.Position;
        Assert.Equal("b.log: second\n", (await workspace.ExecuteAsync("cat /s3/logs/b.log")).StdoutText);
        Assert.False(Assert.Single(workspace.Operations.Snapshot(since), static o => o.Kind == OperationKind.Read).CacheHit);
        Assert.Contains(restoredWire.RequestLines, static line => line.StartsWith("GET ", StringComparison.Ordinal) && line.Contains("b.log", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Files_cached_in_redis_are_carried_and_can_be_restored_into_another_store()
    {
        var wire = new WireCounter();
        var config = WorkspaceConfig.Parse(Yaml($"{{ type: redis, url: '{RedisTestServer.Url}', prefix: '{_s3.CachePrefix}' }}"), registry: Registry(wire));
        byte[] tar;
        await using (var original = config.CreateWorkspace())
        {
            Assert.Equal(0, (await original.ExecuteAsync("cat /s3/logs/c.log > /dev/null")).ExitCode);
            tar = await SnapshotAsync(original, config);
        }
        await _s3.DeleteRedisCacheAsync();

        var restoredWire = new WireCounter();
        var loaded = await WorkspaceSnapshot.LoadAsync(new MemoryStream(tar), new SnapshotLoadOptions
        {
            Registry = Registry(restoredWire),
            OverridesYaml = SecretsYaml("cache: { type: ram, limit: 1MB }\n"),
        });
        await using var workspace = loaded.Workspace;
        Assert.Equal("c.log: first\n", (await workspace.ExecuteAsync("cat /s3/logs/c.log")).StdoutText);
        Assert.DoesNotContain(restoredWire.RequestLines, static line => line.StartsWith("GET ", StringComparison.Ordinal));
        Assert.Equal("1MB", loaded.Config.Caching.Cache!["limit"]!.Scalar);
    }
}
