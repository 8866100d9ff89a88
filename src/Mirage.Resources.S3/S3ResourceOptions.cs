namespace Mirage.Resources.S3;

/// <summary>Where an <see cref="S3Resource"/> lives and how it talks to it. YAML uses the same names in snake_case.</summary>
/// <param name="Bucket">The bucket; it must exist.</param>
/// <param name="Region">The signing region ("us-east-1" when an endpoint is given without one).</param>
/// <param name="Endpoint">An S3-compatible service (MinIO, R2, GCS interoperability, ...); null for AWS itself.</param>
/// <param name="Prefix">A key prefix the tree lives under ("logs/2026"); the resource sees nothing outside it.</param>
/// <param name="AccessKeyId">Static credentials; when null the standard AWS chain (environment, profile, instance role) is used.</param>
/// <param name="PathStyle">Address the bucket in the path (http://host/bucket/key) instead of the host name.</param>
public sealed record S3ResourceOptions(
    string Bucket,
    string? Region = null,
    string? Endpoint = null,
    string? Prefix = null,
    string? AccessKeyId = null,
    string? SecretAccessKey = null,
    string? SessionToken = null,
    bool PathStyle = false)
{
    /// <summary>S3's smallest part for all parts but the last.</summary>
    public const int MinimumPartSize = 5 * 1024 * 1024;

    /// <summary>Writes up to this size are one PUT; larger ones are multipart uploads of parts this large.</summary>
    public int PartSize { get; init; } = 8 * 1024 * 1024;

    /// <summary>Keys asked for per listing page (S3 caps it at 1,000).</summary>
    public int ListPageSize { get; init; } = 1000;

    /// <summary>How long one request may take before it fails as Transient.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries of a failed request (throttling, 5xx, dropped connections) before giving up.</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>Text for an agent's prompt; a default naming the bucket is used when null.</summary>
    public string? Description { get; init; }
}
