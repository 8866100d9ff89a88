using Amazon.S3;

namespace Mirage.Resources.S3.Tests;

/// <summary>
/// A fresh key prefix in s3rver's test bucket for one test, with a raw client to write and look behind a
/// resource's back. Disposing deletes every object under it.
/// </summary>
internal sealed class S3TestPrefix(string area) : IAsyncDisposable
{
    /// <summary>A raw SDK client, apart from any resource's.</summary>
    public AmazonS3Client Raw { get; } = S3TestServer.RawClient();

    /// <summary>Where the objects are, below the bucket.</summary>
    public string Prefix { get; } = S3TestServer.NewPrefix(area);

    /// <summary>A resource's settings: the test bucket under <see cref="Prefix"/>.</summary>
    public S3ResourceOptions Options => S3TestServer.Options(Prefix);

    /// <summary>Makes sure the bucket is there; call before anything else.</summary>
    public Task InitializeAsync() => S3TestServer.EnsureBucketAsync();

    /// <summary>The object key of a path below <see cref="Prefix"/>.</summary>
    public string Key(string relative) => $"{Prefix}/{relative}";

    /// <summary>Writes an object below <see cref="Prefix"/> with the raw client.</summary>
    public Task PutAsync(string relative, string content) => S3TestServer.PutRawAsync(Raw, Key(relative), content);

    /// <summary>Every key below <see cref="Prefix"/>, as the raw client lists them.</summary>
    public Task<List<string>> KeysAsync() => S3TestServer.KeysAsync(Raw, Prefix + "/");

    /// <summary>Deletes every object below <see cref="Prefix"/> with the raw client.</summary>
    public Task DeleteObjectsAsync() => S3TestServer.DeleteAllAsync(Prefix);

    /// <summary>A resource over <see cref="Prefix"/> whose client counts what it sends on <paramref name="wire"/>.</summary>
    public S3Resource CountedResource(WireCounter wire) =>
        new(Options, config => config.HttpClientFactory = new CountingHttpClientFactory(wire));

    public async ValueTask DisposeAsync()
    {
        Raw.Dispose();
        await DeleteObjectsAsync();
    }
}
