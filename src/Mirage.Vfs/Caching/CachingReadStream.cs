namespace Mirage.Vfs.Caching;

/// <summary>
/// Passes a backend read through and keeps a copy of its bytes; when the reader reaches the end and the bytes are
/// all there (as many as the stat promised), hands the copy to the cache. A failure, a cancellation or a reader
/// that stops early keeps nothing, and so does an object that outgrows the cache's limit on the way.
/// </summary>
internal sealed class CachingReadStream(Stream inner, long? expectedSize, long limit, Func<ReadOnlyMemory<byte>, ValueTask> keep) : ReadOnlyStream
{
    // Sized for the whole object up front when that is modest, so the copy rarely regrows.
    private MemoryStream? _copy = new(expectedSize is { } size && size <= limit ? (int)Math.Min(size, 16 * 1024 * 1024) : 0);
    private bool _failed;

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = inner.Read(buffer);
        }
        catch
        {
            Abandon();
            throw;
        }
        if (read > 0) Copy(buffer[..read]);
        else KeepAsync().AsTask().GetAwaiter().GetResult();
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Abandon();
            throw;
        }
        if (read > 0) Copy(buffer.Span[..read]);
        else if (buffer.Length > 0) await KeepAsync().ConfigureAwait(false);
        return read;
    }

    private void Copy(ReadOnlySpan<byte> bytes)
    {
        if (_copy is null) return;
        if (_copy.Length + bytes.Length > limit)
        {
            Abandon();
            return;
        }
        _copy.Write(bytes);
    }

    private async ValueTask KeepAsync()
    {
        var copy = _copy;
        _copy = null;
        if (copy is null || _failed) return;
        if (expectedSize is { } size && copy.Length != size) return; // the object changed between the stat and the read
        await keep(copy.GetBuffer().AsMemory(0, (int)copy.Length)).ConfigureAwait(false);
    }

    private void Abandon()
    {
        _failed = true;
        _copy = null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _copy = null;
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        _copy = null;
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
