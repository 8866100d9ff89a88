using System.Net;
using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;
using Mirage.Vfs;
using S3ByteRange = Amazon.S3.Model.ByteRange;

namespace Mirage.Resources.S3;

/// <summary>
/// A bucket (or a prefix of one) seen as a tree: a key is a path, "/" separates directories.
/// A directory exists when a marker object "dir/" exists (mkdir writes one, so empty directories last)
/// or when any key lies below it (trees uploaded by other tools need no markers). Removing the last entry
/// of a directory leaves a marker behind, so the directory stays as POSIX expects.
/// Reads are ranged GETs; writes up to <see cref="S3ResourceOptions.PartSize"/> are one PUT, larger ones a
/// multipart upload that is aborted on any failure, so a failed write never shows a partial object.
/// </summary>
public sealed class S3Resource : IResource, IServerSideCopy, IRecursiveLister
{
    /// <summary>The largest object one CopyObject may copy; larger ones are copied part by part.</summary>
    private const long MaxSingleCopy = 5L * 1024 * 1024 * 1024;
    private const long CopyPartSize = 512L * 1024 * 1024;
    private const int DeleteBatch = 1000;

    private readonly IAmazonS3 _client;
    private readonly S3ResourceOptions _options;
    private readonly string _bucket;
    private readonly string _prefix;
    private readonly S3Errors _errors;
    // Writes to one key from this process go one at a time: some S3-compatible servers (s3rver) store
    // concurrent PUTs of one key interleaved, and CreateNew / IfMatch checks then hold within the process.
    private readonly KeyedGate _writeGate = new();

