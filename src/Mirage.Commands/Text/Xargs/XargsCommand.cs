using System.Globalization;
using System.Text;
using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.Text.Xargs;

/// <summary>GNU xargs 4.9: builds command lines from input items and runs them through the shell's command runner.</summary>
public sealed class XargsCommand : GnuCommand
{
    private const int DefaultMaxChars = 131072;

    private static readonly ArgParser OptionParser = new(
        "+0a:d:E:e::I:i::L:l::n:opP:rs:tx",
        "null=0", "arg-file=a", "delimiter=d", "eof=e", "replace=i", "max-lines=l", "max-args=n", "open-tty=o",
        "interactive=p", "max-procs=P", "no-run-if-empty=r", "max-chars=s", "verbose=t", "exit=x",
        "process-slot-var:", "show-limits", "help", "version");

    public XargsCommand()
        : base("xargs")
    {
    }

    protected override ArgParser Parser => OptionParser;

    protected override string Package => "GNU findutils";

    protected override string PackageVersion => "4.9.0";

    protected override string Authors => "Eric B. Decker, James Youngman, and Kevin Dalley";

    protected override string Help => "Usage: xargs [OPTION]... COMMAND [INITIAL-ARGS]...\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        byte? delimiter = null;
        string? argFile = null;
        string? eofString = null;
        string? replace = null;
        long maxLines = 0;
        long maxArgs = 0;
        var maxChars = (long)DefaultMaxChars;
        var noRunIfEmpty = false;
        var verbose = false;
        var exitOnSize = false;
        foreach (var option in arguments.Options)
        {
            switch (option.Key)
            {
                case "0": delimiter = 0; break;
                case "d":
                    {
                        var value = ParseDelimiter(option.Value!);
                        if (value is null)
                        {
                            await io.ErrorAsync("invalid input delimiter specification " + option.Value + ": the delimiter must be either a single character or an escape sequence starting with \\.").ConfigureAwait(false);
                            return 1;
                        }
                        delimiter = value;
                        break;
                    }
                case "a": argFile = option.Value; break;
                case "E": eofString = option.Value; break;
                case "e": eofString = string.IsNullOrEmpty(option.Value) ? null : option.Value; break;
                case "I": replace = option.Value; maxLines = 1; maxArgs = 0; exitOnSize = true; break;
                case "i": replace = string.IsNullOrEmpty(option.Value) ? "{}" : option.Value; maxLines = 1; maxArgs = 0; exitOnSize = true; break;
                case "L" or "l":
                    {
                        var text = option.Value ?? "1";
                        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out maxLines) || maxLines < 1)
                        {
                            await io.ErrorAsync($"invalid number \"{text}\" for -L option").ConfigureAwait(false);
                            return 1;
                        }
                        maxArgs = 0;
                        replace = null;
                        exitOnSize = true;
                        break;
                    }
                case "n":
                    if (!long.TryParse(option.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out maxArgs) || maxArgs < 1)
                    {
                        await io.ErrorAsync($"value {option.Value} for -n option should be >= 1").ConfigureAwait(false);
                        return 1;
                    }
                    if (replace is null) maxLines = 0;
                    break;
                case "s":
                    if (!long.TryParse(option.Value, NumberStyles.None, CultureInfo.InvariantCulture, out maxChars) || maxChars < 1)
                    {
                        await io.ErrorAsync($"value {option.Value} for -s option should be >= 1").ConfigureAwait(false);
                        return 1;
                    }
                    break;
                case "r": noRunIfEmpty = true; break;
                case "t" or "p": verbose = true; break;
                case "x": exitOnSize = true; break;
                case "P":
                    if (!int.TryParse(option.Value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                    {
                        await io.ErrorAsync($"invalid number \"{option.Value}\" for -P option").ConfigureAwait(false);
                        return 1;
                    }
                    break;
            }
        }
        var command = arguments.Operands.Count > 0 ? arguments.Operands.ToList() : ["echo"];

        Stream input;
        if (argFile is not null)
        {
            try
            {
                input = await io.OpenInputAsync(argFile).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ResourceException or IOException)
            {
                await io.ErrorAsync($"Cannot open input file {Quoting.ShellAlways(argFile)}: {CommandIO.Reason(e)}").ConfigureAwait(false);
                return 1;
            }
        }
        else
        {
            input = new NonClosingStream(io.Context.Stdin);
        }

