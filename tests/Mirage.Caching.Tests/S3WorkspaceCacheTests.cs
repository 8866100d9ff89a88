using Mirage.Resources.S3.Tests;
using Mirage.Vfs;
using Mirage.Vfs.Caching;

namespace Mirage.Caching.Tests;

/// <summary>
/// A workspace with an S3 mount behind the cache: what bash sees, what the operation log says, and, counted
/// independently at the HTTP client, which requests reach s3rver.
/// </summary>
public sealed class S3WorkspaceCacheTests : IAsyncLifetime
{
    private const int Files = 30;
    private readonly CachedS3Fixture _s3 = new("cached-workspace");

    public async Task InitializeAsync()
    {
        await _s3.InitializeAsync();
        for (var i = 0; i < Files; i++)
        {
            await _s3.Objects.PutAsync($"logs/app-{i:D3}.log", Body(i));
        }
    }

    public async Task DisposeAsync() => await _s3.DisposeAsync();

    [Fact]
    public async Task Second_grep_makes_no_get_by_the_operation_log_and_by_the_wire()
    {
        var wire = new WireCounter();
        await using var workspace = _s3.WorkspaceOver(wire, CacheOptions.InMemory());

        var cold = await workspace.ExecuteAsync("grep -r alert /s3/logs | wc -l");
        Assert.Equal($"{Files}\n", cold.StdoutText);
        Assert.Contains(wire.RequestLines, static line => line.StartsWith("GET ", StringComparison.Ordinal) && !line.Contains("list-type", StringComparison.Ordinal));

        wire.Reset();
        var since = workspace.Operations.Position;
        var warm = await workspace.ExecuteAsync("grep -r alert /s3/logs | wc -l");
        Assert.Equal(cold.StdoutText, warm.StdoutText);

        var operations = workspace.Operations.Snapshot(since);
        var reads = operations.Where(static o => o.Kind == OperationKind.Read).ToList();
        Assert.Equal(Files, reads.Count);
        Assert.All(reads, static o => Assert.True(o.CacheHit, $"{o.Path} was read from the backend"));
        Assert.All(operations, static o => Assert.True(o.CacheHit, $"{o.Kind} {o.Path} reached the backend"));
        Assert.Equal(0, wire.Requests);

        // Independent of both: the objects are gone from S3, and bounded mode still answers from the cache.
        await _s3.Objects.DeleteObjectsAsync();
        var afterDelete = await workspace.ExecuteAsync("grep -r alert /s3/logs | wc -l");
        Assert.Equal(cold.StdoutText, afterDelete.StdoutText);
    }

    [Fact]
    public async Task Cold_read_is_logged_as_a_miss_and_warm_read_as_a_hit()
    {
        await using var workspace = _s3.WorkspaceOver(new WireCounter(), CacheOptions.InMemory());
        var first = workspace.Operations.Position;
        await workspace.ExecuteAsync("cat /s3/logs/app-001.log > /dev/null");
        Assert.Contains(workspace.Operations.Snapshot(first), static o => o.Kind == OperationKind.Read && !o.CacheHit);
        var second = workspace.Operations.Position;
        await workspace.ExecuteAsync("cat /s3/logs/app-001.log > /dev/null");
        var read = Assert.Single(workspace.Operations.Snapshot(second), static o => o.Kind == OperationKind.Read);
        Assert.True(read.CacheHit);
        Assert.Equal(Body(1).Length, read.Bytes);
    }

    [Fact]
    public async Task Writes_through_the_workspace_are_seen_by_the_next_read_and_listing()
    {
        await using var workspace = _s3.WorkspaceOver(new WireCounter(), CacheOptions.InMemory());
        Assert.Equal(Files.ToString() + "\n", (await workspace.ExecuteAsync("ls /s3/logs | wc -l")).StdoutText);
        await workspace.ExecuteAsync("cat /s3/logs/app-002.log >/dev/null; echo replaced > /s3/logs/app-002.log; echo new > /s3/logs/new.log");
        Assert.Equal("replaced\n", (await workspace.ExecuteAsync("cat /s3/logs/app-002.log")).StdoutText);
        Assert.Equal($"{Files + 1}\n", (await workspace.ExecuteAsync("ls /s3/logs | wc -l")).StdoutText);
        await workspace.ExecuteAsync("rm /s3/logs/new.log; mv /s3/logs/app-003.log /s3/logs/moved.log");
        var listing = (await workspace.ExecuteAsync("ls /s3/logs")).StdoutText;
        Assert.DoesNotContain("new.log", listing, StringComparison.Ordinal);
        Assert.DoesNotContain("app-003.log", listing, StringComparison.Ordinal);
        Assert.Contains("moved.log", listing, StringComparison.Ordinal);
        Assert.Equal("1\n", (await workspace.ExecuteAsync("cat /s3/logs/moved.log | grep -c alert")).StdoutText);
    }

    [Fact]
    public async Task A_second_workspace_with_its_own_s3_client_reads_from_the_shared_redis_cache_without_touching_s3()
    {
        var firstWire = new WireCounter();
        await using (var first = _s3.WorkspaceOver(firstWire, _s3.RedisCacheOptions()))
        {
            Assert.Equal(Body(3), (await first.ExecuteAsync("cat /s3/logs/app-003.log")).StdoutText);
            Assert.True(firstWire.Requests > 0);
        }

        var secondWire = new WireCounter();
        await using var second = _s3.WorkspaceOver(secondWire, _s3.RedisCacheOptions());
        var since = second.Operations.Position;
        var result = await second.ExecuteAsync("cat /s3/logs/app-003.log");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Body(3), result.StdoutText);
        Assert.Equal(0, secondWire.Requests);
        Assert.True(Assert.Single(second.Operations.Snapshot(since), static o => o.Kind == OperationKind.Read).CacheHit);
    }

    /// <summary>Five lines, one of them an alert.</summary>
    private static string Body(int i) =>
        string.Concat(Enumerable.Range(0, 5).Select(line => line == i % 5 ? $"{i}: alert disk full\n" : $"{i}: all quiet\n"));
}
