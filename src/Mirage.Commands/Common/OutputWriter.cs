using System.Buffers;
using System.Text;

namespace Mirage.Commands.Common;

/// <summary>
/// Buffered byte output over a command's stdout. Small writes gather in one buffer and go out in
/// large chunks; every call completes synchronously unless the buffer has to be flushed.
/// </summary>
public sealed class OutputWriter
{
    private const int Capacity = 64 * 1024;
    private readonly Stream _stream;
    private readonly CancellationToken _cancellationToken;
    private readonly byte[] _buffer = new byte[Capacity];
    private int _count;

    public OutputWriter(Stream stream, CancellationToken cancellationToken)
    {
        _stream = stream;
        _cancellationToken = cancellationToken;
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> bytes)
    {
        if (_count + bytes.Length <= Capacity)
        {
            bytes.Span.CopyTo(_buffer.AsSpan(_count));
            _count += bytes.Length;
            return ValueTask.CompletedTask;
        }
        return WriteSlowAsync(bytes);
    }

    public ValueTask WriteAsync(byte value)
    {
        if (_count < Capacity)
        {
            _buffer[_count++] = value;
            return ValueTask.CompletedTask;
        }
        return WriteSlowAsync(new[] { value });
    }

    public ValueTask WriteAsync(string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        if (_count + length <= Capacity)
        {
            _count += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_count));
            return ValueTask.CompletedTask;
        }
        return WriteSlowAsync(Encoding.UTF8.GetBytes(text));
    }

    public ValueTask WriteLineAsync(string text) => WriteAsync(text + "\n");

    private async ValueTask WriteSlowAsync(ReadOnlyMemory<byte> bytes)
    {
        await FlushBufferAsync().ConfigureAwait(false);
        if (bytes.Length >= Capacity)
        {
            await _stream.WriteAsync(bytes, _cancellationToken).ConfigureAwait(false);
            return;
        }
        bytes.Span.CopyTo(_buffer);
        _count = bytes.Length;
    }

    private async ValueTask FlushBufferAsync()
    {
        if (_count == 0) return;
        var count = _count;
        _count = 0;
        await _stream.WriteAsync(_buffer.AsMemory(0, count), _cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends everything buffered to the stream and flushes it.</summary>
    public async ValueTask FlushAsync()
    {
        await FlushBufferAsync().ConfigureAwait(false);
        await _stream.FlushAsync(_cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Copies a whole stream through, in chunks, never holding it all.</summary>
    public async ValueTask CopyFromAsync(Stream source, long? limit = null)
    {
        await FlushBufferAsync().ConfigureAwait(false);
        var chunk = ArrayPool<byte>.Shared.Rent(Capacity);
        try
        {
            var remaining = limit ?? long.MaxValue;
            while (remaining > 0)
            {
                var read = await source.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, remaining)), _cancellationToken).ConfigureAwait(false);
                if (read == 0) break;
                remaining -= read;
                await _stream.WriteAsync(chunk.AsMemory(0, read), _cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
