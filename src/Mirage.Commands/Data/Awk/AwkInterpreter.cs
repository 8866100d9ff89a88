using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Mirage.Commands.Common;
using Mirage.Commands.Text.RegexTranslation;
using Mirage.Commands.Text.Shared;
using Mirage.Vfs;

namespace Mirage.Commands.Data.Awk;

/// <summary>An awk array: values by index, and gawk's layout of the indices for "for (k in a)".</summary>
internal sealed class AwkArray(bool stringsOnly = false)
{
    private readonly Dictionary<string, AwkValue> _items = new(StringComparer.Ordinal);
    private readonly AwkArrayLayout _layout = new(stringsOnly);

    public int Count => _items.Count;

    public AwkValue this[string key] => _items[key];

    public bool TryGetValue(string key, out AwkValue value) => _items.TryGetValue(key, out value);

    public bool ContainsKey(string key) => _items.ContainsKey(key);

    /// <param name="fromInput">The index came from input (a field, getline): "for in" hands it back as a strnum.</param>
    public void Set(string key, AwkValue value, bool fromInput = false)
    {
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_items, key, out var exists);
        slot = value;
        if (!exists) _layout.Add(key, fromInput);
    }

    public void Remove(string key)
    {
        if (_items.Remove(key)) _layout.Remove(key);
    }

    public void Clear()
    {
        _items.Clear();
        _layout.Clear();
    }

    /// <summary>The indices in gawk's order; integer indices come as numbers, or as strings for "@ind_str_*".</summary>
    public List<AwkIndex> Indices(bool integersAsStrings = false) => _layout.List(integersAsStrings);
}

/// <summary>A variable: a scalar, or an array once used as one.</summary>
internal sealed class Cell
{
    public AwkValue Value;
    public AwkArray? Array;
    /// <summary>An untyped caller variable passed to a function: becomes an array there too if the callee makes it one.</summary>
    public Cell? Origin;
}

internal enum Flow
{
    Normal,
    Break,
    Continue,
    Next,
    NextFile,
    Exit,
    Return,
}

/// <summary>next/exit inside a function unwind through the expression that called it.</summary>
internal sealed class FlowException(Flow flow) : Exception
{
    public Flow Flow { get; } = flow;
}

/// <summary>Runs a parsed program over the input files, synchronously on the caller's (dedicated) thread.</summary>
internal sealed partial class AwkInterpreter
{
    private const int SlotNF = 0, SlotNR = 1, SlotFNR = 2, SlotFS = 3, SlotOFS = 4, SlotORS = 5, SlotRS = 6, SlotFILENAME = 7,
        SlotSUBSEP = 8, SlotRSTART = 9, SlotRLENGTH = 10, SlotCONVFMT = 11, SlotOFMT = 12, SlotENVIRON = 13, SlotARGC = 14,
        SlotARGV = 15, SlotPROCINFO = 16, SlotRT = 17, SlotIGNORECASE = 18, SpecialCount = 19;

    private readonly AwkProgram _program;
    private readonly CommandContext _context;
    private readonly Cell[] _globals;
    private readonly AwkOutput _stdout;
    private readonly AwkOutput _stderr;
    private readonly Dictionary<string, PatternMatcher> _regexCache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OutputTarget> _outputs = new(StringComparer.Ordinal);
    /// <summary>Redirections in the order they were opened: gawk closes the newest first at exit.</summary>
    private readonly List<string> _opened = [];
    private readonly Dictionary<string, AwkCommandPipe> _inputCommands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RecordReader> _inputs = new(StringComparer.Ordinal);
    private readonly Stack<Cell[]> _frames = new();
    private readonly List<string> _fields = [""];
    private long _seed = 1;
    private string _record = "";
    private string _recordFs = " ";
    private bool _fieldsValid = true;
    private int _nf;
    private string _fs = " ";
    private string _ofs = " ";
    private string _ors = "\n";
    private string _rs = "\n";
    private string _subsep = "\x1c";
    private string _convfmt = "%.6g";
    private string _ofmt = "%.6g";
    private Regex? _rsRegex;
    private AwkValue _returnValue;
    private int _exitStatus;

