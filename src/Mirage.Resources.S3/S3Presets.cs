using System.Text.RegularExpressions;

namespace Mirage.Resources.S3;

/// <summary>Where an S3-compatible service answers and how it wants to be addressed.</summary>
/// <param name="Endpoint">The service URL the SDK sends requests to.</param>
/// <param name="Region">The region requests are signed for.</param>
/// <param name="PathStyle">Whether the bucket goes in the path rather than the host name.</param>
public sealed record S3ServiceShape(string Endpoint, string Region, bool PathStyle)
{
    /// <summary>The options with this service's endpoint, region and addressing.</summary>
    public S3ResourceOptions ApplyTo(S3ResourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with { Endpoint = Endpoint, Region = Region, PathStyle = PathStyle };
    }
}

/// <summary>
/// The endpoint forms S3-compatible services document, built from the few names each asks for (an account id,
/// a namespace, a project ref), so a mount names its service instead of spelling out URLs.
/// </summary>
public static partial class S3Presets
{
    public const string R2 = "r2";
    public const string Gcs = "gcs";
    public const string Oci = "oci";
    public const string Supabase = "supabase";
    public const string MinIO = "minio";

    public static IReadOnlyList<string> Names { get; } = [R2, Gcs, Oci, Supabase, MinIO];

    /// <summary>Cloudflare R2: https://&lt;account-id&gt;.r2.cloudflarestorage.com (or .eu. / .fedramp. for a jurisdiction), region auto.</summary>
    public static S3ServiceShape CloudflareR2(string accountId, string? jurisdiction = null)
    {
        RequireLabel(accountId, nameof(accountId));
        if (jurisdiction is not null && jurisdiction is not ("eu" or "fedramp"))
            throw new ArgumentException($"expected the jurisdiction eu or fedramp, got '{jurisdiction}'", nameof(jurisdiction));
        var host = jurisdiction is null ? $"{accountId}.r2.cloudflarestorage.com" : $"{accountId}.{jurisdiction}.r2.cloudflarestorage.com";
        return new S3ServiceShape($"https://{host}", "auto", PathStyle: true);
    }

    /// <summary>Google Cloud Storage through its XML API with HMAC keys: https://storage.googleapis.com, region auto unless given.</summary>
    public static S3ServiceShape GoogleCloudStorage(string? region = null)
    {
        if (region is not null) RequireLabel(region, nameof(region));
        return new S3ServiceShape("https://storage.googleapis.com", region ?? "auto", PathStyle: true);
    }

    /// <summary>Oracle Cloud Object Storage's S3 compatibility API: https://&lt;namespace&gt;.compat.objectstorage.&lt;region&gt;.oraclecloud.com, path style only.</summary>
    public static S3ServiceShape OracleCloud(string @namespace, string region)
    {
        RequireLabel(@namespace, nameof(@namespace));
        RequireLabel(region, nameof(region));
        return new S3ServiceShape($"https://{@namespace}.compat.objectstorage.{region}.oraclecloud.com", region, PathStyle: true);
    }

    /// <summary>Supabase Storage: https://&lt;project-ref&gt;.storage.supabase.co/storage/v1/s3, the project's region, path style.</summary>
    public static S3ServiceShape SupabaseStorage(string projectRef, string region)
    {
        RequireLabel(projectRef, nameof(projectRef));
        RequireLabel(region, nameof(region));
        return new S3ServiceShape($"https://{projectRef}.storage.supabase.co/storage/v1/s3", region, PathStyle: true);
    }

    /// <summary>MinIO at its own address: path style, region us-east-1 unless given.</summary>
    public static S3ServiceShape MinIOServer(string endpoint, string? region = null)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"expected an absolute URL such as https://host:9000, got '{endpoint}'", nameof(endpoint));
        if (region is not null) RequireLabel(region, nameof(region));
        return new S3ServiceShape(endpoint, region ?? "us-east-1", PathStyle: true);
    }

    /// <summary>Names that go into a host name: letters, digits and inner hyphens, nothing that could change the URL.</summary>
    private static void RequireLabel(string value, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (!Label().IsMatch(value)) throw new ArgumentException($"expected letters, digits and hyphens, got '{value}'", name);
    }

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex Label();
}
