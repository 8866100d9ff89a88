namespace Mirage.Testing;

/// <summary>
/// A source stream that hands out some bytes and then fails, to prove a write that dies midway leaves
/// the old content. With a <see cref="CancellationTokenSource"/> it cancels instead of throwing an I/O error.
/// </summary>
public sealed class FailingStream : Stream
{
    private readonly byte[] _prefix;
    private readonly CancellationTokenSource? _cancel;
    private int _position;

    public FailingStream(byte[] prefix, CancellationTokenSource? cancel = null)
    {
        _prefix = prefix;
        _cancel = cancel;
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

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position < _prefix.Length)
        {
            var count = Math.Min(buffer.Length, _prefix.Length - _position);
            _prefix.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }
        if (_cancel is not null)
        {
            _cancel.Cancel();
            throw new OperationCanceledException(_cancel.Token);
        }
        throw new IOException("the source failed midway");
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
