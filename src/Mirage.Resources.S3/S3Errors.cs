using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Mirage.Vfs;

namespace Mirage.Resources.S3;

/// <summary>Turns SDK failures into <see cref="ResourceException"/>s whose message names the bucket and the cause in one line.</summary>
internal sealed class S3Errors(string bucket, string prefix, string? endpoint)
{
    private string Where => $"s3://{bucket}/{prefix}" + (endpoint is null ? "" : $" at {endpoint}");

    /// <summary>A failure of the service or the network, as opposed to the caller cancelling or the source stream failing.</summary>
    public static bool IsServiceFailure(Exception e, CancellationToken cancellationToken) => e switch
    {
        AmazonServiceException or AmazonClientException or HttpRequestException or SocketException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested, // the SDK's own timeout
        _ => false,
    };

    public ResourceException Map(Exception e, VPath path) => e switch
    {
        AmazonS3Exception s3 => FromStatus(path, s3.StatusCode, s3.ErrorCode, s3.Message, e),
        AmazonServiceException { InnerException: { } inner } when inner is HttpRequestException or SocketException or IOException =>
            Transient(path, $"cannot reach the service: {inner.Message}", e),
        AmazonServiceException service => FromStatus(path, service.StatusCode, service.ErrorCode, service.Message, e),
        OperationCanceledException => Transient(path, "the request timed out", e),
        _ => Transient(path, $"cannot reach the service: {e.Message}", e),
    };

    public ResourceException FromCode(VPath path, string? code, string? message) =>
        FromStatus(path, code switch
        {
            "AccessDenied" => HttpStatusCode.Forbidden,
            "NoSuchKey" or "NoSuchBucket" => HttpStatusCode.NotFound,
            _ => HttpStatusCode.InternalServerError,
        }, code, message, null);

    private ResourceException FromStatus(VPath path, HttpStatusCode status, string? code, string? message, Exception? inner)
    {
        if (code == "NoSuchBucket")
            return Build(ResourceError.NotFound, path, $"bucket '{bucket}' does not exist", inner);
        var error = (code, status) switch
        {
            ("AccessDenied" or "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "ExpiredToken" or "InvalidToken", _) => ResourceError.PermissionDenied,
            (_, HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized) => ResourceError.PermissionDenied,
            (_, HttpStatusCode.NotFound) => ResourceError.NotFound,
            (_, HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict) => ResourceError.Conflict,
            (_, HttpStatusCode.NotImplemented) => ResourceError.NotSupported,
            (_, HttpStatusCode.BadRequest) => ResourceError.InvalidArgument,
            _ => ResourceError.Transient,
        };
        var detail = string.IsNullOrEmpty(code) ? message : $"{code}: {message}";
        return Build(error, path, detail, inner);
    }

    private ResourceException Transient(VPath path, string detail, Exception inner) => Build(ResourceError.Transient, path, detail, inner);

    private ResourceException Build(ResourceError error, VPath path, string? detail, Exception? inner) =>
        new(error, path, $"{path}: {ResourceException.Describe(error)} ({Where}: {OneLine(detail)})", inner) { Detail = $"{Where}: {OneLine(detail)}" };

    private static string OneLine(string? text) => (text ?? "").ReplaceLineEndings(" ").Trim();
}
