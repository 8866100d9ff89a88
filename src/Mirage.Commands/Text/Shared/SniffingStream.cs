using Mirage.Commands.Common;

namespace Mirage.Commands.Text.Shared;

/// <summary>
/// Reads a first block ahead so a command can look at it (grep's binary detection) before consuming lines,
/// then serves that block and the rest of the stream unchanged.
/// </summary>
public sealed class SniffingStream : Stream
{
    private readonly Stream _inner;
    private byte[] _head = [];
    private int _headPosition;

    private SniffingStream(Stream inner) => _inner = inner;

    /// <summary>The bytes read ahead (at most the requested size; fewer when the stream is shorter).</summary>
    public ReadOnlyMemory<byte> Head => _head;

    public static async ValueTask<SniffingStream> OpenAsync(Stream inner, int size, CancellationToken cancellationToken)
    {
        var sniffer = new SniffingStream(inner);
        // A short file is sniffed whole without a full-size buffer (and ends up in the head, as before).
        size = ReadBuffer.SizeFor(inner, size);
        var buffer = new byte[size];
        var filled = 0;
        while (filled < size)
        {
            var read = await inner.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            filled += read;
        }
        sniffer._head = filled == size ? buffer : buffer[..filled];
        return sniffer;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_headPosition < _head.Length)
        {
            var count = Math.Min(buffer.Length, _head.Length - _headPosition);
            _head.AsSpan(_headPosition, count).CopyTo(buffer);
            _headPosition += count;
            return count;
        }
        return _inner.Read(buffer);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_headPosition < _head.Length) return ValueTask.FromResult(Read(buffer.Span));
        return _inner.ReadAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
