using System.Globalization;
using System.Text;

namespace Mirage.Commands.Data.Jq;

/// <summary>A malformed JSON text; the message is jq's ("Unfinished JSON term at EOF at line 2, column 0").</summary>
internal sealed class JqParseException : Exception
{
    public JqParseException(string message) : base(message) { }

    public JqParseException() { }

    public JqParseException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// Reads a stream of JSON texts one at a time, with jq's tokenizer rules so that errors name the same line and
/// column jq names: literals end at the next delimiter, structural characters act at once.
/// </summary>
internal sealed class JqJsonReader
{
    private readonly Stream? _stream;
    private readonly byte[] _buffer;
    private int _position;
    private int _length;
    private bool _eof;

    private int _line;
    private int _column;

    private readonly List<object?> _stack = [];
    private object? _next;
    private bool _hasNext;
    private readonly StringBuilder _literal = new();

    public JqJsonReader(Stream stream)
    {
        _stream = stream;
        _buffer = new byte[64 * 1024];
    }

    public JqJsonReader(string text)
    {
        _buffer = Encoding.UTF8.GetBytes(text);
        _length = _buffer.Length;
        _eof = true;
    }

    /// <summary>Lines fully read when the last value completed, as jq's "(at &lt;stdin&gt;:N)" counts them.</summary>
    public int Location { get; private set; }

    private int Peek()
    {
        if (_position < _length) return _buffer[_position];
        if (_eof || _stream is null) return -1;
        _length = _stream.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        if (_length <= 0)
        {
            _length = 0;
            _eof = true;
            return -1;
        }
        return _buffer[0];
    }

    private int Read()
    {
        var b = Peek();
        if (b < 0) return b;
        _position++;
        if (b == '\n')
        {
            _line++;
            _column = 0;
        }
        else
        {
            _column++;
        }
        return b;
    }

    private JqParseException Error(string message) =>
        new($"{message} at line {_line + 1}, column {_column}");

    /// <summary>The next JSON text, or false at the end of the input.</summary>
    public bool TryRead(out object? value)
    {
        while (true)
        {
            var b = Read();
            if (b < 0)
            {
                FlushLiteral(atEof: true);
                if (_hasNext && _stack.Count == 0) return Complete(out value, _line, atEof: true);
                if (_stack.Count > 0 || _hasNext || _literal.Length > 0)
                {
                    throw new JqParseException($"Unfinished JSON term at EOF at line {_line + 1}, column {_column}");
                }
                value = null;
                return false;
            }
            switch (b)
            {
                case ' ' or '\t' or '\r' or '\n':
                    {
                        var lineBefore = b == '\n' ? _line - 1 : _line;
                        FlushLiteral(atEof: false);
                        if (_hasNext && _stack.Count == 0) return Complete(out value, lineBefore, atEof: false, endedLine: b == '\n');
                        break;
                    }
                case '[' or '{' or ':' or ',' or ']' or '}':
                    FlushLiteral(atEof: false);
                    Token((char)b);
                    if (_hasNext && _stack.Count == 0) return Complete(out value, _line, atEof: false);
                    break;
                case '"':
                    FlushLiteral(atEof: false);
                    SetValue(ReadString());
                    if (_stack.Count == 0) return Complete(out value, _line, atEof: false);
                    break;
                default:
                    _literal.Append((char)b);
                    break;
            }
        }
    }

    private bool Complete(out object? value, int line, bool atEof, bool endedLine = false)
    {
        value = _next;
        _next = null;
        _hasNext = false;
        if (endedLine)
        {
            Location = line + 1;
            return true;
        }
        if (atEof)
        {
            Location = line;
            return true;
        }
        // jq reads its input a line at a time: the value's line counts once the rest of it is read.
        while (true)
        {
            var b = Peek();
            if (b is ' ' or '\t' or '\r')
            {
                Read();
                continue;
            }
            if (b == '\n')
            {
                Read();
                Location = line + 1;
                return true;
            }
            Location = b < 0 ? line : line + 1;
            return true;
        }
    }

    private void SetValue(object? value)
    {
        if (_hasNext) throw Error("Expected separator between values");
        _next = value;
        _hasNext = true;
    }

    private void FlushLiteral(bool atEof)
    {
        if (_literal.Length == 0) return;
        var text = _literal.ToString();
        _literal.Clear();
        object? value;
        switch (text[0])
        {
            case 't' or 'f' or 'n':
                value = text switch
                {
                    "true" => true,
                    "false" => false,
                    "null" => null,
                    _ => throw LiteralError("Invalid literal", atEof),
                };
                break;
            default:
                if (!TryParseNumber(text, out var number)) throw LiteralError("Invalid numeric literal", atEof);
                value = number;
                break;
        }
        SetValue(value);
    }

    private JqParseException LiteralError(string message, bool atEof) => atEof ? Error(message + " at EOF") : Error(message);

