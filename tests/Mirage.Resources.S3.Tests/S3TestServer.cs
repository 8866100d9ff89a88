using Amazon.S3;
using Amazon.S3.Model;
using Mirage.Testing;

namespace Mirage.Resources.S3.Tests;

/// <summary>The s3rver started by scripts/services.sh: one bucket for every test, each test under its own prefix.</summary>
internal static class S3TestServer
{
    public const string BucketName = "mirage-tests";

    private static readonly SemaphoreSlim BucketGate = new(1, 1);
    private static bool _bucketReady;

    public static S3ResourceOptions Options(string? prefix = null) => new(
        Bucket: BucketName,
        Region: TestServices.Require("MIRAGE_TEST_S3_REGION"),
        Endpoint: TestServices.Require("MIRAGE_TEST_S3_ENDPOINT"),
        Prefix: prefix,
        AccessKeyId: TestServices.Require("MIRAGE_TEST_S3_ACCESS_KEY_ID"),
        SecretAccessKey: TestServices.Require("MIRAGE_TEST_S3_SECRET_ACCESS_KEY"),
        PathStyle: true)
    {
        // The smallest parts S3 allows, so multi-megabyte test files go through multipart uploads.
        PartSize = S3ResourceOptions.MinimumPartSize,
    };

    /// <summary>A prefix no other test uses.</summary>
    public static string NewPrefix(string area) => $"{area}/{Guid.NewGuid():N}";

    /// <summary>A raw SDK client for looking behind the resource's back.</summary>
    public static AmazonS3Client RawClient(Action<AmazonS3Config>? configure = null) => S3ClientFactory.Create(Options(), configure);

    public static async Task EnsureBucketAsync()
    {
        if (_bucketReady) return;
        await BucketGate.WaitAsync();
        try
        {
            if (_bucketReady) return;
            using var client = RawClient();
            var buckets = await client.ListBucketsAsync();
            if (!(buckets.Buckets ?? []).Exists(static b => b.BucketName == BucketName))
                await client.PutBucketAsync(new PutBucketRequest { BucketName = BucketName });
            _bucketReady = true;
        }
        finally
        {
            BucketGate.Release();
        }
    }

    public static async Task<List<string>> KeysAsync(IAmazonS3 client, string prefix)
    {
        var keys = new List<string>();
        string? token = null;
        do
        {
            var page = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = BucketName, Prefix = prefix, ContinuationToken = token });
            keys.AddRange((page.S3Objects ?? []).Select(static o => o.Key));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
        return keys;
    }

    public static async Task DeleteAllAsync(string prefix)
    {
        using var client = RawClient();
        foreach (var key in await KeysAsync(client, prefix + "/"))
            await client.DeleteObjectAsync(BucketName, key);
    }

    public static async Task PutRawAsync(IAmazonS3 client, string key, string content) =>
        await client.PutObjectAsync(new PutObjectRequest { BucketName = BucketName, Key = key, ContentBody = content, UseChunkEncoding = false });
}
