using Amazon.Runtime;

namespace Mirage.Resources.S3.Tests;

/// <summary>Counts requests and the response body bytes the SDK actually reads off the wire.</summary>
internal sealed class WireCounter
{
    private readonly List<string> _requestLines = [];
    private long _bodyBytes;
    private int _requests;

    /// <summary>"METHOD path?query" of every request since the last reset.</summary>
    public IReadOnlyList<string> RequestLines
    {
        get
        {
            lock (_requestLines) return [.. _requestLines];
        }
    }

    public long BodyBytes => Interlocked.Read(ref _bodyBytes);

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>GETs of objects since the last reset; listings are GETs too, with list-type in the query, and are not counted.</summary>
    public int ObjectGets => RequestLines.Count(static line => line.StartsWith("GET ", StringComparison.Ordinal) && !line.Contains("list-type", StringComparison.Ordinal));

    public void Reset()
    {
        Interlocked.Exchange(ref _bodyBytes, 0);
        Interlocked.Exchange(ref _requests, 0);
        lock (_requestLines) _requestLines.Clear();
    }

    public void CountRequest(HttpRequestMessage request)
    {
        Interlocked.Increment(ref _requests);
        lock (_requestLines) _requestLines.Add($"{request.Method} {request.RequestUri?.PathAndQuery}");
    }

    public void CountBody(int bytes) => Interlocked.Add(ref _bodyBytes, bytes);
}

/// <summary>
/// Hands the SDK one counting HTTP client for all requests: a factory that does not let the SDK cache clients is
/// asked for one per request, and a new handler per request would open (and later finalize) a connection per request.
/// </summary>
internal sealed class CountingHttpClientFactory(WireCounter counter) : HttpClientFactory
{
    private readonly Lazy<HttpClient> _client = new(() =>
        new HttpClient(new CountingHandler(counter) { InnerHandler = new SocketsHttpHandler() }) { Timeout = Timeout.InfiniteTimeSpan });

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => _client.Value;

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
}

internal sealed class CountingHandler(WireCounter counter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        counter.CountRequest(request);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var original = response.Content;
        var body = await original.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var counted = new StreamContent(new CountingStream(body, counter));
        foreach (var header in original.Headers) counted.Headers.TryAddWithoutValidation(header.Key, header.Value);
        response.Content = counted;
        return response;
    }
}

internal sealed class CountingStream(Stream inner, WireCounter counter) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        counter.CountBody(read);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        counter.CountBody(read);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
