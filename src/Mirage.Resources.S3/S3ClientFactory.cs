using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Mirage.Resources.S3;

/// <summary>Builds the SDK client from <see cref="S3ResourceOptions"/>.</summary>
internal static class S3ClientFactory
{
    public static AmazonS3Client Create(S3ResourceOptions options, Action<AmazonS3Config>? configure)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.PathStyle,
            Timeout = options.Timeout,
            MaxErrorRetry = options.MaxRetries,
            // Checksums only where the API demands them: S3-compatible services often reject the newer trailing ones.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.Endpoint is { Length: > 0 } endpoint)
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = options.Region ?? "us-east-1";
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region ?? "us-east-1");
        }
        configure?.Invoke(config);

        var client = options.AccessKeyId is { Length: > 0 } keyId
            ? new AmazonS3Client(Credentials(keyId, options), config)
            : new AmazonS3Client(config); // the standard chain: environment, profile, container or instance role
        client.BeforeRequestEvent += UnescapeCopySourceSlashes;
        return client;
    }

    private static AWSCredentials Credentials(string keyId, S3ResourceOptions options) =>
        options.SessionToken is { Length: > 0 } token
            ? new SessionAWSCredentials(keyId, options.SecretAccessKey ?? "", token)
            : new BasicAWSCredentials(keyId, options.SecretAccessKey ?? "");

    /// <summary>
    /// The SDK escapes the "/" between bucket and key in x-amz-copy-source; S3 accepts it either way, but some
    /// compatible servers (s3rver) decode the header with decodeURI, which keeps "%2F", and then find no bucket.
    /// </summary>
    private static void UnescapeCopySourceSlashes(object sender, RequestEventArgs e)
    {
        if (e is WebServiceRequestEventArgs web && web.Headers.TryGetValue("x-amz-copy-source", out var source))
            web.Headers["x-amz-copy-source"] = source.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
    }
}
