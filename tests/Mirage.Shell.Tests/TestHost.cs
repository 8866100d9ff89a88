using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Mirage.Shell.Interpreter;
using Mirage.Vfs;

namespace Mirage.Shell.Tests;

/// <summary>
/// A test double of the host boundary: an in-memory tree and a handful of commands, just enough
/// to exercise pipes, redirections and globbing. The real commands live in another project.
/// </summary>
public sealed class TestHost : IShellHost
{
    private readonly Dictionary<string, byte[]> files = new(StringComparer.Ordinal);
    private readonly HashSet<string> directories = new(StringComparer.Ordinal) { "/" };
    private readonly Lock gate = new();
    private long bytesRead;

    /// <summary>Bytes handed out by file reads, to prove a reader stopped early.</summary>
    public long BytesRead => Interlocked.Read(ref bytesRead);

    public void AddFile(string path, string content) => AddFile(path, Encoding.UTF8.GetBytes(content));

    public void AddFile(string path, byte[] content)
    {
        var normal = VPath.Parse(path);
        lock (gate)
        {
            AddDirectory(normal.Parent.Value);
            files[normal.Value] = content;
        }
    }

    public void AddDirectory(string path)
    {
        var normal = VPath.Parse(path);
        lock (gate)
        {
            while (true)
            {
                directories.Add(normal.Value);
                if (normal.IsRoot)
                {
                    break;
                }

                normal = normal.Parent;
            }
        }
    }

    public string? ReadFile(string path)
    {
        lock (gate)
        {
            return files.TryGetValue(VPath.Parse(path).Value, out var data) ? Encoding.UTF8.GetString(data) : null;
        }
    }

    public ValueTask<EntryInfo?> StatAsync(VPath path, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (directories.Contains(path.Value))
            {
                return ValueTask.FromResult<EntryInfo?>(new EntryInfo(path, EntryKind.Directory));
            }

            if (files.TryGetValue(path.Value, out var data))
            {
                return ValueTask.FromResult<EntryInfo?>(new EntryInfo(path, EntryKind.File, data.Length, Mode: 0x1A4));
            }
        }