        // Input is read and run batch by batch, so an endless producer (yes | xargs ...) works as it does with GNU.
        var batcher = new Batcher(io, command, replace, maxLines, maxArgs, maxChars, verbose);
        string? error = null;
        var sawItems = false;
        await using (input.ConfigureAwait(false))
        {
            var reader = new LineReader(input, io.CancellationToken, delimiter ?? (byte)'\n');
            List<string>? pending = null;
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } memory)
            {
                var record = memory.Span;
                var terminator = delimiter ?? (byte)'\n';
                if (record.Length > 0 && record[^1] == terminator) record = record[..^1];
                var line = Encoding.UTF8.GetString(record);
                List<List<string>> groups = [];
                var stop = false;
                if (delimiter is not null)
                {
                    if (eofString is not null && line == eofString) break;
                    groups.Add([line]);
                }
                else if (replace is not null)
                {
                    var trimmed = line.TrimStart(' ', '\t');
                    if (trimmed.Length == 0) continue;
                    if (eofString is not null && trimmed == eofString) break;
                    var unquoted = SplitItems(trimmed, null, null);
                    if (unquoted.Error is not null) { error = unquoted.Error; break; }
                    groups.Add([string.Join(" ", unquoted.Groups.Select(g => g[0]))]);
                }
                else
                {
                    var parsed = SplitItems(line, null, eofString);
                    if (parsed.Error is not null) { error = parsed.Error; stop = true; }
                    stop |= parsed.EofReached;
                    var items = parsed.Groups.Select(g => g[0]).ToList();
                    if (maxLines > 0)
                    {
                        if (items.Count > 0)
                        {
                            pending ??= [];
                            pending.AddRange(items);
                            // A line ending in a blank continues onto the next line.
                            if (!(line.Length > 0 && line[^1] is ' ' or '\t') || stop)
                            {
                                groups.Add(pending);
                                pending = null;
                            }
                        }
                    }
                    else
                    {
                        groups.AddRange(items.Select(item => new List<string> { item }));
                    }
                }
                foreach (var group in groups)
                {
                    sawItems = true;
                    if (await batcher.AddAsync(group).ConfigureAwait(false)) return batcher.Status;
                }
                if (stop) break;
            }
            if (pending is not null)
            {
                sawItems = true;
                if (await batcher.AddAsync(pending).ConfigureAwait(false)) return batcher.Status;
            }
        }
        if (error is not null) await io.ErrorAsync(error).ConfigureAwait(false);
        if (!sawItems)
        {
            if (error is not null) return 1;
            if (noRunIfEmpty || replace is not null) return 0;
            await batcher.RunAloneAsync().ConfigureAwait(false);
            return batcher.Status;
        }
        if (await batcher.FlushAsync().ConfigureAwait(false)) return batcher.Status;
        if (error is not null) return batcher.Status == 0 ? 1 : batcher.Status;
        _ = exitOnSize;
        return batcher.Status;
    }

    /// <summary>Gathers arguments into command lines within the -n / -L / -s limits and runs each when it is full.</summary>
    private sealed class Batcher(CommandIO io, List<string> command, string? replace, long maxLines, long maxArgs, long maxChars, bool verbose)
    {
        private readonly List<string> _batch = [];
        private readonly int _baseLength = command.Sum(a => Encoding.UTF8.GetByteCount(a) + 1);
        private long _lines;
        private long _length = command.Sum(a => Encoding.UTF8.GetByteCount(a) + 1);
        private int _status;

        public int Status => _status;

        /// <summary>Adds one input line's arguments; true when xargs must stop.</summary>
        public async ValueTask<bool> AddAsync(List<string> group)
        {
            if (replace is not null)
            {
                var argument = string.Join(" ", group);
                var argv = command.Select(a => a.Replace(replace, argument, StringComparison.Ordinal)).ToList();
                return Finish(await RunAsync(io, argv, verbose).ConfigureAwait(false), ref _status);
            }
            if (maxLines > 0)
            {
                _batch.AddRange(group);
                _lines++;
                return _lines >= maxLines && await FlushAsync().ConfigureAwait(false);
            }
            foreach (var item in group)
            {
                var itemLength = Encoding.UTF8.GetByteCount(item) + 1;
                if (_baseLength + itemLength > maxChars)
                {
                    await io.ErrorAsync("argument line too long").ConfigureAwait(false);
                    _status = 1;
                    return true;
                }
                if (_batch.Count > 0 && _length + itemLength > maxChars && await FlushAsync().ConfigureAwait(false)) return true;
                _batch.Add(item);
                _length += itemLength;
                if (maxArgs > 0 && _batch.Count >= maxArgs && await FlushAsync().ConfigureAwait(false)) return true;
            }
            return false;
        }

        public async ValueTask<bool> FlushAsync()
        {
            if (_batch.Count == 0 && _lines == 0) return false;
            var argv = command.Concat(_batch).ToList();
            _batch.Clear();
            _lines = 0;
            _length = _baseLength;
            return Finish(await RunAsync(io, argv, verbose).ConfigureAwait(false), ref _status);
        }

        public async ValueTask RunAloneAsync() => Finish(await RunAsync(io, command, verbose).ConfigureAwait(false), ref _status);
    }

    /// <summary>Folds one child's status into xargs' own; true when xargs must stop (status 255 or a command that could not run).</summary>
    private static bool Finish(int childStatus, ref int status)
    {
        switch (childStatus)
        {
            case 0: return false;
            case 255:
                status = 124;
                return true;
            case 126 or 127:
                status = childStatus;
                return true;
            case > 128 and < 255:
                status = 125;
                return true;
            default:
                status = 123;
                return false;
        }
    }

    private static async ValueTask<int> RunAsync(CommandIO io, List<string> argv, bool verbose)
    {
        await io.Out.FlushAsync().ConfigureAwait(false);
        if (verbose) await io.WriteStderrAsync(string.Join(" ", argv) + "\n").ConfigureAwait(false);
        if (!io.Context.Runner.CanRun(argv[0]))
        {
            await io.ErrorAsync($"{argv[0]}: No such file or directory").ConfigureAwait(false);
            return 127;
        }
        using var empty = new MemoryStream([], writable: false);
        var child = await io.Context.Runner.RunAsync(argv, empty, io.Context.Stdout, io.Context.Stderr, io.CancellationToken).ConfigureAwait(false);
        if (child == 255)
            await io.ErrorAsync($"{argv[0]}: exited with status 255; aborting").ConfigureAwait(false);
        return child;
    }

    private static byte? ParseDelimiter(string text)
    {
        if (text.Length == 1) return (byte)text[0];
        if (text.Length < 2 || text[0] != '\\') return null;
        return text[1] switch
        {
            'n' when text.Length == 2 => (byte)'\n',
            't' when text.Length == 2 => (byte)'\t',
            '0' when text.Length == 2 => 0,
            '\\' when text.Length == 2 => (byte)'\\',
            'x' => byte.TryParse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex) ? hex : null,
            _ => text.Length > 1 && text[1..].All(c => c is >= '0' and <= '7') ? (byte)Convert.ToInt32(text[1..], 8) : null,
        };
    }

    private sealed record Parsed(List<List<string>> Groups, string? Error, bool EofReached = false);

    /// <summary>Default input: blank-separated items with quotes and backslashes, or exact items split on a delimiter.</summary>
    private static Parsed SplitItems(string text, byte? delimiter, string? eofString)
    {
        var groups = new List<List<string>>();
        if (delimiter is { } d)
        {
            var parts = text.Split((char)d);
            var count = text.EndsWith((char)d) ? parts.Length - 1 : parts.Length;
            for (var i = 0; i < count; i++) groups.Add([parts[i]]);
            return new Parsed(groups, null);
        }
        var current = new StringBuilder();
        var inItem = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\n')
            {
                if (inItem)
                {
                    var item = current.ToString();
                    if (eofString is not null && item == eofString) return new Parsed(groups, null, true);
                    groups.Add([item]);
                    current.Clear();
                    inItem = false;
                }
                continue;
            }
            inItem = true;
            if (c is '\'' or '"')
            {
                var end = text.IndexOf(c, i + 1);
                var newline = text.IndexOf('\n', i + 1);
                if (end < 0 || (newline >= 0 && newline < end))
                {
                    var kind = c == '\'' ? "single" : "double";
                    return new Parsed(groups, $"unmatched {kind} quote; by default quotes are special to xargs unless you use the -0 option");
                }
                current.Append(text, i + 1, end - i - 1);
                i = end;
                continue;
            }
            if (c == '\\' && i + 1 < text.Length)
            {
                current.Append(text[++i]);
                continue;
            }
            current.Append(c);
        }
        if (inItem)
        {
            var item = current.ToString();
            if (eofString is not null && item == eofString) return new Parsed(groups, null, true);
            groups.Add([item]);
        }
        return new Parsed(groups, null);
    }
}
