using Mirage.Configuration;

namespace Mirage.Resources.S3;

/// <summary>
/// The "s3" mount type. YAML keys: bucket (required), region, endpoint, prefix, access_key_id,
/// secret_access_key, session_token, path_style, and optionally timeout (a duration) and part_size (a size);
/// preset (r2, gcs, oci, supabase, minio) with the keys that service needs fills endpoint, region and path_style.
/// </summary>
public static class S3ResourceRegistration
{
    public const string TypeName = "s3";

    public static ResourceRegistry Register(ResourceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.Add(TypeName, "Objects of an S3 (or S3-compatible) bucket: keys are paths, '/' separates directories.", ReadOptions, static options => new S3Resource(options));
    }

    /// <summary>The options of one <c>config:</c> block, or null when it has errors (reported through <paramref name="config"/>).</summary>
    public static S3ResourceOptions? ReadOptions(ConfigReader config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var before = config.Errors.Count;
        var bucket = config.String("bucket", required: true);
        var service = config.String("preset") is { } preset ? ReadPreset(config, preset) : null;
        var options = new S3ResourceOptions(
            Bucket: bucket ?? "",
            Region: config.String("region") ?? service?.Region,
            Endpoint: config.String("endpoint") ?? service?.Endpoint,
            Prefix: config.String("prefix"),
            AccessKeyId: config.String("access_key_id"),
            SecretAccessKey: config.String("secret_access_key"),
            SessionToken: config.String("session_token"),
            PathStyle: config.Boolean("path_style") ?? service?.PathStyle ?? false);
        if (options.AccessKeyId is { Length: > 0 } && string.IsNullOrEmpty(options.SecretAccessKey))
            config.Error(config.Node["access_key_id"]!, "secret_access_key is required with access_key_id");
        if (options.Endpoint is { Length: > 0 } endpoint && !Uri.TryCreate(endpoint, UriKind.Absolute, out _))
            config.Error(config.Node["endpoint"]!, $"expected an absolute URL such as https://host:9000, got '{endpoint}'");
        if (config.Duration("timeout") is { } timeout) options = options with { Timeout = timeout };
        if (config.Size("part_size") is { } partSize)
        {
            if (partSize < S3ResourceOptions.MinimumPartSize || partSize > int.MaxValue)
                config.Error(config.Node["part_size"]!, "expected a part size between 5MiB and 2GiB");
            else
                options = options with { PartSize = (int)partSize };
        }
        return bucket is null || config.Errors.Count > before ? null : options;
    }

    /// <summary>
    /// The service a <c>preset:</c> names, from the keys that service documents (account_id, namespace, project_ref, ...);
    /// keys given explicitly (endpoint, region, path_style) still win. Null, with errors reported, when keys are missing or malformed.
    /// </summary>
    private static S3ServiceShape? ReadPreset(ConfigReader config, string preset)
    {
        try
        {
            switch (preset)
            {
                case S3Presets.R2:
                    var accountId = config.String("account_id", required: true);
                    var jurisdiction = config.String("jurisdiction");
                    return accountId is null ? null : S3Presets.CloudflareR2(accountId, jurisdiction);
                case S3Presets.Gcs:
                    return S3Presets.GoogleCloudStorage(config.String("region"));
                case S3Presets.Oci:
                    var ns = config.String("namespace", required: true);
                    var ociRegion = config.String("region", required: true);
                    return ns is null || ociRegion is null ? null : S3Presets.OracleCloud(ns, ociRegion);
                case S3Presets.Supabase:
                    var projectRef = config.String("project_ref", required: true);
                    var projectRegion = config.String("region", required: true);
                    return projectRef is null || projectRegion is null ? null : S3Presets.SupabaseStorage(projectRef, projectRegion);
                case S3Presets.MinIO:
                    var endpoint = config.String("endpoint", required: true);
                    return endpoint is null ? null : S3Presets.MinIOServer(endpoint, config.String("region"));
                default:
                    config.Error(config.Node["preset"]!, $"unknown preset '{preset}' (expected one of: {string.Join(", ", S3Presets.Names)})");
                    return null;
            }
        }
        catch (ArgumentException e)
        {
            config.Error(config.Node["preset"]!, $"{preset}: {e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal)}");
            return null;
        }
    }
}
