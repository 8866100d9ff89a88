using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Mirage.Resources.S3;
using Mirage.Resources.S3.Tests;

namespace Mirage.Benchmarks;

/// <summary>
/// The S3 endpoint the benchmarks talk to (s3rver in development), from the MIRAGE_TEST_S3_* variables that
/// scripts/services.sh writes, and the bucket they keep their objects in.
/// </summary>
internal static class BenchS3
{
    public const string Bucket = "mirage-bench";

    /// <summary>Whether an endpoint is configured at all.</summary>
    public static bool Configured => Setting("MIRAGE_TEST_S3_ENDPOINT") is not null;

    /// <summary>A tree rooted at <paramref name="prefix"/> of the benchmark bucket.</summary>
    public static S3ResourceOptions Options(string prefix) =>
        new(Bucket, Setting("MIRAGE_TEST_S3_REGION") ?? "us-east-1", Setting("MIRAGE_TEST_S3_ENDPOINT"), prefix,
            Setting("MIRAGE_TEST_S3_ACCESS_KEY_ID"), Setting("MIRAGE_TEST_S3_SECRET_ACCESS_KEY"), PathStyle: true);

    /// <summary>An S3 tree whose client counts every request and body byte in <paramref name="counter"/>.</summary>
    public static S3Resource Counted(S3ResourceOptions options, WireCounter counter) =>
        new(options, config => config.HttpClientFactory = new CountingHttpClientFactory(counter));

    /// <summary>Creates the benchmark bucket unless it exists.</summary>
    public static async Task EnsureBucketAsync(S3ResourceOptions options)
    {
        var config = new AmazonS3Config { ServiceURL = options.Endpoint, AuthenticationRegion = options.Region, ForcePathStyle = true };
        using var client = new AmazonS3Client(new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey), config);
        var buckets = await client.ListBucketsAsync().ConfigureAwait(false);
        if (!(buckets.Buckets ?? []).Exists(static b => b.BucketName == Bucket))
            await client.PutBucketAsync(new PutBucketRequest { BucketName = Bucket }).ConfigureAwait(false);
    }

    public static string? Setting(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}

/// <summary>The requests of one run, by kind, and the body bytes read off the wire.</summary>
internal sealed record RequestCount(int Gets, int Lists, int Heads, int Others, long Bytes)
{
    public static RequestCount From(WireCounter counter)
    {
        var lines = counter.RequestLines;
        var lists = lines.Count(static l => l.StartsWith("GET ", StringComparison.Ordinal) && l.Contains("list-type", StringComparison.Ordinal));
        var gets = lines.Count(static l => l.StartsWith("GET ", StringComparison.Ordinal)) - lists;
        var heads = lines.Count(static l => l.StartsWith("HEAD ", StringComparison.Ordinal));
        return new RequestCount(gets, lists, heads, lines.Count - gets - lists - heads, counter.BodyBytes);
    }
}