    // Main input state.
    private int _argIndex = 1;
    private RecordReader? _mainReader;
    private bool _usedFileOperand;
    private bool _mainDone;
    private bool _inEnd;

    public AwkInterpreter(AwkProgram program, CommandContext context)
    {
        _program = program;
        _context = context;
        _globals = new Cell[program.Globals.Count];
        for (var i = 0; i < _globals.Length; i++) _globals[i] = new Cell();
        // Commands run beside awk ("print | cmd") write to the same stdout and stderr.
        _stdout = new AwkOutput(new SerializedWriteStream(context.Stdout), context.CancellationToken);
        _stderr = new AwkOutput(new SerializedWriteStream(context.Stderr), context.CancellationToken);
        _globals[SlotFS].Value = AwkValue.FromString(" ");
        _globals[SlotOFS].Value = AwkValue.FromString(" ");
        _globals[SlotORS].Value = AwkValue.FromString("\n");
        _globals[SlotRS].Value = AwkValue.FromString("\n");
        _globals[SlotSUBSEP].Value = AwkValue.FromString("\x1c");
        _globals[SlotCONVFMT].Value = AwkValue.FromString("%.6g");
        _globals[SlotOFMT].Value = AwkValue.FromString("%.6g");
        _globals[SlotNR].Value = AwkValue.Zero;
        _globals[SlotFNR].Value = AwkValue.Zero;
        _globals[SlotNF].Value = AwkValue.Zero;
        _globals[SlotRSTART].Value = AwkValue.Zero;
        _globals[SlotRLENGTH].Value = AwkValue.FromNumber(-1);
        _globals[SlotFILENAME].Value = AwkValue.Uninitialized;
        var environ = new AwkArray(stringsOnly: true);
        foreach (var (key, value) in context.Environment) environ.Set(Latin1.FromArgument(key), AwkValue.FromInput(Latin1.FromArgument(value)));
        _globals[SlotENVIRON].Array = environ;
        var procinfo = new AwkArray();
        procinfo.Set("version", AwkValue.FromString("5.2.1"));
        procinfo.Set("FS", AwkValue.FromString("FS"));
        procinfo.Set("pid", AwkValue.FromNumber(4242));
        _globals[SlotPROCINFO].Array = procinfo;
    }

    /// <summary>The name used in messages ("awk" or "gawk").</summary>
    public required string CommandName { get; init; }

    public required string SourceName { get; init; }

    public void SetArguments(IReadOnlyList<string> argv)
    {
        var array = new AwkArray();
        for (var i = 0; i < argv.Count; i++) array.Set(i.ToString(CultureInfo.InvariantCulture), i == 0 ? AwkValue.FromString(argv[i]) : AwkValue.FromInput(argv[i]));
        _globals[SlotARGV].Array = array;
        _globals[SlotARGC].Value = AwkValue.FromNumber(argv.Count);
    }

    public void Assign(int slot, string value) => SetGlobal(slot, AwkValue.FromInput(ProcessEscapes(value)));

