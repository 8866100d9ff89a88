using System.Text;
using Mirage.Vfs;

namespace Mirage.Commands.Tests.Text;

/// <summary>An endless stream of one repeated line that counts what was read from it.</summary>
public sealed class EndlessLineStream(string line) : ReadOnlyStream
{
    private readonly byte[] _line = Encoding.UTF8.GetBytes(line);
    private long _position;

    public long BytesRead => _position;

    public override int Read(Span<byte> buffer)
    {
        for (var i = 0; i < buffer.Length; i++) buffer[i] = _line[(int)((_position + i) % _line.Length)];
        _position += buffer.Length;
        return buffer.Length;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));
}

/// <summary>One stream after another.</summary>
public sealed class ConcatenatedStream(Stream first, Stream second) : ReadOnlyStream
{
    private bool _firstDone;

    public override int Read(Span<byte> buffer)
    {
        if (!_firstDone)
        {
            var read = first.Read(buffer);
            if (read > 0) return read;
            _firstDone = true;
        }
        return second.Read(buffer);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));
}