    /// <param name="configureClient">Adjusts the SDK configuration before the client is made (an HTTP client factory, a proxy).</param>
    public S3Resource(S3ResourceOptions options, Action<AmazonS3Config>? configureClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Bucket);
        if (options.PartSize < S3ResourceOptions.MinimumPartSize)
            throw new ArgumentException($"The part size must be at least {S3ResourceOptions.MinimumPartSize} bytes.", nameof(options));
        _options = options;
        _bucket = options.Bucket;
        _prefix = NormalisePrefix(options.Prefix);
        _client = S3ClientFactory.Create(options, configureClient);
        _errors = new S3Errors(options.Bucket, _prefix, options.Endpoint);
        Info = new ResourceInfo(
            "s3",
            options.Description ?? $"Objects of the S3 bucket '{_bucket}'{(_prefix.Length > 0 ? $" under '{_prefix}'" : "")}: each key is a path and '/' separates directories.");
    }

    public ResourceInfo Info { get; }

    /// <summary>The bucket this tree lives in.</summary>
    public string Bucket => _bucket;

    /// <summary>The key prefix of the root, "" or ending with "/".</summary>
    public string KeyPrefix => _prefix;

    // ---- stat and list ----

    public async ValueTask<EntryInfo?> StatAsync(VPath path, CancellationToken cancellationToken = default)
    {
        if (path.IsRoot) return new EntryInfo(VPath.Root, EntryKind.Directory);
        return await HeadFileAsync(path, cancellationToken).ConfigureAwait(false)
            ?? await ProbeDirectoryAsync(path, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<EntryInfo> ListAsync(VPath directory, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prefix = DirectoryPrefix(directory);
        var found = directory.IsRoot;
        // S3 sorts by UTF-8 bytes and puts "a/" after "a-b": gather one directory's names, then yield them in ordinal order.
        var entries = new Dictionary<string, EntryInfo>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix, Delimiter = "/", MaxKeys = _options.ListPageSize, ContinuationToken = token };
            var page = await CallAsync(directory, ct => _client.ListObjectsV2Async(request, ct), cancellationToken).ConfigureAwait(false);
            foreach (var common in page.CommonPrefixes ?? [])
            {
                found = true;
                var name = common[prefix.Length..^1];
                if (IsUsableName(name)) entries.TryAdd(name, new EntryInfo(directory / name, EntryKind.Directory));
            }
            foreach (var item in page.S3Objects ?? [])
            {
                found = true;
                if (item.Key.Length == prefix.Length) continue; // the directory's own marker
                var name = item.Key[prefix.Length..];
                // A file and a directory of one name can both exist in a bucket; the file wins, as it does for stat.
                if (IsUsableName(name)) entries[name] = FileEntry(directory / name, item);
            }
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);

        if (!found)
        {
            if (await HeadFileAsync(directory, cancellationToken).ConfigureAwait(false) is not null) throw ResourceException.NotADirectory(directory);
            throw ResourceException.NotFound(directory);
        }
        foreach (var name in entries.Keys.Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entries[name];
        }
    }

    public async IAsyncEnumerable<EntryInfo> ListRecursiveAsync(VPath root, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prefix = DirectoryPrefix(root);
        var found = root.IsRoot;
        var seenDirectories = new HashSet<string>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix, MaxKeys = _options.ListPageSize, ContinuationToken = token };
            var page = await CallAsync(root, ct => _client.ListObjectsV2Async(request, ct), cancellationToken).ConfigureAwait(false);
            foreach (var item in page.S3Objects ?? [])
            {
                found = true;
                var relative = item.Key[prefix.Length..];
                if (relative.Length == 0) continue;
                var isMarker = relative.EndsWith('/');
                var segments = (isMarker ? relative[..^1] : relative).Split('/');
                if (!Array.TrueForAll(segments, IsUsableName)) continue;
                // Parents before children: a directory is announced the first time a key below it is seen.
                var current = root;
                for (var i = 0; i < segments.Length; i++)
                {
                    current /= segments[i];
                    var last = i == segments.Length - 1;
                    if (last && !isMarker)
                    {
                        yield return FileEntry(current, item);
                    }
                    else if (seenDirectories.Add(current.Value))
                    {
                        yield return new EntryInfo(current, EntryKind.Directory, Modified: last ? ToOffset(item.LastModified) : null);
                    }
                }
            }
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);

        if (!found)
        {
            if (await HeadFileAsync(root, cancellationToken).ConfigureAwait(false) is not null) throw ResourceException.NotADirectory(root);
            throw ResourceException.NotFound(root);
        }
    }

    // ---- read ----

    public async ValueTask<Stream> OpenReadAsync(VPath path, Vfs.ByteRange range = default, CancellationToken cancellationToken = default)
    {
        if (range.Offset < 0 || range.Length < 0) throw new ResourceException(ResourceError.InvalidArgument, path);
        if (path.IsRoot) throw ResourceException.IsADirectory(path);
        if (range.Length == 0)
        {
            // Nothing to fetch, but the file must still exist.
            var info = await StatAsync(path, cancellationToken).ConfigureAwait(false) ?? throw ResourceException.NotFound(path);
            if (info.IsDirectory) throw ResourceException.IsADirectory(path);
            return Stream.Null;
        }
        var request = new GetObjectRequest { BucketName = _bucket, Key = FileKey(path) };
        if (!range.IsAll) request.ByteRange = ToS3Range(range);
        try
        {
            var response = await _client.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
            if (IsEmptyObject(response.ContentRange))
            {
                // Some servers (s3rver) answer a ranged GET of an empty object with a length their body never delivers.
                response.Dispose();
                return Stream.Null;
            }
            return new S3ReadStream(response);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            return Stream.Null; // the range starts at or past the end
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket")
        {
            if (await ProbeDirectoryAsync(path, cancellationToken).ConfigureAwait(false) is not null) throw ResourceException.IsADirectory(path);
            throw ResourceException.NotFound(path);
        }
        catch (Exception e) when (S3Errors.IsServiceFailure(e, cancellationToken))
        {
            throw _errors.Map(e, path);
        }
    }

    // ---- write ----

    public async ValueTask<EntryInfo> WriteAsync(VPath path, Stream content, WriteOptions options = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (path.IsRoot) throw ResourceException.IsADirectory(path);
        using var gate = await _writeGate.EnterAsync(FileKey(path), cancellationToken).ConfigureAwait(false);
        await RequireDirectoryAsync(path.Parent, cancellationToken).ConfigureAwait(false);
        var current = await HeadFileAsync(path, cancellationToken).ConfigureAwait(false);
        if (current is null && await ProbeDirectoryAsync(path, cancellationToken).ConfigureAwait(false) is not null)
            throw ResourceException.IsADirectory(path);
        if (options.CreateNew && current is not null) throw ResourceException.AlreadyExists(path);
        if (options.IfMatch is not null && current?.Fingerprint != options.IfMatch)
            throw new ResourceException(ResourceError.Conflict, path);

        var conditions = new WriteConditions(options.IfMatch, options.CreateNew ? "*" : null);
        if (options.Append && current is { Size: > 0 })
        {
            // S3 has no append: stream the old object (pinned to the version we saw) followed by the new bytes.
            var oldRequest = new GetObjectRequest { BucketName = _bucket, Key = FileKey(path), EtagToMatch = current.Fingerprint };
            var old = await CallAsync(path, ct => _client.GetObjectAsync(oldRequest, ct), cancellationToken).ConfigureAwait(false);
            await using var joined = new ConcatenatedStream(new S3ReadStream(old), content);
            return await UploadAsync(path, joined, conditions, options.ContentType, cancellationToken).ConfigureAwait(false);
        }
        return await UploadAsync(path, content, conditions, options.ContentType, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask CreateDirectoryAsync(VPath path, CancellationToken cancellationToken = default)
    {
        if (path.IsRoot || await StatAsync(path, cancellationToken).ConfigureAwait(false) is not null)
            throw ResourceException.AlreadyExists(path);
        await RequireDirectoryAsync(path.Parent, cancellationToken).ConfigureAwait(false);
        await PutMarkerAsync(path, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask RemoveAsync(VPath path, bool recursive = false, CancellationToken cancellationToken = default)
    {
        if (path.IsRoot) throw new ResourceException(ResourceError.Busy, path);
        if (await HeadFileAsync(path, cancellationToken).ConfigureAwait(false) is not null)
        {
            var key = FileKey(path);
            await CallAsync(path, ct => _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = key }, ct), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await RemoveDirectoryAsync(path, recursive, cancellationToken).ConfigureAwait(false);
        }
        await KeepDirectoryAsync(path.Parent, cancellationToken).ConfigureAwait(false);
    }

    // ---- copy ----

    public async ValueTask<EntryInfo> CopyAsync(VPath source, VPath destination, CancellationToken cancellationToken = default)
    {
        var info = await HeadFileAsync(source, cancellationToken).ConfigureAwait(false);
        if (info is null)
        {
            if (source.IsRoot || await ProbeDirectoryAsync(source, cancellationToken).ConfigureAwait(false) is not null) throw ResourceException.IsADirectory(source);
            throw ResourceException.NotFound(source);
        }
        if (destination.IsRoot) throw ResourceException.IsADirectory(destination);
        using var gate = await _writeGate.EnterAsync(FileKey(destination), cancellationToken).ConfigureAwait(false);
        await RequireDirectoryAsync(destination.Parent, cancellationToken).ConfigureAwait(false);
        if (await HeadFileAsync(destination, cancellationToken).ConfigureAwait(false) is null
            && await ProbeDirectoryAsync(destination, cancellationToken).ConfigureAwait(false) is not null)
            throw ResourceException.IsADirectory(destination);

        var size = info.Size ?? 0;
        var etag = size > MaxSingleCopy
            ? await CopyInPartsAsync(source, destination, size, cancellationToken).ConfigureAwait(false)
            : (await CallAsync(destination, ct => _client.CopyObjectAsync(new CopyObjectRequest
            {
                SourceBucket = _bucket,
                SourceKey = FileKey(source),
                DestinationBucket = _bucket,
                DestinationKey = FileKey(destination),
            }, ct), cancellationToken).ConfigureAwait(false)).ETag;
        return new EntryInfo(destination, EntryKind.File, size, DateTimeOffset.UtcNow, etag);
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    // ---- uploads ----

    private readonly record struct WriteConditions(string? IfMatch, string? IfNoneMatch);

    private async Task<EntryInfo> UploadAsync(VPath path, Stream source, WriteConditions conditions, string? contentType, CancellationToken cancellationToken)
    {
        var partSize = _options.PartSize;
        var first = await PartBuffer.FillAsync(source, partSize, cancellationToken).ConfigureAwait(false);
        PartBuffer? second = null;
        if (!first.SourceEnded)
        {
            second = await PartBuffer.FillAsync(source, partSize, cancellationToken).ConfigureAwait(false);
            if (second.Length == 0) second = null; // the content was exactly one part long
        }
        if (second is null)
        {
            var request = new PutObjectRequest
            {
                BucketName = _bucket,
                Key = FileKey(path),
                InputStream = first.Content,
                AutoCloseStream = false,
                // aws-chunked bodies are not understood by several S3-compatible servers; a plain signed body is.
                UseChunkEncoding = false,
                ContentType = contentType,
                IfMatch = conditions.IfMatch,
                IfNoneMatch = conditions.IfNoneMatch,
            };
            var response = await CallWriteAsync(path, conditions, ct => _client.PutObjectAsync(request, ct), cancellationToken).ConfigureAwait(false);
            return new EntryInfo(path, EntryKind.File, first.Length, DateTimeOffset.UtcNow, response.ETag);
        }
        return await UploadMultipartAsync(path, source, first, second, conditions, contentType, cancellationToken).ConfigureAwait(false);
    }

    private async Task<EntryInfo> UploadMultipartAsync(VPath path, Stream source, PartBuffer first, PartBuffer second, WriteConditions conditions, string? contentType, CancellationToken cancellationToken)
    {
        var key = FileKey(path);
        var start = await CallAsync(path, ct => _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = _bucket,
            Key = key,
            ContentType = contentType,
        }, ct), cancellationToken).ConfigureAwait(false);
        try
        {
            var parts = new List<PartETag>();
            long total = 0;
            var part = first;
            var next = (PartBuffer?)second;
            var number = 1;
            while (true)
            {
                // Upload one part while the next is read from the source: two parts in memory at most.
                var upload = UploadPartAsync(path, key, start.UploadId, number, part, cancellationToken);
                PartBuffer? following = null;
                if (next is not null && !next.SourceEnded)
                {
                    following = await PartBuffer.FillAsync(source, _options.PartSize, cancellationToken).ConfigureAwait(false);
                    if (following.Length == 0) following = null;
                }
                parts.Add(await upload.ConfigureAwait(false));
                total += part.Length;
                if (next is null) break;
                part = next;
                next = following;
                number++;
            }
            var complete = new CompleteMultipartUploadRequest
            {
                BucketName = _bucket,
                Key = key,
                UploadId = start.UploadId,
                PartETags = parts,
                IfMatch = conditions.IfMatch,
                IfNoneMatch = conditions.IfNoneMatch,
            };
            var done = await CallWriteAsync(path, conditions, ct => _client.CompleteMultipartUploadAsync(complete, ct), cancellationToken).ConfigureAwait(false);
            return new EntryInfo(path, EntryKind.File, total, DateTimeOffset.UtcNow, done.ETag);
        }
        catch
        {
            await AbortQuietlyAsync(key, start.UploadId).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<PartETag> UploadPartAsync(VPath path, string key, string uploadId, int number, PartBuffer part, CancellationToken cancellationToken)
    {
        var request = new UploadPartRequest
        {
            BucketName = _bucket,
            Key = key,
            UploadId = uploadId,
            PartNumber = number,
            PartSize = part.Length,
            InputStream = part.Content,
            UseChunkEncoding = false,
        };
        var response = await CallAsync(path, ct => _client.UploadPartAsync(request, ct), cancellationToken).ConfigureAwait(false);
        return new PartETag(number, response.ETag);
    }

    private async Task<string> CopyInPartsAsync(VPath source, VPath destination, long size, CancellationToken cancellationToken)
    {
        var key = FileKey(destination);
        var start = await CallAsync(destination, ct => _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = _bucket, Key = key }, ct), cancellationToken).ConfigureAwait(false);
        try
        {
            var parts = new List<PartETag>();
            var number = 1;
            for (long offset = 0; offset < size; offset += CopyPartSize, number++)
            {
                var request = new CopyPartRequest
                {
                    SourceBucket = _bucket,
                    SourceKey = FileKey(source),
                    DestinationBucket = _bucket,
                    DestinationKey = key,
                    UploadId = start.UploadId,
                    PartNumber = number,
                    FirstByte = offset,
                    LastByte = Math.Min(size, offset + CopyPartSize) - 1,
                };
                var response = await CallAsync(destination, ct => _client.CopyPartAsync(request, ct), cancellationToken).ConfigureAwait(false);
                parts.Add(new PartETag(number, response.ETag));
            }
            var done = await CallAsync(destination, ct => _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _bucket,
                Key = key,
                UploadId = start.UploadId,
                PartETags = parts,
            }, ct), cancellationToken).ConfigureAwait(false);
            return done.ETag;
        }
        catch
        {
            await AbortQuietlyAsync(key, start.UploadId).ConfigureAwait(false);
            throw;
        }
    }

    private async Task AbortQuietlyAsync(string key, string uploadId)
    {
        try
        {
            // Not the caller's token: a cancelled write must still leave no stored parts behind.
            using var timeout = new CancellationTokenSource(_options.Timeout);
            await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _bucket, Key = key, UploadId = uploadId }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The upload stays invisible either way; a bucket lifecycle rule cleans what an abort could not.
        }
    }

    // ---- directories ----

    private async Task RemoveDirectoryAsync(VPath path, bool recursive, CancellationToken cancellationToken)
    {
        var prefix = DirectoryPrefix(path);
        var found = false;
        string? token = null;
        do
        {
            var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix, MaxKeys = recursive ? DeleteBatch : 2, ContinuationToken = token };
            var page = await CallAsync(path, ct => _client.ListObjectsV2Async(request, ct), cancellationToken).ConfigureAwait(false);
            var keys = (page.S3Objects ?? []).Select(static o => o.Key).ToList();
            if (keys.Count == 0) break;
            found = true;
            if (!recursive)
            {
                if (keys.Exists(k => k.Length > prefix.Length)) throw ResourceException.DirectoryNotEmpty(path);
            }
            await DeleteKeysAsync(path, keys, cancellationToken).ConfigureAwait(false);
            token = recursive && page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
        if (!found) throw ResourceException.NotFound(path);
    }

    private async Task DeleteKeysAsync(VPath path, List<string> keys, CancellationToken cancellationToken)
    {
        var request = new DeleteObjectsRequest
        {
            BucketName = _bucket,
            Quiet = true,
            Objects = [.. keys.Select(static k => new KeyVersion { Key = k })],
        };
        var response = await CallAsync(path, ct => _client.DeleteObjectsAsync(request, ct), cancellationToken).ConfigureAwait(false);
        if (response.DeleteErrors is { Count: > 0 } errors)
        {
            var first = errors[0];
            throw _errors.FromCode(PathOfKey(first.Key), first.Code, first.Message);
        }
    }

    /// <summary>After a removal, a directory whose last entry went keeps existing through a marker.</summary>
    private async Task KeepDirectoryAsync(VPath directory, CancellationToken cancellationToken)
    {
        if (directory.IsRoot) return;
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = DirectoryPrefix(directory), MaxKeys = 1 };
        var page = await CallAsync(directory, ct => _client.ListObjectsV2Async(request, ct), cancellationToken).ConfigureAwait(false);
        if ((page.S3Objects ?? []).Count == 0) await PutMarkerAsync(directory, cancellationToken).ConfigureAwait(false);
    }

    private async Task PutMarkerAsync(VPath directory, CancellationToken cancellationToken)
    {
        var request = new PutObjectRequest
        {
            BucketName = _bucket,
            Key = DirectoryPrefix(directory),
            InputStream = new MemoryStream([], writable: false),
            UseChunkEncoding = false,
            ContentType = "application/x-directory",
        };
        await CallAsync(directory, ct => _client.PutObjectAsync(request, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>NotFound when <paramref name="directory"/> is missing, NotADirectory when it is a file.</summary>
    private async Task RequireDirectoryAsync(VPath directory, CancellationToken cancellationToken)
    {
        if (directory.IsRoot || await ProbeDirectoryAsync(directory, cancellationToken).ConfigureAwait(false) is not null) return;
        if (await HeadFileAsync(directory, cancellationToken).ConfigureAwait(false) is not null) throw ResourceException.NotADirectory(directory);
        throw ResourceException.NotFound(directory);
    }

    /// <summary>The directory entry when a marker or any key lies below <paramref name="path"/>; one LIST of one key.</summary>
    private async Task<EntryInfo?> ProbeDirectoryAsync(VPath path, CancellationToken cancellationToken)
    {
        var prefix = DirectoryPrefix(path);
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix, MaxKeys = 1 };
        var page = await CallAsync(path, ct => _client.ListObjectsV2Async(request, ct), cancellationToken).ConfigureAwait(false);
        var first = (page.S3Objects ?? []).FirstOrDefault();
        if (first is null) return null;
        // The marker sorts first under its prefix, so when there is one this is it and it dates the directory.
        return new EntryInfo(path, EntryKind.Directory, Modified: first.Key == prefix ? ToOffset(first.LastModified) : null);
    }

    private async Task<EntryInfo?> HeadFileAsync(VPath path, CancellationToken cancellationToken)
    {
        if (path.IsRoot) return null;
        var request = new GetObjectMetadataRequest { BucketName = _bucket, Key = FileKey(path) };
        try
        {
            var response = await _client.GetObjectMetadataAsync(request, cancellationToken).ConfigureAwait(false);
            return new EntryInfo(path, EntryKind.File, response.ContentLength, ToOffset(response.LastModified), response.ETag);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception e) when (S3Errors.IsServiceFailure(e, cancellationToken))
        {
            throw _errors.Map(e, path);
        }
    }

    // ---- helpers ----

    private async Task<T> CallAsync<T>(VPath path, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (S3Errors.IsServiceFailure(e, cancellationToken))
        {
            throw _errors.Map(e, path);
        }
    }

    /// <summary>A conditional write refused by the server is the same failure the checks before it report.</summary>
    private async Task<T> CallWriteAsync<T>(VPath path, WriteConditions conditions, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.PreconditionFailed && conditions.IfMatch is null && conditions.IfNoneMatch is not null)
        {
            throw ResourceException.AlreadyExists(path);
        }
        catch (Exception e) when (S3Errors.IsServiceFailure(e, cancellationToken))
        {
            throw _errors.Map(e, path);
        }
    }

    private string FileKey(VPath path) => _prefix + path.Value[1..];

    private string DirectoryPrefix(VPath path) => path.IsRoot ? _prefix : _prefix + path.Value[1..] + "/";

    private VPath PathOfKey(string key)
    {
        var relative = key.StartsWith(_prefix, StringComparison.Ordinal) ? key[_prefix.Length..] : key;
        return VPath.Parse("/" + relative.TrimEnd('/'));
    }

    private static EntryInfo FileEntry(VPath path, S3Object item) =>
        new(path, EntryKind.File, item.Size ?? 0, ToOffset(item.LastModified), item.ETag);

    /// <summary>Names a path can carry: keys with empty, "." or ".." segments have no place in the tree and are skipped.</summary>
    private static bool IsUsableName(string name) => name.Length > 0 && name != "." && name != ".." && !name.Contains('/');

    private static DateTimeOffset? ToOffset(DateTime? time) => time is { } t
        ? new DateTimeOffset(t.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : t.ToUniversalTime())
        : null;

    /// <summary>A Content-Range of "bytes a-b/0": the object has no bytes, whatever the range claims.</summary>
    private static bool IsEmptyObject(string? contentRange) =>
        contentRange is not null && contentRange.EndsWith("/0", StringComparison.Ordinal);

    private static S3ByteRange ToS3Range(Vfs.ByteRange range) =>
        range.Length is { } length && length <= long.MaxValue - range.Offset
            ? new S3ByteRange(range.Offset, range.Offset + length - 1)
            : new S3ByteRange($"bytes={range.Offset}-");

    internal static string NormalisePrefix(string? prefix)
    {
        var trimmed = (prefix ?? "").Trim('/');
        return trimmed.Length == 0 ? "" : trimmed + "/";
    }
}
