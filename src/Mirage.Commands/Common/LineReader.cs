namespace Mirage.Commands.Common;

/// <summary>
/// Reads a stream line by line on a byte delimiter ('\n' unless told otherwise) without decoding.
/// The returned memory is valid until the next call. Long lines grow the buffer; nothing else is kept.
/// </summary>
public sealed class LineReader
{
    private readonly Stream _stream;
    private readonly byte _delimiter;
    private readonly CancellationToken _cancellationToken;
    private const int BufferSize = 64 * 1024;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;

    /// <param name="bufferSize">The first buffer's size; by default 64 KiB, or less when the stream says it is shorter.</param>
    public LineReader(Stream stream, CancellationToken cancellationToken, byte delimiter = (byte)'\n', int? bufferSize = null)
    {
        _stream = stream;
        _delimiter = delimiter;
        _cancellationToken = cancellationToken;
        _buffer = new byte[Math.Max(1, bufferSize ?? ReadBuffer.SizeFor(stream, BufferSize))];
    }

    /// <summary>
    /// The next line including its delimiter when it has one (only the last line of a stream may lack it),
    /// or null at the end.
    /// </summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync()
    {
        var scanFrom = _start;
        while (true)
        {
            var found = Array.IndexOf(_buffer, _delimiter, scanFrom, _end - scanFrom);
            if (found >= 0)
            {
                var line = _buffer.AsMemory(_start, found + 1 - _start);
                _start = found + 1;
                return line;
            }
            if (_eof)
            {
                if (_start == _end) return null;
                var rest = _buffer.AsMemory(_start, _end - _start);
                _start = _end;
                return rest;
            }
            scanFrom = _end;
            if (_start > 0)
            {
                // Slide the partial line to the front so the buffer only grows for really long lines.
                var length = _end - _start;
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, length);
                scanFrom -= _start;
                _start = 0;
                _end = length;
            }
            if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), _cancellationToken).ConfigureAwait(false);
            if (read == 0) _eof = true;
            _end += read;
        }
    }
}
