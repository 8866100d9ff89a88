using System.Globalization;
using System.Text;
using Mirage.Commands.Common;
using Mirage.Commands.Text.Shared;
using Mirage.Vfs;

namespace Mirage.Commands.Text.Sed;

/// <summary>Options that shape how a sed program runs.</summary>
internal sealed record SedOptions(bool Quiet, bool Separate, bool NullData, int LineWrap, string? InPlaceSuffix, bool InPlace, bool Debug = false);

/// <summary>Where output goes, remembering a missing final newline so the next write can supply it (as GNU sed does).</summary>
internal sealed class SedOutput(OutputWriter writer)
{
    public OutputWriter Writer { get; } = writer;

    public bool MissingNewline { get; set; }

    public async ValueTask WriteAsync(string text, bool newline, byte delimiter)
    {
        if (MissingNewline)
        {
            await Writer.WriteAsync(delimiter).ConfigureAwait(false);
            MissingNewline = false;
        }
        await Writer.WriteAsync(Latin1.GetBytes(text)).ConfigureAwait(false);
        if (newline) await Writer.WriteAsync(delimiter).ConfigureAwait(false);
        else MissingNewline = true;
    }
}

/// <summary>Reads input lines across files with one line of look-ahead, so "$" is known.</summary>
internal sealed class SedInput(CommandIO io, IReadOnlyList<string> files, byte delimiter, Func<string, string, ValueTask> onError)
{
    private readonly record struct InputLine(string Text, bool HasNewline, string File);

    private int _nextFile;
    private LineReader? _reader;
    private Stream? _stream;
    private string _readerFile = "-";
    private InputLine? _lookahead;
    private bool _primed;

    public string CurrentFile { get; private set; } = "-";

    public async ValueTask<(string Text, bool HasNewline)?> ReadAsync()
    {
        if (!_primed)
        {
            _lookahead = await FetchAsync().ConfigureAwait(false);
            _primed = true;
        }
        if (_lookahead is not { } line) return null;
        CurrentFile = line.File;
        _lookahead = await FetchAsync().ConfigureAwait(false);
        return (line.Text, line.HasNewline);
    }

    public async ValueTask<bool> IsLastAsync()
    {
        if (!_primed)
        {
            _lookahead = await FetchAsync().ConfigureAwait(false);
            _primed = true;
        }
        return _lookahead is null;
    }

