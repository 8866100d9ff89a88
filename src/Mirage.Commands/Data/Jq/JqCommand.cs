using System.Text;
using Mirage.Commands.Common;
using Mirage.Commands.Data.Jq;

namespace Mirage.Commands;

/// <summary>jq: the JSON processor, behaving like jq 1.6 (output format, messages, exit statuses).</summary>
public sealed class JqCommand : ICommand
{
    public string Name => "jq";

    /// <summary>Deep jq recursion runs on the evaluator's own stack; give it room.</summary>
    private const int EvaluatorStackBytes = 256 * 1024 * 1024;

    public ValueTask<int> RunAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var completion = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                completion.SetResult(new JqRun(context).Run());
            }
            catch (Exception error)
            {
                completion.SetException(error);
            }
        }, EvaluatorStackBytes)
        {
            IsBackground = true,
            Name = "jq",
        };
        thread.Start();
        return new ValueTask<int>(completion.Task);
    }
}

/// <summary>One jq invocation: options, inputs, evaluation and output, all on the evaluator thread.</summary>
internal sealed class JqRun : IJqHost
{
    private readonly CommandContext _context;
    private readonly MemoryStream _out = new();

    private JqValues.Style _style = new();
    private bool _raw;
    private bool _join;
    private bool _ascii;
    private bool _nullInput;
    private bool _rawInput;
    private bool _slurp;
    private bool _exitStatus;
    private bool _seq;
    private bool _stream;
    private readonly Queue<object?> _streamEvents = new();

    private readonly List<string> _files = [];
    private readonly Queue<string> _pendingFiles = new();
    private JqJsonReader? _reader;
    private TextLineReader? _lineReader;
    private string? _currentFile;
    private bool _inputsDone;
    private int _status;
    private bool _slurped;

    public JqRun(CommandContext context)
    {
        _context = context;
    }

    public IReadOnlyDictionary<string, string> Environment => _context.Environment;

    public string? CurrentFilename => _currentFile;

    public int CurrentLine => _reader?.Location ?? 0;

    public void WriteStderr(string text)
    {
        FlushOut();
        var bytes = Encoding.UTF8.GetBytes(text);
        _context.Stderr.WriteAsync(bytes, _context.CancellationToken).AsTask().GetAwaiter().GetResult();
    }

    private void FlushOut()
    {
        if (_out.Length == 0) return;
        _context.Stdout.WriteAsync(_out.GetBuffer().AsMemory(0, (int)_out.Length), _context.CancellationToken).AsTask().GetAwaiter().GetResult();
        _out.SetLength(0);
    }

    private void Write(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        _out.Write(bytes);
        if (_out.Length >= 64 * 1024) FlushOut();
    }

    private const string UsageTail = "Use jq --help for help with command-line options,\nor see the jq manpage, or online docs  at https://stedolan.github.io/jq\n";

    private int Usage(string? message)
    {
        WriteStderr((message is null ? "" : "jq: " + message + "\n") + UsageTail);
        return 2;
    }

    public int Run()
    {
        try
        {
            var status = RunCore();
            FlushOut();
            return status;
        }
        catch (IOException)
        {
            return 141;
        }
    }

