using System.Text.RegularExpressions;
using Mirage.Vfs;

namespace Mirage.Commands.Data.Awk;

/// <summary>
/// Reads records from a byte stream incrementally (bytes as Latin-1 chars) with awk's RS rules: one char,
/// a regex (gawk), or paragraph mode (RS = ""). Reads are blocking: the interpreter runs on its own thread.
/// </summary>
internal sealed class RecordReader : IDisposable
{
    private readonly Stream _stream;
    private readonly CancellationToken _cancellationToken;
    private readonly byte[] _bytes = new byte[64 * 1024];
    private char[] _buffer = new char[64 * 1024];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _atStart = true;

    public RecordReader(Stream stream, CancellationToken cancellationToken)
    {
        _stream = stream;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The next record and its terminator (RT), or false at the end of the stream.</summary>
    public bool Read(string separator, Regex? separatorRegex, out string record, out string terminator)
    {
        if (separator.Length == 0) return ReadParagraph(out record, out terminator);
        if (separator.Length == 1) return ReadUntilChar(separator[0], out record, out terminator);
        return ReadUntilRegex(separatorRegex!, out record, out terminator);
    }

    private bool ReadUntilChar(char separator, out string record, out string terminator)
    {
        var scanFrom = _start;
        while (true)
        {
            var found = Array.IndexOf(_buffer, separator, scanFrom, _end - scanFrom);
            if (found >= 0)
            {
                record = new string(_buffer, _start, found - _start);
                terminator = separator == '\n' ? "\n" : separator.ToString();
                _start = found + 1;
                return true;
            }
            scanFrom = _end;
            if (_eof)
            {
                terminator = "";
                if (_start == _end)
                {
                    record = "";
                    return false;
                }
                record = new string(_buffer, _start, _end - _start);
                _start = _end;
                return true;
            }
            scanFrom -= _start;
            Fill();
        }
    }

    private bool ReadParagraph(out string record, out string terminator)
    {
        // Leading newlines never start a record.
        while (true)
        {
            while (_start < _end && _buffer[_start] == '\n') _start++;
            if (_start < _end || _eof) break;
            Fill();
        }
        _atStart = false;
        var scanFrom = _start;
        while (true)
        {
            var found = IndexOfBlankLine(scanFrom);
            if (found >= 0)
            {
                var runEnd = found;
                while (true)
                {
                    while (runEnd < _end && _buffer[runEnd] == '\n') runEnd++;
                    if (runEnd < _end || _eof) break;
                    var offset = runEnd - _start;
                    var foundOffset = found - _start;
                    Fill();
                    runEnd = _start + offset;
                    found = _start + foundOffset;
                }
                record = new string(_buffer, _start, found - _start);
                terminator = new string('\n', runEnd - found);
                _start = runEnd;
                return true;
            }
            scanFrom = Math.Max(_start, _end - 1);
            if (_eof)
            {
                terminator = "";
                if (_start == _end)
                {
                    record = "";
                    return false;
                }
                var text = new string(_buffer, _start, _end - _start);
                _start = _end;
                var trimmed = text.TrimEnd('\n');
                terminator = text[trimmed.Length..];
                record = trimmed;
                return true;
            }
            scanFrom -= _start;
            Fill();
            scanFrom += _start;
        }
    }

    private int IndexOfBlankLine(int from)
    {
        for (var i = from; i + 1 < _end; i++)
            if (_buffer[i] == '\n' && _buffer[i + 1] == '\n') return i;
        return -1;
    }

    private bool ReadUntilRegex(Regex separator, out string record, out string terminator)
    {
        while (true)
        {
            var text = new string(_buffer, _start, _end - _start);
            var match = separator.Match(text);
            while (match.Success && match.Length == 0) match = match.NextMatch();
            // A match touching the end of the buffer might grow with more input.
            if (match.Success && (match.Index + match.Length < text.Length || _eof))
            {
                record = text[..match.Index];
                terminator = match.Value;
                _start += match.Index + match.Length;
                return true;
            }
            if (_eof)
            {
                terminator = "";
                if (text.Length == 0)
                {
                    record = "";
                    return false;
                }
                record = text;
                _start = _end;
                return true;
            }
            Fill();
        }
    }

    /// <summary>Moves pending chars to the front and reads more; sets the end flag when the stream is done.</summary>
    private void Fill()
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_buffer.Length - _end < _bytes.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _end + _bytes.Length));
        var read = _stream.ReadAsync(_bytes, _cancellationToken).AsTask().GetAwaiter().GetResult();
        if (read == 0)
        {
            _eof = true;
            return;
        }
        for (var i = 0; i < read; i++) _buffer[_end + i] = (char)_bytes[i];
        _end += read;
    }

    public bool AtStart => _atStart;

    public void Dispose() => _stream.Dispose();
}

/// <summary>Buffered byte output written synchronously (the interpreter owns its thread).</summary>
internal sealed class AwkOutput
{
    private readonly Stream _stream;
    private readonly CancellationToken _cancellationToken;
    private readonly byte[] _buffer = new byte[32 * 1024];
    private int _count;

    public AwkOutput(Stream stream, CancellationToken cancellationToken)
    {
        _stream = stream;
        _cancellationToken = cancellationToken;
    }

    public Stream Stream => _stream;

    public void Write(string text)
    {
        if (text.Length > _buffer.Length - _count) Flush(false);
        if (text.Length > _buffer.Length)
        {
            var bytes = new byte[text.Length];
            for (var i = 0; i < text.Length; i++) bytes[i] = (byte)text[i];
            _stream.WriteAsync(bytes, _cancellationToken).AsTask().GetAwaiter().GetResult();
            return;
        }
        foreach (var c in text) _buffer[_count++] = (byte)c;
    }

    public void Flush(bool deep = true)
    {
        if (_count > 0)
        {
            var count = _count;
            _count = 0;
            _stream.WriteAsync(_buffer.AsMemory(0, count), _cancellationToken).AsTask().GetAwaiter().GetResult();
        }
        if (deep) _stream.FlushAsync(_cancellationToken).GetAwaiter().GetResult();
    }
}

/// <summary>A redirection target: a file written through the tree, or a command fed as awk prints.</summary>
internal sealed class OutputTarget
{
    public required AwkOutput Output { get; init; }

    /// <summary>For "| cmd": the command, running beside awk.</summary>
    public AwkCommandPipe? Pipe { get; init; }

    public Stream? FileStream { get; init; }
}

internal static class AwkPaths
{
    public static bool IsStdout(string name) => name is "/dev/stdout" or "-";

    public static bool IsStderr(string name) => name == "/dev/stderr";

    public static VPath Resolve(CommandContext context, string name) => context.ResolvePath(name);
}