    private async ValueTask<InputLine?> FetchAsync()
    {
        while (true)
        {
            if (_reader is not null)
            {
                var memory = await _reader.ReadLineAsync().ConfigureAwait(false);
                if (memory is { } line)
                {
                    var length = line.Length;
                    var newline = length > 0 && line.Span[length - 1] == delimiter;
                    if (newline) length--;
                    return new InputLine(Latin1.GetString(line.Span[..length]), newline, _readerFile);
                }
                await _stream!.DisposeAsync().ConfigureAwait(false);
                _reader = null;
                _stream = null;
            }
            if (_nextFile >= files.Count) return null;
            var file = files[_nextFile++];
            try
            {
                _stream = await io.OpenInputAsync(file).ConfigureAwait(false);
                _reader = new LineReader(_stream, io.CancellationToken, delimiter);
                _readerFile = file;
            }
            catch (Exception e) when (e is ResourceException or IOException)
            {
                await onError(file, CommandIO.Reason(e)).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask CloseAsync()
    {
        if (_stream is not null) await _stream.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>Runs a parsed sed program over its input: the cycle, addresses and ranges, hold space, appends, branches.</summary>
internal sealed class SedRunner(CommandIO io, List<SedInstruction> program, SedOptions options)
{
    private readonly Dictionary<string, SedOutput> _writeFiles = new(StringComparer.Ordinal);
    private readonly List<Stream> _openStreams = [];
    private readonly Dictionary<string, LineReader?> _readFiles = new(StringComparer.Ordinal);
    private readonly List<object> _appendQueue = [];
    private SedOutput _output = null!;
    private SedOutput _stdout = null!;
    private string _hold = "";
    private long _lineNumber;
    private readonly Shared.SedRegexCache _lastRegex = new();
    private bool _quit;

    public int ExitStatus { get; private set; }

    private byte Delimiter => options.NullData ? (byte)0 : (byte)'\n';

    /// <summary>What N, G and H put between lines, and what D and P look for: the input's line delimiter.</summary>
    private char LineSeparator => (char)Delimiter;

    public async ValueTask RunAsync(IReadOnlyList<string> files)
    {
        _stdout = new SedOutput(io.Out);
        await OpenWriteFilesAsync().ConfigureAwait(false);
        try
        {
            if (options.InPlace)
            {
                foreach (var file in files)
                {
                    if (_quit) break;
                    await RunInPlaceAsync(file).ConfigureAwait(false);
                }
            }
            else if (options.Separate)
            {
                foreach (var file in files)
                {
                    if (_quit) break;
                    _output = _stdout;
                    await RunStreamAsync([file]).ConfigureAwait(false);
                }
            }
            else
            {
                _output = _stdout;
                await RunStreamAsync(files).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var output in _writeFiles.Values) await output.Writer.FlushAsync().ConfigureAwait(false);
            foreach (var stream in _openStreams) await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask OpenWriteFilesAsync()
    {
        foreach (var instruction in program)
        {
            var name = instruction.Name is 'w' or 'W' ? instruction.Text : instruction.WriteFile;
            if (name is null || _writeFiles.ContainsKey(name)) continue;
            if (name == "/dev/stdout")
            {
                _writeFiles[name] = new SedOutput(io.Out);
                continue;
            }
            if (name == "/dev/stderr")
            {
                _writeFiles[name] = new SedOutput(new OutputWriter(io.Context.Stderr, io.CancellationToken));
                continue;
            }
            var stream = ResourceOperations.OpenWrite(io.Files, io.Resolve(Latin1.ToDisplay(name)), default, io.CancellationToken);
            _openStreams.Add(stream);
            _writeFiles[name] = new SedOutput(new OutputWriter(stream, io.CancellationToken));
        }
        await ValueTask.CompletedTask.ConfigureAwait(false);
    }

    private async ValueTask RunInPlaceAsync(string file)
    {
        var info = await io.StatAsync(file).ConfigureAwait(false);
        if (info is null)
        {
            await io.ErrorAsync($"can't read {file}: No such file or directory").ConfigureAwait(false);
            ExitStatus = 2;
            return;
        }
        if (!info.IsFile)
        {
            await io.ErrorAsync($"couldn't edit {file}: not a regular file").ConfigureAwait(false);
            ExitStatus = 4;
            return;
        }
        var path = io.Resolve(file);
        if (!string.IsNullOrEmpty(options.InPlaceSuffix))
        {
            var suffix = options.InPlaceSuffix;
            var backup = suffix.Contains('*') ? suffix.Replace("*", path.Name, StringComparison.Ordinal) : path.Name + suffix;
            var backupPath = backup.Contains('/') ? io.Resolve(backup) : path.Parent / backup;
            await ResourceOperations.CopyFileAsync(io.Files, path, io.Files, backupPath, io.CancellationToken).ConfigureAwait(false);
        }
        // The new content streams into the resource, which swaps it in atomically when the write completes.
        var target = ResourceOperations.OpenWrite(io.Files, path, default, io.CancellationToken);
        await using (target.ConfigureAwait(false))
        {
            var writer = new OutputWriter(target, io.CancellationToken);
            _output = new SedOutput(writer);
            await RunStreamAsync([file]).ConfigureAwait(false);
            await writer.FlushAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask RunStreamAsync(IReadOnlyList<string> files)
    {
        if (options.Separate || options.InPlace) _lineNumber = 0;
        foreach (var instruction in program) instruction.RangeActive = instruction.First?.Kind == AddressKind.Zero;
        var input = new SedInput(io, files, Delimiter, async (file, reason) =>
        {
            await io.ErrorAsync($"can't read {file}: {reason}").ConfigureAwait(false);
            ExitStatus = 2;
        });
        try
        {
            string? pattern = null;
            var hasNewline = true;
            var reuse = false;
            while (!_quit)
            {
                if (!reuse)
                {
                    var next = await input.ReadAsync().ConfigureAwait(false);
                    if (next is not { } line) break;
                    pattern = line.Text;
                    hasNewline = line.HasNewline;
                    _lineNumber++;
                }
                reuse = false;
                var state = new CycleState(pattern!, hasNewline);
                await ExecuteAsync(state, input).ConfigureAwait(false);
                pattern = state.Pattern;
                hasNewline = state.HasNewline;
                if (!state.Deleted && !options.Quiet && !state.SuppressAutoprint) await _output.WriteAsync(pattern, hasNewline, Delimiter).ConfigureAwait(false);
                await FlushAppendsAsync().ConfigureAwait(false);
                if (state.Restart) reuse = true;
                if (state.ExitCode is { } code)
                {
                    ExitStatus = code;
                    _quit = true;
                }
            }
        }
        finally
        {
            await input.CloseAsync().ConfigureAwait(false);
        }
    }

    private sealed class CycleState(string pattern, bool hasNewline)
    {
        public string Pattern { get; set; } = pattern;
        public bool HasNewline { get; set; } = hasNewline;
        public bool Deleted { get; set; }
        public bool Restart { get; set; }
        public bool SuppressAutoprint { get; set; }
        public int? ExitCode { get; set; }
        public bool Substituted { get; set; }
    }

    private async ValueTask<bool> MatchesAsync(SedInstruction instruction, SedInput input, string pattern)
    {
        if (instruction.First is null) return true;
        bool result;
        if (instruction.Second is null)
        {
            result = await MatchAddressAsync(instruction.First, input, pattern).ConfigureAwait(false);
        }
        else if (!instruction.RangeActive)
        {
            result = await MatchAddressAsync(instruction.First, input, pattern).ConfigureAwait(false);
            if (result)
            {
                switch (instruction.SecondKind)
                {
                    case RangeEndKind.Plus:
                        instruction.RangeEnd = _lineNumber + instruction.SecondCount;
                        instruction.RangeActive = instruction.RangeEnd > _lineNumber;
                        break;
                    case RangeEndKind.Multiple:
                        var step = instruction.SecondCount;
                        instruction.RangeEnd = step <= 0 ? _lineNumber : (_lineNumber + step - 1) / step * step;
                        instruction.RangeActive = instruction.RangeEnd > _lineNumber;
                        break;
                    default:
                        if (instruction.Second.Kind == AddressKind.Line)
                        {
                            instruction.RangeEnd = instruction.Second.Line;
                            instruction.RangeActive = instruction.RangeEnd > _lineNumber;
                        }
                        else
                        {
                            instruction.RangeActive = true;
                        }
                        break;
                }
            }
        }
        else
        {
            result = true;
            if (instruction.SecondKind != RangeEndKind.Address || instruction.Second.Kind == AddressKind.Line)
            {
                if (_lineNumber >= instruction.RangeEnd) instruction.RangeActive = false;
                result = _lineNumber <= instruction.RangeEnd;
                if (!result && instruction.SecondKind == RangeEndKind.Address)
                {
                    // The end line already passed: GNU ends the range here, matching only when the start matches anew.
                    result = await MatchAddressAsync(instruction.First, input, pattern).ConfigureAwait(false);
                }
            }
            else if (await MatchAddressAsync(instruction.Second, input, pattern).ConfigureAwait(false))
            {
                instruction.RangeActive = false;
            }
        }
        return result != instruction.Negate;
    }

    private async ValueTask<bool> MatchAddressAsync(SedAddress address, SedInput input, string pattern)
    {
        switch (address.Kind)
        {
            case AddressKind.Line: return _lineNumber == address.Line;
            case AddressKind.Last: return await input.IsLastAsync().ConfigureAwait(false);
            case AddressKind.Step:
                if (address.Step <= 0) return _lineNumber == address.Line;
                return _lineNumber >= address.Line && (_lineNumber - address.Line) % address.Step == 0;
            case AddressKind.Zero: return false;
            default:
                var matcher = _lastRegex.Use(address.Regex!);
                return matcher.IsMatch(pattern);
        }
    }

    private async ValueTask ExecuteAsync(CycleState state, SedInput input)
    {
        var pc = 0;
        while (pc < program.Count)
        {
            var instruction = program[pc];
            if (!await MatchesAsync(instruction, input, state.Pattern).ConfigureAwait(false))
            {
                pc = instruction.Name == '{' ? instruction.Jump + 1 : pc + 1;
                continue;
            }
            pc++;
            switch (instruction.Name)
            {
                case '{' or '}' or ':' or '#':
                    break;
                case '=':
                    await _output.WriteAsync(_lineNumber.ToString(CultureInfo.InvariantCulture), true, (byte)'\n').ConfigureAwait(false);
                    break;
                case 'a':
                    _appendQueue.Add(instruction.Text);
                    break;
                case 'i':
                    await _output.WriteAsync(instruction.Text, true, (byte)'\n').ConfigureAwait(false);
                    break;
                case 'c':
                    if (instruction.Second is null || instruction.Negate || !instruction.RangeActive)
                        await _output.WriteAsync(instruction.Text, true, (byte)'\n').ConfigureAwait(false);
                    state.Deleted = true;
                    return;
                case 'd':
                    state.Deleted = true;
                    return;
                case 'D':
                    {
                        var newline = state.Pattern.IndexOf(LineSeparator);
                        if (newline < 0)
                        {
                            state.Deleted = true;
                            return;
                        }
                        state.Pattern = state.Pattern[(newline + 1)..];
                        state.SuppressAutoprint = true;
                        state.Restart = true;
                        return;
                    }
                case 'e':
                    if (instruction.Text.Length > 0)
                    {
                        await _output.WriteAsync(await ExecuteCommandAsync(instruction.Text).ConfigureAwait(false), false, Delimiter).ConfigureAwait(false);
                        _output.MissingNewline = false;
                    }
                    else
                    {
                        state.Pattern = TrimNewline(await ExecuteCommandAsync(state.Pattern).ConfigureAwait(false));
                    }
                    break;
                case 'F':
                    await _output.WriteAsync(input.CurrentFile, true, (byte)'\n').ConfigureAwait(false);
                    break;
                case 'g':
                    state.Pattern = _hold;
                    break;
                case 'G':
                    state.Pattern += LineSeparator + _hold;
                    break;
                case 'h':
                    _hold = state.Pattern;
                    break;
                case 'H':
                    _hold += LineSeparator + state.Pattern;
                    break;
                case 'x':
                    (_hold, state.Pattern) = (state.Pattern, _hold);
                    break;
                case 'z':
                    state.Pattern = "";
                    break;
                case 'l':
                    await _output.WriteAsync(Escape(state.Pattern, instruction.Number ?? options.LineWrap), true, (byte)'\n').ConfigureAwait(false);
                    break;
                case 'n':
                    {
                        if (_quit || await input.IsLastAsync().ConfigureAwait(false))
                        {
                            state.ExitCode = ExitStatus;
                            if (options.Quiet) state.SuppressAutoprint = true;
                            return;
                        }
                        if (!options.Quiet) await _output.WriteAsync(state.Pattern, state.HasNewline, Delimiter).ConfigureAwait(false);
                        await FlushAppendsAsync().ConfigureAwait(false);
                        var next = (await input.ReadAsync().ConfigureAwait(false))!.Value;
                        _lineNumber++;
                        state.Pattern = next.Text;
                        state.HasNewline = next.HasNewline;
                        break;
                    }
                case 'N':
                    {
                        if (await input.IsLastAsync().ConfigureAwait(false))
                        {
                            state.ExitCode = ExitStatus;
                            return;
                        }
                        await FlushAppendsAsync().ConfigureAwait(false);
                        var next = (await input.ReadAsync().ConfigureAwait(false))!.Value;
                        _lineNumber++;
                        state.Pattern += LineSeparator + next.Text;
                        state.HasNewline = next.HasNewline;
                        break;
                    }
                case 'p':
                    await _output.WriteAsync(state.Pattern, true, Delimiter).ConfigureAwait(false);
                    break;
                case 'P':
                    {
                        var newline = state.Pattern.IndexOf(LineSeparator);
                        await _output.WriteAsync(newline < 0 ? state.Pattern : state.Pattern[..newline], true, Delimiter).ConfigureAwait(false);
                        break;
                    }
                case 'q':
                    state.ExitCode = instruction.Number ?? 0;
                    return;
                case 'Q':
                    state.ExitCode = instruction.Number ?? 0;
                    state.SuppressAutoprint = true;
                    state.Deleted = true;
                    _appendQueue.Clear();
                    return;
                case 'r':
                    _appendQueue.Add(new FileAppend(instruction.Text));
                    break;
                case 'R':
                    {
                        var line = await ReadOneLineAsync(instruction.Text).ConfigureAwait(false);
                        if (line is not null) _appendQueue.Add(line);
                        break;
                    }
                case 'w':
                    await _writeFiles[instruction.Text].WriteAsync(state.Pattern, true, Delimiter).ConfigureAwait(false);
                    break;
                case 'W':
                    {
                        var newline = state.Pattern.IndexOf(LineSeparator);
                        await _writeFiles[instruction.Text].WriteAsync(newline < 0 ? state.Pattern : state.Pattern[..newline], true, Delimiter).ConfigureAwait(false);
                        break;
                    }
                case 'y':
                    {
                        var map = instruction.Translate!;
                        var chars = state.Pattern.ToCharArray();
                        for (var i = 0; i < chars.Length; i++) chars[i] = (char)map[chars[i] & 0xff];
                        state.Pattern = new string(chars);
                        break;
                    }
                case 's':
                    if (Substitute(instruction, state))
                    {
                        state.Substituted = true;
                        if (instruction.Evaluate) state.Pattern = TrimNewline(await ExecuteCommandAsync(state.Pattern).ConfigureAwait(false));
                        if (instruction.PrintCount > 0) await _output.WriteAsync(state.Pattern, true, Delimiter).ConfigureAwait(false);
                        if (instruction.WriteFile is { } file) await _writeFiles[file].WriteAsync(state.Pattern, true, Delimiter).ConfigureAwait(false);
                    }
                    break;
                case 'b':
                    pc = instruction.Jump;
                    break;
                case 't':
                    if (state.Substituted)
                    {
                        state.Substituted = false;
                        pc = instruction.Jump;
                    }
                    break;
                case 'T':
                    if (!state.Substituted) pc = instruction.Jump;
                    else state.Substituted = false;
                    break;
            }
        }
    }

    private sealed record FileAppend(string Name);

    private static string TrimNewline(string text) => text.EndsWith('\n') ? text[..^1] : text;

    /// <summary>Runs a command line (e and s///e) through the command runner; words split on blanks with simple quoting.</summary>
    private async ValueTask<string> ExecuteCommandAsync(string commandLine)
    {
        var words = SplitWords(Latin1.ToDisplay(commandLine));
        if (words.Count == 0) return "";
        await _output.Writer.FlushAsync().ConfigureAwait(false);
        using var stdin = new MemoryStream([], writable: false);
        using var stdout = new MemoryStream();
        await io.Context.Runner.RunAsync(words, stdin, stdout, io.Context.Stderr, io.CancellationToken).ConfigureAwait(false);
        return Latin1.GetString(stdout.ToArray());
    }

    private static List<string> SplitWords(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\n')
            {
                if (inWord) words.Add(current.ToString());
                current.Clear();
                inWord = false;
                continue;
            }
            inWord = true;
            if (c is '\'' or '"')
            {
                var end = text.IndexOf(c, i + 1);
                if (end < 0) end = text.Length;
                current.Append(text, i + 1, end - i - 1);
                i = end;
                continue;
            }
            if (c == '\\' && i + 1 < text.Length) c = text[++i];
            current.Append(c);
        }
        if (inWord) words.Add(current.ToString());
        return words;
    }

    private async ValueTask<string?> ReadOneLineAsync(string name)
    {
        if (!_readFiles.TryGetValue(name, out var reader))
        {
            try
            {
                var stream = await io.OpenInputAsync(Latin1.ToDisplay(name)).ConfigureAwait(false);
                _openStreams.Add(stream);
                reader = new LineReader(stream, io.CancellationToken);
            }
            catch (Exception e) when (e is ResourceException or IOException)
            {
                reader = null;
            }
            _readFiles[name] = reader;
        }
        if (reader is null) return null;
        var line = await reader.ReadLineAsync().ConfigureAwait(false);
        if (line is not { } memory) return null;
        var length = memory.Length;
        if (length > 0 && memory.Span[length - 1] == '\n') length--;
        return Latin1.GetString(memory.Span[..length]);
    }

    private async ValueTask FlushAppendsAsync()
    {
        foreach (var item in _appendQueue)
        {
            if (item is string text)
            {
                await _output.WriteAsync(text, true, (byte)'\n').ConfigureAwait(false);
                continue;
            }
            var file = ((FileAppend)item).Name;
            try
            {
                var stream = await io.OpenInputAsync(Latin1.ToDisplay(file)).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    using var buffer = new MemoryStream();
                    await stream.CopyToAsync(buffer, io.CancellationToken).ConfigureAwait(false);
                    if (buffer.Length == 0) continue;
                    var content = Latin1.GetString(buffer.ToArray());
                    var endsWithNewline = content.EndsWith('\n');
                    await _output.WriteAsync(endsWithNewline ? content[..^1] : content, endsWithNewline, (byte)'\n').ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is ResourceException or IOException)
            {
                // GNU sed silently ignores an r file it cannot read.
            }
        }
        _appendQueue.Clear();
    }

    private bool Substitute(SedInstruction instruction, CycleState state)
    {
        var matcher = _lastRegex.Use(instruction.Regex!);
        var text = state.Pattern;
        var builder = new StringBuilder();
        var position = 0;
        var copied = 0;
        long count = 0;
        var replaced = false;
        var previousEnd = -1;
        while (position <= text.Length)
        {
            var match = matcher.FindMatch(text, position);
            if (match is null) break;
            if (match.Length == 0 && match.Index == previousEnd)
            {
                // No empty match right after the previous match: step over one char.
                if (match.Index >= text.Length) break;
                position = match.Index + 1;
                continue;
            }
            count++;
            if (count >= instruction.Occurrence)
            {
                builder.Append(text, copied, match.Index - copied);
                AppendReplacement(builder, instruction.Replacement, match);
                copied = match.Index + match.Length;
                replaced = true;
                if (!instruction.Global) break;
            }
            previousEnd = match.Index + match.Length;
            position = match.Length == 0 ? match.Index + 1 : previousEnd;
            if (match.Length == 0 && match.Index >= text.Length) break;
        }
        if (!replaced) return false;
        builder.Append(text, copied, text.Length - copied);
        state.Pattern = builder.ToString();
        return true;
    }

    private static void AppendReplacement(StringBuilder builder, List<ReplacementPart> parts, System.Text.RegularExpressions.Match match)
    {
        var mode = '\0';
        var once = '\0';
        foreach (var part in parts)
        {
            if (part.CaseOperation != '\0')
            {
                switch (part.CaseOperation)
                {
                    case 'L' or 'U': mode = part.CaseOperation; once = '\0'; break;
                    case 'E': mode = '\0'; once = '\0'; break;
                    default: once = part.CaseOperation; break;
                }
                continue;
            }
            var text = part.Literal ?? match.Groups[part.Group].Value;
            foreach (var c in text)
            {
                var output = mode switch { 'L' => ToLower(c), 'U' => ToUpper(c), _ => c };
                if (once != '\0')
                {
                    output = once == 'l' ? ToLower(c) : ToUpper(c);
                    once = '\0';
                }
                builder.Append(output);
            }
        }
    }

    private static char ToLower(char c) => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;

    private static char ToUpper(char c) => c is >= 'a' and <= 'z' ? (char)(c - 32) : c;

    /// <summary>The "l" command's unambiguous form, wrapped at <paramref name="width"/> - 1 chars with a trailing backslash.</summary>
    private static string Escape(string text, int width)
    {
        var builder = new StringBuilder();
        var column = 0;
        foreach (var c in text)
        {
            var piece = c switch
            {
                '\\' => "\\\\",
                '\a' => "\\a",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\v' => "\\v",
                _ when c < 0x20 || c >= 0x7f => "\\" + Convert.ToString(c, 8).PadLeft(3, '0'),
                _ => c.ToString(),
            };
            if (width > 1 && column + piece.Length > width - 1)
            {
                builder.Append("\\\n");
                column = 0;
            }
            builder.Append(piece);
            column += piece.Length;
        }
        return builder.Append('$').ToString();
    }
}