    public static bool TryParseNumber(string text, out double number)
    {
        number = 0;
        if (text.Length == 0) return false;
        foreach (var c in text)
        {
            if (!(char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '+' or '-')) return false;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }

    private void Token(char c)
    {
        var top = _stack.Count > 0 ? _stack[^1] : null;
        var hasTop = _stack.Count > 0;
        switch (c)
        {
            case '[':
                if (_hasNext) throw Error("Expected separator between values");
                _stack.Add(new List<object?>());
                break;
            case '{':
                if (_hasNext) throw Error("Expected separator between values");
                _stack.Add(JqValues.NewObject());
                break;
            case ':':
                if (!hasTop || top is not OrderedDictionary<string, object?>) throw Error("':' not as part of an object");
                if (!_hasNext) throw Error("Expected string key before ':'");
                if (_next is not string key) throw Error("Object keys must be strings");
                _stack.Add(new PendingKey(key));
                _hasNext = false;
                _next = null;
                break;
            case ',':
                if (!_hasNext) throw Error("Expected value before ','");
                if (!hasTop) throw Error("',' not as part of an object or array");
                if (top is List<object?> array)
                {
                    array.Add(_next);
                }
                else if (top is PendingKey pending)
                {
                    _stack.RemoveAt(_stack.Count - 1);
                    ((OrderedDictionary<string, object?>)_stack[^1]!)[pending.Key] = _next;
                }
                else
                {
                    throw Error("Objects must consist of key:value pairs");
                }
                _hasNext = false;
                _next = null;
                break;
            case ']':
                {
                    if (top is not List<object?> closing) throw Error("Unmatched ']'");
                    if (_hasNext) closing.Add(_next);
                    else if (closing.Count != 0) throw Error("Expected another array element");
                    _stack.RemoveAt(_stack.Count - 1);
                    _next = closing;
                    _hasNext = true;
                    break;
                }
            case '}':
                {
                    if (!hasTop) throw Error("Unmatched '}'");
                    if (_hasNext)
                    {
                        if (top is not PendingKey pending) throw Error("Objects must consist of key:value pairs");
                        _stack.RemoveAt(_stack.Count - 1);
                        ((OrderedDictionary<string, object?>)_stack[^1]!)[pending.Key] = _next;
                    }
                    else
                    {
                        if (top is not OrderedDictionary<string, object?> o) throw Error("Unmatched '}'");
                        if (o.Count != 0) throw Error("Expected another key-value pair");
                    }
                    _next = _stack[^1];
                    _stack.RemoveAt(_stack.Count - 1);
                    _hasNext = true;
                    break;
                }
        }
    }

    private string ReadString()
    {
        var bytes = new List<byte>();
        var builder = new StringBuilder();
        void FlushBytes()
        {
            if (bytes.Count == 0) return;
            builder.Append(Encoding.UTF8.GetString(bytes.ToArray()));
            bytes.Clear();
        }
        while (true)
        {
            var b = Read();
            if (b < 0) throw new JqParseException($"Unfinished string at EOF at line {_line + 1}, column {_column}");
            if (b == '"') break;
            if (b != '\\')
            {
                bytes.Add((byte)b);
                continue;
            }
            var e = Read();
            if (e < 0) throw new JqParseException($"Unfinished string at EOF at line {_line + 1}, column {_column}");
            switch (e)
            {
                case '"' or '\\' or '/': bytes.Add((byte)e); break;
                case 'b': bytes.Add(8); break;
                case 'f': bytes.Add(12); break;
                case 'n': bytes.Add(10); break;
                case 'r': bytes.Add(13); break;
                case 't': bytes.Add(9); break;
                case 'u':
                    {
                        var code = 0;
                        for (var i = 0; i < 4; i++)
                        {
                            var h = Read();
                            var digit = h switch
                            {
                                >= '0' and <= '9' => h - '0',
                                >= 'a' and <= 'f' => h - 'a' + 10,
                                >= 'A' and <= 'F' => h - 'A' + 10,
                                _ => -1,
                            };
                            if (digit < 0) throw Error("Invalid escape");
                            code = code * 16 + digit;
                        }
                        FlushBytes();
                        builder.Append((char)code);
                        break;
                    }
                default:
                    throw Error("Invalid escape");
            }
        }
        FlushBytes();
        return FixSurrogates(builder.ToString());
    }

    /// <summary>Lone surrogates from \u escapes become U+FFFD, as jq does.</summary>
    private static string FixSurrogates(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (!char.IsSurrogate(s[i])) continue;
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
                continue;
            }
            var chars = s.ToCharArray();
            for (var j = i; j < chars.Length; j++)
            {
                if (char.IsHighSurrogate(chars[j]) && j + 1 < chars.Length && char.IsLowSurrogate(chars[j + 1])) { j++; continue; }
                if (char.IsSurrogate(chars[j])) chars[j] = '\uFFFD';
            }
            return new string(chars);
        }
        return s;
    }

    private sealed record PendingKey(string Key);

    /// <summary>Parses one JSON text from a string (fromjson, --argjson); errors carry "(while parsing '...')".</summary>
    public static object? ParseSingle(string text)
    {
        var reader = new JqJsonReader(text);
        if (!reader.TryRead(out var value)) return null;
        return value;
    }
}
