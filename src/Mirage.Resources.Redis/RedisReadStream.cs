using Mirage.Vfs;
using StackExchange.Redis;

namespace Mirage.Resources.Redis;

/// <summary>Reads bytes [start, end) of one blob with GETRANGE, one chunk at a time.</summary>
internal sealed class RedisReadStream(IDatabase db, RedisKey blob, long first, long end, int chunkSize, VPath path) : Stream
{
    private readonly long _start = first;
    private long _position = first;
    private byte[] _chunk = [];
    private int _chunkOffset;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => end - _start;

    public override long Position
    {
        get => _position - _start - (_chunk.Length - _chunkOffset);
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length == 0) return 0;
        if (_chunkOffset == _chunk.Length)
        {
            if (_position >= end) return 0;
            cancellationToken.ThrowIfCancellationRequested();
            var last = Math.Min(end, _position + chunkSize) - 1;
            var bytes = (byte[]?)await db.StringGetRangeAsync(blob, _position, last).ConfigureAwait(false) ?? [];
            // A blob shorter than its entry says was removed or expired under this reader.
            if (bytes.Length != last - _position + 1)
                throw new ResourceException(ResourceError.Conflict, path, $"{path}: the file was replaced or removed while it was read");
            _chunk = bytes;
            _chunkOffset = 0;
            _position = last + 1;
        }
        var count = Math.Min(buffer.Length, _chunk.Length - _chunkOffset);
        _chunk.AsMemory(_chunkOffset, count).CopyTo(buffer);
        _chunkOffset += count;
        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
