using Microsoft.Win32.SafeHandles;

namespace Mirage.Vfs.Disk;

/// <summary>
/// A host file read with positional reads, from <c>start</c> for at most <c>length</c> bytes. Reads asked for
/// asynchronously are served in place: on Linux an asynchronous file read is one thread-pool hop per call,
/// which costs far more than copying from the page cache. Seekable (in file offsets) when it has no length limit.
/// </summary>
internal sealed class DiskReadStream : Stream
{
    private readonly SafeFileHandle _handle;
    private readonly long _end;
    private readonly bool _sliced;
    private long _position;

    public DiskReadStream(SafeFileHandle handle, long start, long? length)
    {
        _handle = handle;
        _position = start;
        _sliced = length is not null;
        _end = length is { } limit && limit <= long.MaxValue - start ? start + limit : long.MaxValue;
    }

    public override bool CanRead => true;

    public override bool CanSeek => !_sliced;

    public override bool CanWrite => false;

    public override long Length => _sliced ? throw new NotSupportedException() : RandomAccess.GetLength(_handle);

    public override long Position
    {
        get => _sliced ? throw new NotSupportedException() : _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= _end || buffer.IsEmpty) return 0;
        var wanted = (int)Math.Min(buffer.Length, _end - _position);
        var read = RandomAccess.Read(_handle, buffer[..wanted], _position);
        _position += read;
        return read;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<int>(cancellationToken);
        try
        {
            return ValueTask.FromResult(Read(buffer.Span));
        }
        catch (Exception e)
        {
            return ValueTask.FromException<int>(e);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        if (_sliced) throw new NotSupportedException();
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => RandomAccess.GetLength(_handle) + offset,
        };
        if (target < 0) throw new IOException("An attempt was made to move the position before the beginning of the stream.");
        _position = target;
        return target;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _handle.Dispose();
        base.Dispose(disposing);
    }
}