    private int RunCore()
    {
        var args = _context.Arguments;
        string? program = null;
        string? programFile = null;
        var named = new List<KeyValuePair<string, object?>>();
        var positional = new List<object?>();
        var positionalMode = 0; // 0 files, 1 --args, 2 --jsonargs
        var indent = 2;
        var tab = false;
        var sortKeys = false;
        var optionsDone = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (optionsDone || arg.Length < 2 || arg[0] != '-')
            {
                if (program is null && programFile is null)
                {
                    program = arg;
                }
                else if (positionalMode == 1)
                {
                    positional.Add(arg);
                }
                else if (positionalMode == 2)
                {
                    try
                    {
                        positional.Add(JqJsonReader.ParseSingle(arg));
                    }
                    catch (JqParseException)
                    {
                        WriteStderr($"jq: Invalid JSON text passed to --jsonargs\n{UsageTail}");
                        return 2;
                    }
                }
                else
                {
                    _files.Add(arg);
                }
                continue;
            }
            if (arg == "--")
            {
                optionsDone = true;
                continue;
            }
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                switch (arg)
                {
                    case "--slurp": _slurp = true; break;
                    case "--raw-output": _raw = true; break;
                    case "--join-output": _raw = true; _join = true; break;
                    case "--ascii-output": _ascii = true; break;
                    case "--compact-output": indent = 0; break;
                    case "--null-input": _nullInput = true; break;
                    case "--raw-input": _rawInput = true; break;
                    case "--exit-status": _exitStatus = true; break;
                    case "--sort-keys": sortKeys = true; break;
                    case "--color-output" or "--monochrome-output" or "--unbuffered": break;
                    case "--tab": tab = true; break;
                    case "--seq": _seq = true; break;
                    case "--stream": _stream = true; break;
                    case "--args": positionalMode = 1; break;
                    case "--jsonargs": positionalMode = 2; break;
                    case "--version":
                        Write("jq-1.6\n");
                        return 0;
                    case "--help":
                        Write("Usage:\tjq [OPTIONS] FILTER [FILES...]\n");
                        return 0;
                    case "--indent":
                        {
                            if (i + 1 >= args.Count) return Usage("--indent takes one parameter");
                            if (!int.TryParse(args[++i], out var n) || n < -1 || n > 7) return Usage("--indent takes a number between -1 and 7");
                            indent = n;
                            break;
                        }
                    case "--from-file":
                        _ = TakeFromFile(ref i, args, ref program, ref programFile);
                        break;
                    case "--arg":
                        if (i + 2 >= args.Count) return Usage("--arg takes two parameters (e.g. --arg varname value)");
                        named.Add(new(args[i + 1], args[i + 2]));
                        i += 2;
                        break;
                    case "--argjson":
                        {
                            if (i + 2 >= args.Count) return Usage("--argjson takes two parameters (e.g. --argjson varname text)");
                            object? value;
                            try
                            {
                                value = JqJsonReader.ParseSingle(args[i + 2]);
                            }
                            catch (JqParseException)
                            {
                                WriteStderr($"jq: invalid JSON text passed to --argjson\n{UsageTail}");
                                return 2;
                            }
                            named.Add(new(args[i + 1], value));
                            i += 2;
                            break;
                        }
                    case "--slurpfile" or "--rawfile":
                        {
                            if (i + 2 >= args.Count) return Usage($"{arg} takes two parameters (e.g. {arg} varname filename)");
                            var path = args[i + 2];
                            try
                            {
                                using var stream = OpenFile(path);
                                if (arg == "--rawfile")
                                {
                                    using var memory = new MemoryStream();
                                    stream.CopyTo(memory);
                                    named.Add(new(args[i + 1], Encoding.UTF8.GetString(memory.ToArray())));
                                }
                                else
                                {
                                    var reader = new JqJsonReader(stream);
                                    var values = new List<object?>();
                                    while (reader.TryRead(out var v)) values.Add(v);
                                    named.Add(new(args[i + 1], values));
                                }
                            }
                            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
                            {
                                WriteStderr($"jq: Bad JSON in --{arg[2..]} {args[i + 1]} {path}: Could not open {path}: {CommandIO.Reason(error)}\n");
                                return 2;
                            }
                            catch (JqParseException error)
                            {
                                WriteStderr($"jq: Bad JSON in --{arg[2..]} {args[i + 1]} {path}: {error.Message}\n");
                                return 2;
                            }
                            i += 2;
                            break;
                        }
                    default:
                        return Usage($"Unknown option {arg}");
                }
                continue;
            }
            // Bundled short options: -nr, -sc ...
            var known = true;
            for (var j = 1; j < arg.Length && known; j++)
            {
                switch (arg[j])
                {
                    case 's': _slurp = true; break;
                    case 'r': _raw = true; break;
                    case 'j': _raw = true; _join = true; break;
                    case 'a': _ascii = true; break;
                    case 'c': indent = 0; break;
                    case 'n': _nullInput = true; break;
                    case 'R': _rawInput = true; break;
                    case 'e': _exitStatus = true; break;
                    case 'S': sortKeys = true; break;
                    case 'C' or 'M': break;
                    case 'h':
                        Write("Usage:\tjq [OPTIONS] FILTER [FILES...]\n");
                        return 0;
                    case 'f':
                        if (!TakeFromFile(ref i, args, ref program, ref programFile)) return 2;
                        break;
                    case 'L':
                        i++;
                        break;
                    default:
                        known = false;
                        break;
                }
            }
            if (!known) return Usage($"Unknown option {arg}");
        }

        if (programFile is not null)
        {
            try
            {
                using var stream = OpenFile(programFile);
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                // The positional taken as a program was really the first input file.
                if (program is not null) _files.Insert(0, program);
                program = Encoding.UTF8.GetString(memory.ToArray());
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                WriteStderr($"jq: error: Could not open {programFile}: {CommandIO.Reason(error)}\n");
                return 2;
            }
        }
        // Without a terminal jq 1.6 falls back to the identity program.
        program ??= ".";
        _style = new JqValues.Style(tab ? 1 : Math.Max(indent, 0), tab, sortKeys, _ascii);

        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        var namedObject = JqValues.NewObject();
        foreach (var (key, value) in named)
        {
            variables[key] = value;
            namedObject[key] = value;
        }
        var argsObject = JqValues.NewObject();
        argsObject["positional"] = positional;
        argsObject["named"] = namedObject;
        variables["ARGS"] = argsObject;

        Ast ast;
        try
        {
            ast = JqParser.Parse(program);
            var errors = JqChecker.Check(ast, variables.Keys);
            if (errors.Count > 0)
            {
                var text = new StringBuilder();
                foreach (var (message, position) in errors)
                {
                    // jq 1.6 follows the program with spaces up to where the error is.
                    text.Append("jq: error: ").Append(message).Append(" at <top-level>, line 1:\n").Append(program).Append(' ', position).Append('\n');
                }
                text.Append(errors.Count == 1 ? "jq: 1 compile error\n" : $"jq: {errors.Count} compile errors\n");
                WriteStderr(text.ToString());
                return 3;
            }
        }
        catch (JqCompileException error)
        {
            WriteStderr($"jq: error: {error.Message}\njq: 1 compile error\n");
            return 3;
        }

        var interpreter = new JqInterpreter(this, variables);
        foreach (var file in _files) _pendingFiles.Enqueue(file);
        if (_files.Count == 0) _pendingFiles.Enqueue("-");

        // As in jq 1.6, the exit status is that of the last input's run.
        var status = 0;
        try
        {
            if (_nullInput)
            {
                status = RunOne(interpreter, ast, null);
            }
            else
            {
                while (TryReadInputChecked(out var input))
                {
                    status = RunOne(interpreter, ast, input);
                }
            }
        }
        catch (HaltException halt)
        {
            if (halt.HasValue)
            {
                WriteStderr(halt.Value is string s ? s : JqValues.ToJson(halt.Value) + "\n");
            }
            return halt.Status;
        }
        catch (InputParseFailure)
        {
            return 4;
        }
        if (_status != 0) return _status;
        return status;
    }

    private bool TakeFromFile(ref int i, IReadOnlyList<string> args, ref string? program, ref string? programFile)
    {
        if (i + 1 >= args.Count)
        {
            Usage("-f takes a parameter (e.g. -f filename)");
            return false;
        }
        programFile = args[++i];
        return true;
    }

    private sealed class InputParseFailure : Exception
    {
    }

    private int RunOne(JqInterpreter interpreter, Ast ast, object? input)
    {
        object? lastOutput = null;
        var anyOutput = false;
        try
        {
            foreach (var result in interpreter.Run(ast, input))
            {
                _context.CancellationToken.ThrowIfCancellationRequested();
                anyOutput = true;
                lastOutput = result;
                Emit(result);
            }
        }
        catch (JqException error)
        {
            if (error.Value is null) return Outcome(anyOutput, lastOutput);
            // Once every input has been read jq no longer knows a position.
            var where = (_nullInput && _reader is null) || (!_nullInput && _inputsDone) ? "<unknown>" : $"{_currentFile ?? "<stdin>"}:{CurrentLine}";
            if (error.Value is string message)
            {
                WriteStderr($"jq: error (at {where}): {message}\n");
            }
            else
            {
                WriteStderr($"jq: error (at {where}) (not a string): {JqValues.ToJson(error.Value)}\n");
            }
            return 5;
        }
        catch (BreakException)
        {
            WriteStderr($"jq: error (at {(_nullInput && _reader is null ? "<unknown>" : _currentFile ?? "<stdin>:" + CurrentLine)}): break\n");
            return 5;
        }
        return Outcome(anyOutput, lastOutput);
    }

    /// <summary>-e: 4 without output, 1 when the last output was false or null.</summary>
    private int Outcome(bool anyOutput, object? lastOutput)
    {
        if (!_exitStatus) return 0;
        if (!anyOutput) return 4;
        return JqValues.IsTruthy(lastOutput) ? 0 : 1;
    }

    private void Emit(object? result)
    {
        var builder = new StringBuilder();
        if (_seq) builder.Append('\u001e');
        if (_raw && result is string s && !_ascii)
        {
            builder.Append(s);
        }
        else
        {
            JqValues.Write(builder, result, _style, 0);
        }
        if (!_join) builder.Append('\n');
        Write(builder.ToString());
    }

    private Stream OpenFile(string path)
    {
        var io = new CommandIO(_context);
        return new JqBlockingStream(io.OpenInputAsync(path).AsTask().GetAwaiter().GetResult(), _context.CancellationToken);
    }

    /// <summary>Reads the next input, reporting parse errors as jq does (and then stopping).</summary>
    private bool TryReadInputChecked(out object? value)
    {
        try
        {
            return NextInput(out value);
        }
        catch (JqParseException error)
        {
            WriteStderr($"parse error: {error.Message}\n");
            throw new InputParseFailure();
        }
    }

    public bool TryReadInput(out object? value)
    {
        try
        {
            return NextInput(out value);
        }
        catch (JqParseException error)
        {
            throw new JqException(error.Message);
        }
    }

    private bool NextInput(out object? value)
    {
        if (_slurp)
        {
            if (_slurped)
            {
                value = null;
                return false;
            }
            _slurped = true;
            if (_rawInput)
            {
                var all = new StringBuilder();
                while (OpenNext(raw: true)) all.Append(_lineReader!.ReadAll());
                value = all.ToString();
                return true;
            }
            var list = new List<object?>();
            while (NextSingle(out var item)) list.Add(item);
            value = list;
            return true;
        }
        return NextSingle(out value);
    }

    private bool NextSingle(out object? value)
    {
        if (!_stream) return NextValue(out value);
        // --stream: each input becomes its [path, leaf] and closing [path] events.
        while (_streamEvents.Count == 0)
        {
            if (!NextValue(out var whole))
            {
                value = null;
                return false;
            }
            foreach (var streamEvent in JqStreaming.Events(whole)) _streamEvents.Enqueue(streamEvent);
        }
        value = _streamEvents.Dequeue();
        return true;
    }

    private bool NextValue(out object? value)
    {
        while (true)
        {
            if (_rawInput)
            {
                if (_lineReader is not null && _lineReader.TryReadLine(out var line))
                {
                    value = line;
                    return true;
                }
            }
            else if (_reader is not null && _reader.TryRead(out value))
            {
                return true;
            }
            if (!OpenNext(_rawInput))
            {
                value = null;
                return false;
            }
        }
    }

    /// <summary>Moves to the next input file; unreadable files are reported and skipped (status 2).</summary>
    private bool OpenNext(bool raw)
    {
        while (_pendingFiles.Count > 0)
        {
            var file = _pendingFiles.Dequeue();
            Stream stream;
            try
            {
                stream = OpenFile(file);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                WriteStderr($"jq: error: Could not open file {file}: {CommandIO.Reason(error)}\n");
                _status = 2;
                continue;
            }
            _currentFile = file == "-" ? null : file;
            if (raw) _lineReader = new TextLineReader(stream);
            else _reader = new JqJsonReader(stream);
            return true;
        }
        _inputsDone = true;
        return false;
    }

    public bool InputsDone => _inputsDone;

    /// <summary>Lines of a raw (-R) input, split on "\n" only (a "\r" stays part of its line).</summary>
    private sealed class TextLineReader
    {
        private readonly Stream _stream;
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _position;
        private int _length;
        private bool _eof;

        public TextLineReader(Stream stream)
        {
            _stream = stream;
        }

        public bool TryReadLine(out string line)
        {
            var bytes = new MemoryStream();
            while (true)
            {
                if (_position >= _length)
                {
                    if (_eof || (_length = _stream.Read(_buffer, 0, _buffer.Length)) <= 0)
                    {
                        _eof = true;
                        _length = 0;
                        _position = 0;
                        line = Encoding.UTF8.GetString(bytes.ToArray());
                        return bytes.Length > 0;
                    }
                    _position = 0;
                }
                var newline = Array.IndexOf(_buffer, (byte)'\n', _position, _length - _position);
                if (newline >= 0)
                {
                    bytes.Write(_buffer, _position, newline - _position);
                    _position = newline + 1;
                    line = Encoding.UTF8.GetString(bytes.ToArray());
                    return true;
                }
                bytes.Write(_buffer, _position, _length - _position);
                _position = _length;
            }
        }

        public string ReadAll()
        {
            var bytes = new MemoryStream();
            bytes.Write(_buffer, _position, _length - _position);
            _position = _length;
            if (!_eof) _stream.CopyTo(bytes);
            _eof = true;
            return Encoding.UTF8.GetString(bytes.ToArray());
        }
    }
}