        return ValueTask.FromResult<EntryInfo?>(null);
    }

    public async IAsyncEnumerable<EntryInfo> ListAsync(VPath directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<EntryInfo> entries;
        lock (gate)
        {
            entries = [.. directories.Where(d => d != "/" && VPath.Parse(d).Parent == directory).Select(d => new EntryInfo(VPath.Parse(d), EntryKind.Directory))];
            entries.AddRange(files.Where(f => VPath.Parse(f.Key).Parent == directory).Select(f => new EntryInfo(VPath.Parse(f.Key), EntryKind.File, f.Value.Length)));
        }

        foreach (var entry in entries)
        {
            await Task.Yield();
            yield return entry;
        }
    }

    public ValueTask<Stream> OpenReadAsync(VPath path, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!files.TryGetValue(path.Value, out var data))
            {
                throw ResourceException.NotFound(path);
            }

            return ValueTask.FromResult<Stream>(new CountingStream(data, this));
        }
    }

    public ValueTask<Stream> OpenWriteAsync(VPath path, bool append, int umask, CancellationToken cancellationToken)
    {
        byte[] initial = [];
        lock (gate)
        {
            if (append && files.TryGetValue(path.Value, out var existing))
            {
                initial = existing;
            }

            files.TryAdd(path.Value, []);
        }

        return ValueTask.FromResult<Stream>(new CommittingStream(this, path.Value, initial));
    }

    public bool HasCommand(string name) => name is "cat" or "wc" or "head" or "tail" or "yes" or "seq" or "sort" or "tr" or "grep" or "ls" or "mkdir" or "rm" or "touch";

    public async ValueTask<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var args = invocation.Arguments.Skip(1).ToList();
        var output = invocation.Stdout;
        async ValueTask WriteAsync(string text) => await output.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        async ValueTask<string> ReadAllAsync(IReadOnlyList<string> operands)
        {
            if (operands.Count == 0)
            {
                using var buffer = new MemoryStream();
                await invocation.Stdin.CopyToAsync(buffer, cancellationToken);
                return Encoding.UTF8.GetString(buffer.ToArray());
            }

            var builder = new StringBuilder();
            foreach (var operand in operands)
            {
                builder.Append(ReadFile(VPath.Combine(invocation.WorkingDirectory, operand).Value) ?? "");
            }

            return builder.ToString();
        }

        static List<string> Lines(string text) => text.Length == 0 ? [] : [.. text.TrimEnd('\n').Split('\n')];

        switch (invocation.Arguments[0])
        {
            case "cat":
            {
                if (args.Count == 0 || args is ["-"])
                {
                    await invocation.Stdin.CopyToAsync(output, cancellationToken);
                    return 0;
                }

                var status = 0;
                foreach (var operand in args)
                {
                    var path = VPath.Combine(invocation.WorkingDirectory, operand);
                    if (ReadFile(path.Value) is null)
                    {
                        await invocation.Stderr.WriteAsync(Encoding.UTF8.GetBytes($"cat: {operand}: No such file or directory\n"), cancellationToken);
                        status = 1;
                        continue;
                    }

                    await using var stream = await OpenReadAsync(path, cancellationToken);
                    await stream.CopyToAsync(output, cancellationToken);
                }

                return status;
            }

            case "yes":
            {
                var line = Encoding.UTF8.GetBytes((args.Count > 0 ? string.Join(' ', args) : "y") + "\n");
                var block = Enumerable.Repeat(line, 512).SelectMany(static b => b).ToArray();
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await output.WriteAsync(block, cancellationToken);
                }
            }

            case "head" or "tail":
            {
                var count = 10;
                var operands = new List<string>();
                for (var i = 0; i < args.Count; i++)
                {
                    if (args[i] == "-n")
                    {
                        count = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                    }
                    else if (args[i].StartsWith("-n", StringComparison.Ordinal))
                    {
                        count = int.Parse(args[i][2..], System.Globalization.CultureInfo.InvariantCulture);
                    }
                    else if (args[i].StartsWith('-') && args[i].Length > 1 && char.IsAsciiDigit(args[i][1]))
                    {
                        count = int.Parse(args[i][1..], System.Globalization.CultureInfo.InvariantCulture);
                    }
                    else
                    {
                        operands.Add(args[i]);
                    }
                }

                if (invocation.Arguments[0] == "head" && operands.Count == 0)
                {
                    // Read only as much as needed, like the real head, so writers upstream stop.
                    var input = ShellInputStream.From(invocation.Stdin);
                    for (var i = 0; i < count; i++)
                    {
                        var (data, complete) = await input.ReadRecordAsync('\n', int.MaxValue, cancellationToken);
                        if (data is null)
                        {
                            break;
                        }

                        await output.WriteAsync(data, cancellationToken);
                        if (complete)
                        {
                            await output.WriteAsync("\n"u8.ToArray(), cancellationToken);
                        }
                    }

                    return 0;
                }

                var lines = Lines(await ReadAllAsync(operands));
                var selected = invocation.Arguments[0] == "head" ? lines.Take(count) : lines.Skip(Math.Max(0, lines.Count - count));
                await WriteAsync(string.Concat(selected.Select(static l => l + "\n")));
                return 0;
            }

            case "wc":
            {
                var flags = args.Where(static a => a.StartsWith('-')).SelectMany(static a => a.Skip(1)).ToHashSet();
                var operands = args.Where(static a => !a.StartsWith('-')).ToList();
                var text = await ReadAllAsync(operands);
                var lineCount = text.Count(static c => c == '\n');
                var words = text.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries).Length;
                var bytes = Encoding.UTF8.GetByteCount(text);
                var parts = new List<long>();
                if (flags.Count == 0 || flags.Contains('l'))
                {
                    parts.Add(lineCount);
                }

                if (flags.Count == 0 || flags.Contains('w'))
                {
                    parts.Add(words);
                }

                if (flags.Count == 0 || flags.Contains('c'))
                {
                    parts.Add(bytes);
                }

                var width = parts.Count == 1 ? 0 : 7;
                var line = string.Join(' ', parts.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width)));
                await WriteAsync(line + (operands.Count == 1 ? " " + operands[0] : "") + "\n");
                return 0;
            }

            case "seq":
            {
                var numbers = args.Select(static a => long.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).ToList();
                var (first, step, last) = numbers.Count switch
                {
                    1 => (1L, 1L, numbers[0]),
                    2 => (numbers[0], 1L, numbers[1]),
                    _ => (numbers[0], numbers[1], numbers[2]),
                };
                var builder = new StringBuilder();
                for (var n = first; step > 0 ? n <= last : n >= last; n += step)
                {
                    builder.Append(n).Append('\n');
                    if (builder.Length > 8192)
                    {
                        await WriteAsync(builder.ToString());
                        builder.Clear();
                    }
                }

                await WriteAsync(builder.ToString());
                return 0;
            }

            case "sort":
            {
                var reverse = args.Contains("-r");
                var numeric = args.Contains("-n");
                var unique = args.Contains("-u");
                var lines = Lines(await ReadAllAsync([.. args.Where(static a => !a.StartsWith('-'))]));
                IEnumerable<string> sorted = numeric
                    ? lines.OrderBy(static l => long.TryParse(l.Trim(), out var v) ? v : 0).ThenBy(static l => l, StringComparer.Ordinal)
                    : lines.Order(StringComparer.Ordinal);
                if (reverse)
                {
                    sorted = sorted.Reverse();
                }

                if (unique)
                {
                    sorted = sorted.Distinct();
                }

                await WriteAsync(string.Concat(sorted.Select(static l => l + "\n")));
                return 0;
            }

            case "tr":
            {
                var delete = args.Count > 0 && args[0] == "-d";
                var sets = args.Where(static a => a != "-d").Select(Expand).ToList();
                var text = await ReadAllAsync([]);
                var builder = new StringBuilder();
                foreach (var c in text)
                {
                    var index = sets[0].IndexOf(c, StringComparison.Ordinal);
                    if (index < 0)
                    {
                        builder.Append(c);
                    }
                    else if (!delete)
                    {
                        builder.Append(sets[1][Math.Min(index, sets[1].Length - 1)]);
                    }
                }

                await WriteAsync(builder.ToString());
                return 0;

                static string Expand(string set)
                {
                    var builder = new StringBuilder();
                    for (var i = 0; i < set.Length; i++)
                    {
                        if (i + 2 < set.Length && set[i + 1] == '-')
                        {
                            for (var c = set[i]; c <= set[i + 2]; c++)
                            {
                                builder.Append(c);
                            }

                            i += 2;
                        }
                        else
                        {
                            builder.Append(set[i] == '\\' && i + 1 < set.Length && set[i + 1] == 'n' ? '\n' : set[i]);
                            if (set[i] == '\\' && i + 1 < set.Length && set[i + 1] == 'n')
                            {
                                i++;
                            }
                        }
                    }

                    return builder.ToString();
                }
            }

            case "grep":
            {
                var flags = args.TakeWhile(static a => a.StartsWith('-')).SelectMany(static a => a.Skip(1)).ToHashSet();
                var rest = args.SkipWhile(static a => a.StartsWith('-')).ToList();
                var regex = new Regex(rest[0], flags.Contains('i') ? RegexOptions.IgnoreCase : RegexOptions.None);
                var lines = Lines(await ReadAllAsync([.. rest.Skip(1)]));
                var matched = lines.Select((l, i) => (l, i)).Where(p => regex.IsMatch(p.l) != flags.Contains('v')).ToList();
                if (flags.Contains('c'))
                {
                    await WriteAsync(matched.Count + "\n");
                }
                else if (!flags.Contains('q'))
                {
                    await WriteAsync(string.Concat(matched.Select(p => (flags.Contains('n') ? $"{p.i + 1}:" : "") + p.l + "\n")));
                }

                return matched.Count > 0 ? 0 : 1;
            }

            case "ls":
            {
                var directory = VPath.Combine(invocation.WorkingDirectory, args.FirstOrDefault(static a => !a.StartsWith('-')) ?? ".");
                var names = new List<string>();
                await foreach (var entry in ListAsync(directory, cancellationToken))
                {
                    names.Add(entry.Name);
                }

                names.Sort(StringComparer.Ordinal);
                await WriteAsync(string.Concat(names.Select(static n => n + "\n")));
                return 0;
            }

            case "mkdir":
                foreach (var operand in args.Where(static a => !a.StartsWith('-')))
                {
                    AddDirectory(VPath.Combine(invocation.WorkingDirectory, operand).Value);
                }

                return 0;
            case "touch":
                foreach (var operand in args)
                {
                    var path = VPath.Combine(invocation.WorkingDirectory, operand).Value;
                    if (ReadFile(path) is null)
                    {
                        AddFile(path, "");
                    }
                }

                return 0;
            case "rm":
                lock (gate)
                {
                    foreach (var operand in args.Where(static a => !a.StartsWith('-')))
                    {
                        var path = VPath.Combine(invocation.WorkingDirectory, operand).Value;
                        files.Remove(path);
                        directories.RemoveWhere(d => d == path || d.StartsWith(path + "/", StringComparison.Ordinal));
                        foreach (var key in files.Keys.Where(k => k.StartsWith(path + "/", StringComparison.Ordinal)).ToList())
                        {
                            files.Remove(key);
                        }
                    }
                }

                return 0;
            default:
                return 127;
        }
    }

    private sealed class CountingStream(byte[] data, TestHost owner) : MemoryStream(data, writable: false)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            // Small reads make "stopped early" observable.
            var read = await base.ReadAsync(buffer[..Math.Min(buffer.Length, 4096)], cancellationToken);
            Interlocked.Add(ref owner.bytesRead, read);
            return read;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = base.Read(buffer, offset, Math.Min(count, 4096));
            Interlocked.Add(ref owner.bytesRead, read);
            return read;
        }
    }

    private sealed class CommittingStream : MemoryStream
    {
        private readonly TestHost owner;
        private readonly string path;

        public CommittingStream(TestHost owner, string path, byte[] initial)
        {
            this.owner = owner;
            this.path = path;
            Write(initial);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                lock (owner.gate)
                {
                    owner.files[path] = ToArray();
                }
            }

            base.Dispose(disposing);
        }
    }
}
