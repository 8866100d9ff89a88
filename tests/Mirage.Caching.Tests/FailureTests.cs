using System.Diagnostics;
using Mirage.Resources.S3;
using Mirage.Resources.S3.Tests;
using Mirage.Testing;
using Mirage.Vfs;
using Mirage.Vfs.Caching;

namespace Mirage.Caching.Tests;

/// <summary>Servers that are down, missing buckets and wrong keys, seen through a cached mount in a workspace: one line, a status, no hang.</summary>
public sealed class FailureTests
{
    [Fact]
    public async Task S3_server_that_is_down_fails_in_one_line_naming_the_endpoint_without_hanging()
    {
        var port = LoopbackPort.Unused();
        var clock = Stopwatch.StartNew();
        var result = await RunAsync(S3TestServer.Options("down") with { Endpoint = $"http://127.0.0.1:{port}", MaxRetries = 0, Timeout = TimeSpan.FromSeconds(5) }, "cat /s3/a.txt");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StderrText.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("cat: /s3/a.txt: Resource temporarily unavailable", line, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_bucket_fails_in_one_line_naming_the_bucket()
    {
        await S3TestServer.EnsureBucketAsync();
        var result = await RunAsync(S3TestServer.Options() with { Bucket = "no-such-bucket-for-cache", MaxRetries = 0 }, "ls /s3");
        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.StderrText.TrimEnd('\n').Split('\n'));
        Assert.Contains("bucket 'no-such-bucket-for-cache' does not exist", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_credentials_fail_in_one_line_with_permission_denied()
    {
        await S3TestServer.EnsureBucketAsync();
        var result = await RunAsync(S3TestServer.Options("wrong-key") with { AccessKeyId = "WRONG", SecretAccessKey = "WRONG", MaxRetries = 0 }, "ls /s3");
        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.StderrText.TrimEnd('\n').Split('\n'));
        Assert.Contains("Permission denied", line, StringComparison.Ordinal);
        Assert.Contains("s3://mirage-tests/", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redis_cache_that_is_down_fails_in_one_line_naming_the_cache_without_hanging()
    {
        var port = LoopbackPort.Unused();
        await S3TestServer.EnsureBucketAsync();
        var clock = Stopwatch.StartNew();
        await using var workspace = new Workspace(new Dictionary<string, IResource>());
        workspace.Mount("/s3", new S3Resource(S3TestServer.Options("cache-down")), RedisCache.Options($"redis://127.0.0.1:{port}", "down:", limit: 1000, timeout: TimeSpan.FromSeconds(2)));
        var result = await workspace.ExecuteAsync("cat /s3/a.txt");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StderrText.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("cat: /s3/a.txt: Resource temporarily unavailable", line, StringComparison.Ordinal);
        Assert.Contains($"redis cache at redis://127.0.0.1:{port}", line, StringComparison.Ordinal);
    }

    private static async Task<ExecutionResult> RunAsync(S3ResourceOptions options, string script)
    {
        await using var workspace = new Workspace(new Dictionary<string, IResource>());
        workspace.Mount("/s3", new S3Resource(options), CacheOptions.InMemory());
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await workspace.ExecuteAsync(script, cancel.Token);
    }
}
