using Mirage.Configuration;

namespace Mirage.Resources.S3;

/// <summary>
/// The "s3" mount type. YAML keys: bucket (required), region, endpoint, prefix, access_key_id,
/// secret_access_key, session_token, path_style, and optionally timeout (a duration) and part_size (a size).
/// </summary>
public static class S3ResourceRegistration
{
    public const string TypeName = "s3";

    public static ResourceRegistry Register(ResourceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.Add(new ResourceDescriptor(
            TypeName,
            "Objects of an S3 (or S3-compatible) bucket: keys are paths, '/' separates directories.",
            static config => ReadOptions(config) is { } options ? new S3Resource(options) : null));
    }

    /// <summary>The options of one <c>config:</c> block, or null when it has errors (reported through <paramref name="config"/>).</summary>
    public static S3ResourceOptions? ReadOptions(ConfigReader config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var before = config.Errors.Count;
        var bucket = config.String("bucket", required: true);
        var options = new S3ResourceOptions(
            Bucket: bucket ?? "",
            Region: config.String("region"),
            Endpoint: config.String("endpoint"),
            Prefix: config.String("prefix"),
            AccessKeyId: config.String("access_key_id"),
            SecretAccessKey: config.String("secret_access_key"),
            SessionToken: config.String("session_token"),
            PathStyle: config.Boolean("path_style") ?? false);
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
}
