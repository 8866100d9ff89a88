using System.Globalization;
using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>cmp: the first differing byte of two inputs (or every one with -l), streaming both.</summary>
public sealed class CmpCommand() : GnuCommand("cmp")
{
    private static readonly ArgParser Options = new("bi:ln:sv", "print-bytes=b", "ignore-initial=i", "verbose=l", "bytes=n", "quiet=s", "silent=s", "help", "version");

    protected override ArgParser Parser => Options;

    protected override int UsageErrorStatus => 2;

    protected override string Package => "GNU diffutils";

    protected override string PackageVersion => "3.8";

    protected override string Authors => "Torbjorn Granlund and David MacKenzie";

    protected override string Help => "Usage: cmp [OPTION]... FILE1 [FILE2 [SKIP1 [SKIP2]]]\nCompare two files byte by byte.\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var operands = arguments.Operands;
        if (operands.Count == 0) return await io.UsageErrorAsync("missing operand after 'cmp'", 2).ConfigureAwait(false);
        if (operands.Count > 4) return await io.UsageErrorAsync($"extra operand {Quoting.ShellAlways(operands[4])}", 2).ConfigureAwait(false);
        var first = operands[0];
        var second = operands.Count > 1 ? operands[1] : "-";
        long skip1 = 0, skip2 = 0;
        if (arguments.Last("i") is { } skip)
        {
            var parts = skip.Split(':');
            skip1 = long.Parse(parts[0], CultureInfo.InvariantCulture);
            skip2 = parts.Length > 1 ? long.Parse(parts[1], CultureInfo.InvariantCulture) : skip1;
        }
        if (operands.Count > 2) skip1 = long.Parse(operands[2], CultureInfo.InvariantCulture);
        if (operands.Count > 3) skip2 = long.Parse(operands[3], CultureInfo.InvariantCulture);
        long? limit = arguments.Last("n") is { } n ? long.Parse(n, CultureInfo.InvariantCulture) : null;
        var silent = arguments.Has("s");
        var verbose = arguments.Has("l");
        var printBytes = arguments.Has("b");

        Stream a, b;
        try
        {
            a = await io.OpenInputAsync(first, ByteRange.FromOffset(first == "-" ? 0 : skip1)).ConfigureAwait(false);
        }
        catch (ResourceException e)
        {
            await io.FileErrorAsync(first, e).ConfigureAwait(false);
            return 2;
        }
        try
        {
            b = await io.OpenInputAsync(second, ByteRange.FromOffset(second == "-" ? 0 : skip2)).ConfigureAwait(false);
        }
        catch (ResourceException e)
        {
            await a.DisposeAsync().ConfigureAwait(false);
            await io.FileErrorAsync(second, e).ConfigureAwait(false);
            return 2;
        }
        await using (a.ConfigureAwait(false))
        await using (b.ConfigureAwait(false))
        {
            var sizes = new List<long>();
            foreach (var operand in new[] { first, second })
            {
                if (operand != "-" && await io.StatAsync(operand).ConfigureAwait(false) is { Size: { } size }) sizes.Add(size);
            }
            // -l pads offsets to the width of the largest offset that can differ.
            var width = sizes.Count == 0 ? 1 : Math.Max(1, sizes.Min().ToString(CultureInfo.InvariantCulture).Length);
            var readerA = new ByteReader(a, io.CancellationToken);
            var readerB = new ByteReader(b, io.CancellationToken);
            if (first == "-") await readerA.SkipAsync(skip1).ConfigureAwait(false);
            if (second == "-") await readerB.SkipAsync(skip2).ConfigureAwait(false);
            long position = 0, line = 1;
            var differ = false;
            while (limit is null || position < limit)
            {
                var x = await readerA.NextAsync().ConfigureAwait(false);
                var y = await readerB.NextAsync().ConfigureAwait(false);
                if (x < 0 || y < 0)
                {
                    if (x < 0 && y < 0) break;
                    if (!silent)
                    {
                        var shorter = x < 0 ? first : second;
                        var where = verbose ? $"after byte {position}" : position == 0 ? "which is empty" : $"after byte {position}, line {line - (EndsLine(x < 0 ? readerA : readerB) ? 1 : 0)}";
                        await io.ErrorAsync($"EOF on {shorter} {where}").ConfigureAwait(false);
                    }
                    return 1;
                }
                position++;
                if (x != y)
                {
                    differ = true;
                    if (silent) return 1;
                    if (!verbose)
                    {
                        var text = $"{first} {second} differ: {(printBytes ? "byte" : "char")} {position}, line {line}";
                        if (printBytes) text += $" is {Octal(x),3} {Visible(x)} {Octal(y),3} {Visible(y)}";
                        await io.Out.WriteAsync(text + "\n").ConfigureAwait(false);
                        return 1;
                    }
                    var row = printBytes
                        ? $"{position.ToString(CultureInfo.InvariantCulture).PadLeft(width)} {Octal(x),3} {Visible(x),-4} {Octal(y),3} {Visible(y)}"
                        : $"{position.ToString(CultureInfo.InvariantCulture).PadLeft(width)} {Octal(x),3} {Octal(y),3}";
                    await io.Out.WriteAsync(row + "\n").ConfigureAwait(false);
                }
                if (x == '\n') line++;
            }
            return differ ? 1 : 0;
        }
    }

    private static bool EndsLine(ByteReader reader) => reader.Last == '\n';

    private static string Octal(int value) => Convert.ToString(value, 8);

    private static string Visible(int value)
    {
        var prefix = value >= 128 ? "M-" : "";
        value &= 0x7f;
        return prefix + (value < 32 ? "^" + (char)(value + 64) : value == 127 ? "^?" : ((char)value).ToString());
    }

    /// <summary>One byte at a time over a buffered stream.</summary>
    private sealed class ByteReader(Stream stream, CancellationToken cancellationToken)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _position;
        private int _count;

        public int Last { get; private set; } = -1;

        public async ValueTask<int> NextAsync()
        {
            if (_position == _count)
            {
                _count = await stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
                _position = 0;
                if (_count == 0) return -1;
            }
            Last = _buffer[_position++];
            return Last;
        }

        public async ValueTask SkipAsync(long count)
        {
            for (long i = 0; i < count; i++)
            {
                if (await NextAsync().ConfigureAwait(false) < 0) return;
            }
        }
    }
}
