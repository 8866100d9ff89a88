namespace Mirage.Vfs;

/// <summary>Passes reads through and reports, once, how many bytes the reader actually took.</summary>
internal sealed class LoggedReadStream(Stream inner, Action<long> onClose) : ReadOnlyStream
{
    private long _bytes;
    private int _closed;

    // Seeking passes through so that readers needing a length (tar) need not buffer a seekable source.
    public override bool CanSeek => inner.CanSeek;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        _bytes += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _bytes += read;
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _closed, 1) == 0)
        {
            inner.Dispose();
            onClose(_bytes);
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            await inner.DisposeAsync().ConfigureAwait(false);
            onClose(_bytes);
        }
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