    /// <summary>Command-line assignments process escape sequences as string literals do.</summary>
    private static string ProcessEscapes(string value)
    {
        if (!value.Contains('\\')) return value;
        var builder = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c != '\\' || i + 1 >= value.Length)
            {
                builder.Append(c);
                continue;
            }
            var e = value[++i];
            switch (e)
            {
                case 'n': builder.Append('\n'); break;
                case 't': builder.Append('\t'); break;
                case 'r': builder.Append('\r'); break;
                case '\\': builder.Append('\\'); break;
                case '"': builder.Append('"'); break;
                case '/': builder.Append('/'); break;
                case 'a': builder.Append('\a'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'v': builder.Append('\v'); break;
                case >= '0' and <= '7':
                    {
                        var number = e - '0';
                        for (var k = 0; k < 2 && i + 1 < value.Length && value[i + 1] is >= '0' and <= '7'; k++) number = number * 8 + (value[++i] - '0');
                        builder.Append((char)(number & 0xff));
                        break;
                    }
                default: builder.Append('\\').Append(e); break;
            }
        }
        return builder.ToString();
    }

    /// <summary>Runs BEGIN, the main loop and END; returns the exit status.</summary>
    public int Run()
    {
        try
        {
            var exiting = false;
            foreach (var rule in _program.Rules)
            {
                if (rule.Kind != RuleKind.Begin) continue;
                if (RunAction(rule.Action!) == Flow.Exit)
                {
                    exiting = true;
                    break;
                }
            }
            var hasMain = _program.Rules.Any(r => r.Kind is RuleKind.Main or RuleKind.End or RuleKind.BeginFile or RuleKind.EndFile);
            if (!exiting && hasMain)
            {
                try
                {
                    MainLoop();
                }
                catch (FlowException)
                {
                }
            }
            _inEnd = true;
            {
                foreach (var rule in _program.Rules)
                {
                    if (rule.Kind != RuleKind.End) continue;
                    if (_endSkipped) break;
                    if (RunAction(rule.Action!) == Flow.Exit) break;
                }
            }
        }
        catch (AwkFatalException e)
        {
            CloseAll();
            Fatal(e.Message);
            return 2;
        }
        CloseAll();
        return _exitStatus;
    }

    private bool _endSkipped;

    public void Fatal(string message)
    {
        _stdout.Flush();
        var location = _context.Arguments.Count >= 0 ? $"{CommandName}: {SourceName}: fatal: " : "";
        _stderr.Write(Latin1.ToDisplay(location + message) + "\n");
        _stderr.Flush();
    }

    public void Warning(string message)
    {
        _stdout.Flush();
        _stderr.Write($"{CommandName}: {SourceName}: warning: {message}\n");
        _stderr.Flush();
    }

    private Flow RunAction(BlockStmt action)
    {
        try
        {
            var flow = Execute(action);
            return flow;
        }
        catch (FlowException e)
        {
            return e.Flow;
        }
    }

    /// <summary>Returns true when exit was called.</summary>
    private bool MainLoop()
    {
        while (true)
        {
            if (!NextMainRecord(out var record, out var terminator)) return false;
            SetRecord(record);
            _globals[SlotRT].Value = AwkValue.FromString(terminator);
            var flow = RunMainRules();
            if (flow == Flow.Exit) return true;
            if (flow == Flow.NextFile) SkipFile();
        }
    }

    private Flow RunMainRules()
    {
        foreach (var rule in _program.Rules)
        {
            if (rule.Kind != RuleKind.Main) continue;
            bool matched;
            try
            {
                matched = Matches(rule);
            }
            catch (FlowException e)
            {
                return e.Flow;
            }
            if (!matched) continue;
            if (rule.Action is null)
            {
                _stdout.Write(_record);
                _stdout.Write(_ors);
                continue;
            }
            var flow = RunAction(rule.Action);
            if (flow is Flow.Next) return Flow.Normal;
            if (flow is Flow.Exit or Flow.NextFile) return flow;
        }
        return Flow.Normal;
    }

    private bool Matches(AwkRule rule)
    {
        if (rule.Pattern is null) return true;
        if (rule.RangeEnd is null) return Condition(rule.Pattern);
        if (!rule.InRange)
        {
            if (!Condition(rule.Pattern)) return false;
            rule.InRange = !Condition(rule.RangeEnd);
            return true;
        }
        if (Condition(rule.RangeEnd)) rule.InRange = false;
        return true;
    }

    private bool Condition(Expr expr) => expr is RegexExpr regex ? Regex(regex.Source).IsMatch(_record) : Evaluate(expr).ToBool();

    // ---- main input ----

    private bool NextMainRecord(out string record, out string terminator)
    {
        while (true)
        {
            if (_mainDone)
            {
                record = terminator = "";
                return false;
            }
            if (_mainReader is null && !OpenNextMainFile())
            {
                _mainDone = true;
                record = terminator = "";
                return false;
            }
            if (_mainReader!.Read(_rs, RsRegex(), out record, out terminator))
            {
                IncrementCounter(SlotNR);
                IncrementCounter(SlotFNR);
                return true;
            }
            CloseMainFile();
        }
    }

    private void IncrementCounter(int slot) => _globals[slot].Value = AwkValue.FromNumber(_globals[slot].Value.ToNumber() + 1);

    private void SkipFile() => CloseMainFile();

    private void CloseMainFile()
    {
        if (_mainReader is null) return;
        _mainReader.Dispose();
        _mainReader = null;
        RunFileRules(RuleKind.EndFile);
    }

    private void RunFileRules(RuleKind kind)
    {
        foreach (var rule in _program.Rules)
        {
            if (rule.Kind != kind) continue;
            if (RunAction(rule.Action!) == Flow.Exit) throw new FlowException(Flow.Exit);
        }
    }

    private Regex? RsRegex()
    {
        if (_rs.Length <= 1) return null;
        return _rsRegex ??= Regex(_rs).Regex;
    }

    private bool OpenNextMainFile()
    {
        var argc = (int)_globals[SlotARGC].Value.ToNumber();
        var argv = _globals[SlotARGV].Array ??= new AwkArray();
        while (_argIndex < argc)
        {
            var index = _argIndex++;
            if (!argv.TryGetValue(index.ToString(CultureInfo.InvariantCulture), out var value)) continue;
            var operand = value.ToText(_convfmt);
            if (operand.Length == 0) continue;
            var equals = operand.IndexOf('=');
            if (equals > 0 && IsIdentifier(operand.AsSpan(0, equals)))
            {
                var name = operand[..equals];
                var slot = _program.Globals.ToList().IndexOf(name);
                if (slot >= 0) Assign(slot, operand[(equals + 1)..]);
                continue;
            }
            _usedFileOperand = true;
            if (OpenMain(operand, operand)) return true;
        }
        if (!_usedFileOperand)
        {
            _usedFileOperand = true;
            return OpenMain("-", "");
        }
        return false;
    }

    private bool OpenMain(string operand, string fileName)
    {
        Stream stream;
        try
        {
            stream = OpenInput(operand);
        }
        catch (Exception e) when (e is IOException or ResourceException)
        {
            var reason = CommandIO.Reason(e);
            if (reason == "Is a directory")
            {
                Warning($"command line argument `{operand}' is a directory: skipped");
                return false;
            }
            _stdout.Flush();
            _stderr.Write($"{CommandName}: {(_globals[SlotNR].Value.ToNumber() > 0 ? SourceName + ": " : "")}fatal: cannot open file `{Latin1.ToDisplay(operand)}' for reading: {reason}\n");
            _stderr.Flush();
            _exitStatus = 2;
            _endSkipped = true;
            throw new FlowException(Flow.Exit);
        }
        _mainReader = new RecordReader(stream, _context.CancellationToken);
        _globals[SlotFILENAME].Value = AwkValue.FromString(fileName);
        _globals[SlotFNR].Value = AwkValue.Zero;
        RunFileRules(RuleKind.BeginFile);
        return true;
    }

    private Stream OpenInput(string operand)
    {
        if (operand is "-" or "/dev/stdin") return new NonClosingStream(_context.Stdin);
        var path = _context.ResolvePath(operand);
        var info = _context.Files.StatAsync(path, _context.CancellationToken).AsTask().GetAwaiter().GetResult() ?? throw ResourceException.NotFound(path);
        if (info.IsDirectory) throw ResourceException.IsADirectory(path);
        return _context.Files.OpenReadAsync(path, default, _context.CancellationToken).AsTask().GetAwaiter().GetResult();
    }

    private static bool IsIdentifier(ReadOnlySpan<char> name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_')) return false;
        foreach (var c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        return true;
    }

    private void CloseAll()
    {
        // Commands fed by "print | cmd" finish before awk's own buffered output goes out, as with gawk's exit.
        for (var i = _opened.Count - 1; i >= 0; i--) CloseStream(_opened[i], atExit: true);
        try
        {
            _stdout.Flush();
        }
        catch (BrokenPipeException)
        {
        }
        foreach (var reader in _inputs.Values) reader.Dispose();
        _inputs.Clear();
        _mainReader?.Dispose();
        _stderr.Flush();
    }

    // ---- records and fields ----

    private void SetRecord(string record)
    {
        _record = record;
        _recordFs = _fs;
        _fieldsValid = false;
    }

    private void EnsureFields()
    {
        if (_fieldsValid) return;
        _fieldsValid = true;
        _fields.Clear();
        _fields.Add(_record);
        SplitInto(_record, _recordFs, _fields, null, _rs.Length == 0);
        _nf = _fields.Count - 1;
        _globals[SlotNF].Value = AwkValue.FromNumber(_nf);
    }

    /// <summary>Splits <paramref name="text"/> by an awk field separator, appending the pieces (and the separators when asked).</summary>
    private void SplitInto(string text, string separator, List<string> pieces, List<string>? separators, bool paragraphMode)
    {
        if (text.Length == 0) return;
        if (separator == " ")
        {
            var i = 0;
            var start = 0;
            while (i < text.Length && text[i] is ' ' or '\t' or '\n') i++;
            separators?.Add(text[..i]);
            while (i < text.Length)
            {
                start = i;
                while (i < text.Length && text[i] is not (' ' or '\t' or '\n')) i++;
                pieces.Add(text[start..i]);
                var gap = i;
                while (i < text.Length && text[i] is ' ' or '\t' or '\n') i++;
                separators?.Add(text[gap..i]);
            }
            return;
        }
        if (separator.Length == 0)
        {
            foreach (var c in text) pieces.Add(c.ToString());
            return;
        }
        if (separator.Length == 1 && !paragraphMode)
        {
            // Any single char other than space separates literally, even a regex metachar.
            var c = separator[0];
            var start = 0;
            while (true)
            {
                var found = text.IndexOf(c, start);
                if (found < 0)
                {
                    pieces.Add(text[start..]);
                    return;
                }
                pieces.Add(text[start..found]);
                separators?.Add(c.ToString());
                start = found + 1;
            }
        }
        var matcher = Regex(paragraphMode ? "(" + (separator.Length == 1 ? EscapeChar(separator[0]) : separator) + ")|\n" : separator);
        var position = 0;
        var from = 0;
        while (from <= text.Length)
        {
            var match = matcher.Find(text, from);
            if (match is null) break;
            var (index, length) = match.Value;
            if (length == 0)
            {
                from = index + 1;
                continue;
            }
            pieces.Add(text[position..index]);
            separators?.Add(text.Substring(index, length));
            position = from = index + length;
        }
        pieces.Add(text[position..]);
    }

    private static bool IsRegexMeta(char c) => "\\^$.[]|()*+?{}".Contains(c, StringComparison.Ordinal);

    private static string EscapeChar(char c) => IsRegexMeta(c) ? "\\" + c : c.ToString();

    private AwkValue GetField(int index)
    {
        if (index == 0) return AwkValue.FromInput(_record);
        if (index < 0) throw new AwkFatalException($"attempt to access field {index}");
        EnsureFields();
        return AwkValue.FromInput(index <= _nf ? _fields[index] : "");
    }

    private void SetField(int index, AwkValue value)
    {
        if (index < 0) throw new AwkFatalException($"attempt to access field {index}");
        if (index == 0)
        {
            SetRecord(value.ToText(_convfmt));
            return;
        }
        EnsureFields();
        while (_nf < index)
        {
            _fields.Add("");
            _nf++;
        }
        _fields[index] = value.ToText(_convfmt);
        _globals[SlotNF].Value = AwkValue.FromNumber(_nf);
        Rebuild();
    }

    private void SetNF(int nf)
    {
        EnsureFields();
        if (nf < 0) throw new AwkFatalException("NF set to negative value");
        while (_nf < nf)
        {
            _fields.Add("");
            _nf++;
        }
        if (_nf > nf)
        {
            _fields.RemoveRange(nf + 1, _nf - nf);
            _nf = nf;
        }
        _globals[SlotNF].Value = AwkValue.FromNumber(_nf);
        Rebuild();
    }

    private void Rebuild()
    {
        var builder = new StringBuilder();
        for (var i = 1; i <= _nf; i++)
        {
            if (i > 1) builder.Append(_ofs);
            builder.Append(_fields[i]);
        }
        _record = builder.ToString();
        _fields[0] = _record;
    }

    // ---- variables ----

    private AwkValue GetGlobal(int slot)
    {
        if (slot == SlotNF) EnsureFields();
        var cell = _globals[slot];
        if (cell.Array is not null) throw new AwkFatalException($"attempt to use array `{_program.Globals[slot]}' in a scalar context");
        return cell.Value;
    }

    private void SetGlobal(int slot, AwkValue value)
    {
        var cell = _globals[slot];
        if (cell.Array is not null) throw new AwkFatalException($"attempt to use array `{_program.Globals[slot]}' in a scalar context");
        if (slot == SlotNF)
        {
            SetNF((int)value.ToNumber());
            return;
        }
        cell.Value = value;
        if (slot >= SpecialCount) return;
        switch (slot)
        {
            case SlotFS: _fs = value.ToText(_convfmt); break;
            case SlotOFS: _ofs = value.ToText(_convfmt); break;
            case SlotORS: _ors = value.ToText(_convfmt); break;
            case SlotRS:
                _rs = value.ToText(_convfmt);
                _rsRegex = null;
                break;
            case SlotSUBSEP: _subsep = value.ToText(_convfmt); break;
            case SlotCONVFMT: _convfmt = value.ToText(_convfmt); break;
            case SlotOFMT: _ofmt = value.ToText(_convfmt); break;
        }
    }

    private Cell LocalCell(int slot) => _frames.Peek()[slot];

    private AwkArray ArrayOf(Expr expr)
    {
        Cell cell;
        string name;
        switch (expr)
        {
            case GlobalVar global:
                cell = _globals[global.Slot];
                name = global.Name;
                break;
            case LocalVar local:
                cell = LocalCell(local.Slot);
                name = local.Name;
                break;
            default:
                throw new AwkFatalException("attempt to use a scalar value as array");
        }
        if (cell.Array is not null) return cell.Array;
        if (cell.Value.Kind != AwkKind.Uninit) throw new AwkFatalException($"attempt to use scalar `{name}' as an array");
        var origin = cell.Origin;
        if (origin is not null && origin.Array is null && origin.Value.Kind == AwkKind.Uninit) origin.Array = new AwkArray();
        cell.Array = origin?.Array ?? new AwkArray();
        return cell.Array;
    }

    private string Subscript(IReadOnlyList<Expr> subscripts) => Subscript(subscripts, out _);

    /// <param name="fromInput">A single subscript holding input text (gawk keeps such an index a strnum).</param>
    private string Subscript(IReadOnlyList<Expr> subscripts, out bool fromInput)
    {
        fromInput = false;
        if (subscripts.Count == 1)
        {
            var value = Evaluate(subscripts[0]);
            fromInput = value.Kind == AwkKind.StrNum;
            return KeyText(value);
        }
        var builder = new StringBuilder();
        for (var i = 0; i < subscripts.Count; i++)
        {
            if (i > 0) builder.Append(_subsep);
            builder.Append(KeyText(Evaluate(subscripts[i])));
        }
        return builder.ToString();
    }

    /// <summary>Array subscripts: integral numbers become integers whatever CONVFMT says.</summary>
    private string KeyText(AwkValue value) => value.ToText(_convfmt);

    private AwkValue Read(Expr target) => target switch
    {
        GlobalVar global => GetGlobal(global.Slot),
        LocalVar local => ReadLocal(local),
        IndexExpr index => ReadElement(index),
        FieldExpr field => GetField(FieldIndex(field)),
        _ => throw new AwkFatalException("invalid assignment target"),
    };

    private AwkValue ReadLocal(LocalVar local)
    {
        var cell = LocalCell(local.Slot);
        if (cell.Array is not null) throw new AwkFatalException($"attempt to use array `{local.Name}' in a scalar context");
        return cell.Value;
    }

    private AwkValue ReadElement(IndexExpr index)
    {
        var array = ArrayOf(index.Array);
        var key = Subscript(index.Subscripts, out var fromInput);
        if (array.TryGetValue(key, out var value)) return value;
        array.Set(key, AwkValue.Uninitialized, fromInput);
        return AwkValue.Uninitialized;
    }

    private int FieldIndex(FieldExpr field)
    {
        var number = Evaluate(field.Index).ToNumber();
        return (int)number;
    }

    private void Store(Expr target, AwkValue value)
    {
        switch (target)
        {
            case GlobalVar global:
                SetGlobal(global.Slot, value);
                break;
            case LocalVar local:
                {
                    var cell = LocalCell(local.Slot);
                    if (cell.Array is not null) throw new AwkFatalException($"attempt to use array `{local.Name}' in a scalar context");
                    cell.Value = value;
                    cell.Origin = null;
                    break;
                }
            case IndexExpr index:
                {
                    var array = ArrayOf(index.Array);
                    array.Set(Subscript(index.Subscripts, out var fromInput), value, fromInput);
                    break;
                }
            case FieldExpr field:
                SetField(FieldIndex(field), value);
                break;
            default:
                throw new AwkFatalException("invalid assignment target");
        }
    }

    // ---- regexes ----

    private PatternMatcher Regex(string source)
    {
        // gawk's IGNORECASE makes every regex match case-insensitively while it is non-zero.
        var ignoreCase = _globals[SlotIGNORECASE].Value.ToBool();
        var key = ignoreCase ? "\u0001" + source : source;
        if (_regexCache.TryGetValue(key, out var matcher)) return matcher;
        string pattern = TranslateAwkEscapes(source);
        try
        {
            matcher = PatternMatcher.CreateSingle(pattern, new RegexDialect(RegexSyntax.Extended, DotMatchesNewline: true), ignoreCase, out _);
        }
        catch (RegexSyntaxException e)
        {
            throw new AwkFatalException($"invalid regexp: {e.Message}: /{source}/");
        }
        if (_regexCache.Count > 500) _regexCache.Clear();
        _regexCache[key] = matcher;
        return matcher;
    }

    /// <summary>awk's escapes inside regexes (\n, \t, \/, \y, octal) turned into what the ERE translator reads.</summary>
    internal static string TranslateAwkEscapes(string source)
    {
        if (!source.Contains('\\')) return source;
        var builder = new StringBuilder();
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (c != '\\' || i + 1 >= source.Length)
            {
                builder.Append(c);
                continue;
            }
            var e = source[++i];
            switch (e)
            {
                case 'n': builder.Append('\n'); break;
                case 't': builder.Append('\t'); break;
                case 'r': builder.Append('\r'); break;
                case 'f': builder.Append('\f'); break;
                case 'v': builder.Append('\v'); break;
                case 'a': builder.Append('\a'); break;
                case 'b': builder.Append('\b'); break;
                case 'y': builder.Append("\\b"); break;
                case '/': builder.Append('/'); break;
                case '"': builder.Append('"'); break;
                case >= '0' and <= '7':
                    {
                        var number = e - '0';
                        for (var k = 0; k < 2 && i + 1 < source.Length && source[i + 1] is >= '0' and <= '7'; k++) number = number * 8 + (source[++i] - '0');
                        var ch = (char)(number & 0xff);
                        if (IsRegexMeta(ch)) builder.Append('\\');
                        builder.Append(ch);
                        break;
                    }
                default: builder.Append('\\').Append(e); break;
            }
        }
        return builder.ToString();
    }

    private PatternMatcher RegexOf(Expr expr) => expr is RegexExpr regex ? Regex(regex.Source) : Regex(Evaluate(expr).ToText(_convfmt));

    // ---- output ----

    private AwkOutput OutputFor(string redirect, string name)
    {
        if (_outputs.TryGetValue(name, out var existing)) return existing.Output;
        if (redirect != "|" && AwkPaths.IsStdout(name)) return _stdout;
        if (redirect != "|" && AwkPaths.IsStderr(name)) return _stderr;
        OutputTarget target;
        if (redirect == "|")
        {
            // gawk flushes all its output before starting a command.
            FlushAll();
            var pipe = AwkCommandPipe.ToCommand(_context.Runner, Latin1.ToDisplay(name), _stdout.Stream, _stderr.Stream, _context.CancellationToken);
            target = new OutputTarget { Output = new AwkOutput(pipe.Stream, _context.CancellationToken), Pipe = pipe };
        }
        else
        {
            var path = _context.ResolvePath(name);
            Stream stream;
            try
            {
                var info = _context.Files.StatAsync(path, _context.CancellationToken).AsTask().GetAwaiter().GetResult();
                if (info is not null && info.IsDirectory) throw ResourceException.IsADirectory(path);
                stream = ResourceOperations.OpenWrite(_context.Files, path, new WriteOptions(Append: redirect == ">>"), _context.CancellationToken);
            }
            catch (Exception e) when (e is IOException or ResourceException)
            {
                throw new AwkFatalException($"can't redirect to `{name}' ({CommandIO.Reason(e)})");
            }
            target = new OutputTarget { Output = new AwkOutput(stream, _context.CancellationToken), FileStream = stream };
        }
        _outputs[name] = target;
        _opened.Add(name);
        return target.Output;
    }

    /// <param name="atExit">At exit gawk neither flushes stdout first nor minds a command that has gone.</param>
    private int CloseStream(string name, bool atExit = false)
    {
        var status = -1;
        if (_outputs.Remove(name, out var target))
        {
            _opened.Remove(name);
            status = 0;
            if (target.Pipe is not null)
            {
                // close() lets awk's own output out first (gawk's do_close flushes stdout).
                if (!atExit) _stdout.Flush();
                try
                {
                    target.Output.Flush(false);
                }
                catch (BrokenPipeException) when (atExit)
                {
                }
                catch (BrokenPipeException)
                {
                    target.Pipe.Close();
                    throw new AwkFatalException($"print to \"{name}\" failed: Broken pipe");
                }
                status = target.Pipe.Close();
            }
            else
            {
                target.Output.Flush(false);
                try
                {
                    target.FileStream!.Dispose();
                }
                catch (Exception e) when (e is IOException or ResourceException)
                {
                    status = -1;
                }
            }
        }
        if (_inputs.Remove(name, out var reader))
        {
            reader.Dispose();
            status = 0;
        }
        if (_inputCommands.Remove(name, out var command)) status = command.Close();
        return status;
    }

    /// <summary>gawk's flush_io: stdout, then every open redirection (a command gets what was printed to it).</summary>
    private void FlushAll()
    {
        _stdout.Flush();
        foreach (var target in _outputs.Values)
        {
            try
            {
                target.Output.Flush(false);
            }
            catch (BrokenPipeException) when (target.Pipe is not null)
            {
                // The command has gone; gawk only warns about such a flush.
            }
        }
    }

    private int RunCommand(string command, Stream stdin, Stream stdout)
    {
        var status = _context.Runner.RunAsync(["sh", "-c", Latin1.ToDisplay(command)], stdin, stdout, _stderr.Stream, _context.CancellationToken)
            .AsTask().GetAwaiter().GetResult();
        return status;
    }
}
