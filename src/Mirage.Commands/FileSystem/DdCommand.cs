using System.Diagnostics;
using System.Globalization;
using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>
/// dd: copies blocks from if= (stdin) to of= (stdout) with skip=/seek=/count=, reblocking between ibs and obs,
/// case and byte-order conversions, and the "records in/out" summary on stderr. A file input skips with a ranged
/// read; a file output with seek= or conv=notrunc is rewritten around the copied bytes, since the tree writes whole files.
/// </summary>
public sealed class DdCommand() : GnuCommand("dd")
{
    private static readonly ArgParser Options = new("", "help", "version");

    private static readonly string[] Conversions = ["ascii", "ebcdic", "ibm", "block", "unblock", "lcase", "ucase", "sparse", "swab", "sync", "excl", "nocreat", "notrunc", "noerror", "fdatasync", "fsync"];

    private static readonly string[] Flags = ["append", "binary", "cio", "count_bytes", "direct", "directory", "dsync", "fullblock", "noatime", "nocache", "noctty", "nofollow", "nolinks", "nonblock", "seek_bytes", "skip_bytes", "sync", "text"];

    protected override ArgParser Parser => Options;

    protected override string Authors => "Paul Rubin, David MacKenzie, and Stuart Kemp";

    protected override string Help => "Usage: dd [OPERAND]...\n  or:  dd OPTION\nCopy a file, converting and formatting according to the operands.\n";

    private sealed class Settings
    {
        public string? Input;
        public string? Output;
        public long InputBlock = 512;
        public long OutputBlock = 512;
        public bool SameBlocks;
        public long Skip;
        public long Seek;
        public long? Count;
        public string Status = "";
        public HashSet<string> Convert = new(StringComparer.Ordinal);
        public HashSet<string> InputFlags = new(StringComparer.Ordinal);
        public HashSet<string> OutputFlags = new(StringComparer.Ordinal);
    }

    private sealed class Tally
    {
        public long FullIn;
        public long PartialIn;
        public long FullOut;
        public long PartialOut;
        public long Bytes;
    }

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var settings = new Settings();
        foreach (var operand in arguments.Operands)
        {
            var equals = operand.IndexOf('=');
            var key = equals < 0 ? "" : operand[..equals];
            var value = equals < 0 ? "" : operand[(equals + 1)..];
            string? error = null;
            var usage = false;
            switch (key)
            {
                case "if": settings.Input = value; break;
                case "of": settings.Output = value; break;
                case "bs" or "ibs" or "obs" or "cbs":
                    if (ParseNumber(value) is not { } size || size <= 0) error = $"invalid number: {Quoting.Locale(value)}";
                    else if (key == "bs") { settings.InputBlock = settings.OutputBlock = size; settings.SameBlocks = true; }
                    else if (key == "ibs") settings.InputBlock = size;
                    else if (key == "obs") settings.OutputBlock = size;
                    break;
                case "skip" or "iseek" or "seek" or "oseek" or "count":
                    if (ParseNumber(value) is not { } number) error = $"invalid number: {Quoting.Locale(value)}";
                    else if (key is "skip" or "iseek") settings.Skip = number;
                    else if (key is "seek" or "oseek") settings.Seek = number;
                    else settings.Count = number;
                    break;
                case "status":
                    if (value is "none" or "noxfer" or "progress") settings.Status = value;
                    else (error, usage) = ($"invalid status level: {Quoting.Locale(value)}", true);
                    break;
                case "conv" or "iflag" or "oflag":
                    var known = key == "conv" ? Conversions : Flags;
                    var into = key switch { "conv" => settings.Convert, "iflag" => settings.InputFlags, _ => settings.OutputFlags };
                    foreach (var word in value.Split(','))
                    {
                        if (!known.Contains(word))
                        {
                            var what = key switch { "conv" => "conversion", "iflag" => "input flag", _ => "output flag" };
                            (error, usage) = ($"invalid {what}: {Quoting.Locale(word)}", true);
                            break;
                        }
                        into.Add(word);
                    }
                    break;
                default:
                    (error, usage) = ($"unrecognized operand {Quoting.Locale(operand)}", true);
                    break;
            }
            if (error is null) continue;
            if (usage) return await io.UsageErrorAsync(error).ConfigureAwait(false);
            await io.ErrorAsync(error).ConfigureAwait(false);
            return 1;
        }
        foreach (var (a, b) in new[] { ("ascii", "ebcdic"), ("ascii", "ibm"), ("ebcdic", "ibm"), ("block", "unblock"), ("lcase", "ucase"), ("excl", "nocreat") })
        {
            if (settings.Convert.Contains(a) && settings.Convert.Contains(b))
            {
                await io.ErrorAsync($"cannot combine {a} and {b}").ConfigureAwait(false);
                return 1;
            }
        }
        foreach (var unsupported in new[] { "ascii", "ebcdic", "ibm", "block", "unblock" })
        {
            if (settings.Convert.Contains(unsupported))
            {
                await io.ErrorAsync($"conv={unsupported} is not supported").ConfigureAwait(false);
                return 1;
            }
        }
        return await CopyAsync(io, settings).ConfigureAwait(false);
    }

    private static async ValueTask<int> CopyAsync(CommandIO io, Settings settings)
    {
        var clock = Stopwatch.StartNew();
        var tally = new Tally();
        var quiet = settings.Status == "none";
        Stream input;
        var skipBytes = settings.InputFlags.Contains("skip_bytes") ? settings.Skip : settings.Skip * settings.InputBlock;
        var skippedShort = false;
        if (settings.Input is { } inputName)
        {
            var path = io.Resolve(inputName);
            EntryInfo? info;
            try
            {
                info = await io.FollowAsync(path).ConfigureAwait(false) ?? throw ResourceException.NotFound(path);
                if (info.IsDirectory) throw ResourceException.IsADirectory(path);
                input = await io.Files.OpenReadAsync(path, ByteRange.FromOffset(skipBytes), io.CancellationToken).ConfigureAwait(false);
            }
            catch (ResourceException e)
            {
                await io.ErrorAsync($"failed to open {Quoting.ShellAlways(inputName)}: {e.Reason}").ConfigureAwait(false);
                return 1;
            }
            skippedShort = info.Size < skipBytes;
        }
        else
        {
            input = new NonClosingStream(io.Context.Stdin);
            skippedShort = skipBytes > 0 && await DiscardAsync(input, skipBytes, io.CancellationToken).ConfigureAwait(false) < skipBytes;
        }
        await using (input.ConfigureAwait(false))
        {
            if (skippedShort && !quiet)
                await io.ErrorAsync($"{(settings.Input is null ? "'standard input'" : Quoting.ShellIfNeeded(settings.Input))}: cannot skip to specified offset").ConfigureAwait(false);
            if (settings.Output is { } outputName && await CheckOutputAsync(io, settings, io.Resolve(outputName)).ConfigureAwait(false) is { } failure)
            {
                await io.ErrorAsync($"failed to open {Quoting.ShellAlways(outputName)}: {failure}").ConfigureAwait(false);
                return 1;
            }
            var seekBytes = settings.OutputFlags.Contains("seek_bytes") ? settings.Seek : settings.Seek * settings.OutputBlock;
            var status = settings.Output is null
                ? await CopyToStdoutAsync(io, settings, input, seekBytes, tally).ConfigureAwait(false)
                : await CopyToFileAsync(io, settings, input, settings.Output, seekBytes, tally).ConfigureAwait(false);
            if (!quiet) await ReportAsync(io, settings, tally, clock.Elapsed).ConfigureAwait(false);
            return status;
        }
    }

    private static async ValueTask<int> CopyToStdoutAsync(CommandIO io, Settings settings, Stream input, long seekBytes, Tally tally)
    {
        if (seekBytes > 0)
        {
            await io.ErrorAsync("'standard output': cannot seek: Illegal seek").ConfigureAwait(false);
            return 1;
        }
        await io.Out.FlushAsync().ConfigureAwait(false);
        await PumpAsync(settings, input, io.Context.Stdout, tally, io.CancellationToken).ConfigureAwait(false);
        await io.Context.Stdout.FlushAsync(io.CancellationToken).ConfigureAwait(false);
        return 0;
    }

    /// <summary>open(2)'s answer for the output: null when it can be written, else the reason.</summary>
    private static async ValueTask<string?> CheckOutputAsync(CommandIO io, Settings settings, VPath path)
    {
        var existing = await io.FollowAsync(path).ConfigureAwait(false);
        if (existing is not null && settings.Convert.Contains("excl")) return "File exists";
        if (existing is null && settings.Convert.Contains("nocreat")) return "No such file or directory";
        if (existing is { IsDirectory: true }) return "Is a directory";
        if (existing is null && await io.FollowAsync(path.Parent).ConfigureAwait(false) is not { IsDirectory: true }) return "No such file or directory";
        return null;
    }

    private static async ValueTask<int> CopyToFileAsync(CommandIO io, Settings settings, Stream input, string name, long seekBytes, Tally tally)
    {
        var path = io.Resolve(name);
        var existing = await io.FollowAsync(path).ConfigureAwait(false);
        var append = settings.OutputFlags.Contains("append");
        var keepTail = settings.Convert.Contains("notrunc") && existing is not null;
        var oldSize = existing?.Size ?? 0;
        var written = 0L;
        // Append writes after the old content; otherwise the file is rebuilt: kept head, zero gap, copied bytes, kept tail.
        var output = ResourceOperations.OpenWrite(io.Files, path, new WriteOptions(Append: append && existing is not null), io.CancellationToken);
        await using (output.ConfigureAwait(false))
        {
            if (!append && seekBytes > 0)
            {
                var kept = Math.Min(seekBytes, oldSize);
                if (kept > 0) await CopyRangeAsync(io, path, new ByteRange(0, kept), output).ConfigureAwait(false);
                await WriteZerosAsync(output, seekBytes - kept, io.CancellationToken).ConfigureAwait(false);
            }
            written = await PumpAsync(settings, input, output, tally, io.CancellationToken).ConfigureAwait(false);
            var tailStart = seekBytes + written;
            if (!append && keepTail && oldSize > tailStart) await CopyRangeAsync(io, path, ByteRange.FromOffset(tailStart), output).ConfigureAwait(false);
        }
        if (existing is null) await FileModes.ApplyUmaskAsync(io, path, isDirectory: false).ConfigureAwait(false);
        return 0;
    }

    private static async ValueTask CopyRangeAsync(CommandIO io, VPath path, ByteRange range, Stream output)
    {
        var source = await io.Files.OpenReadAsync(path, range, io.CancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false)) await source.CopyToAsync(output, io.CancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask WriteZerosAsync(Stream output, long count, CancellationToken cancellationToken)
    {
        var zeros = new byte[(int)Math.Min(count, 64 * 1024)];
        for (var left = count; left > 0; left -= zeros.Length)
            await output.WriteAsync(zeros.AsMemory(0, (int)Math.Min(left, zeros.Length)), cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask<long> DiscardAsync(Stream input, long count, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var done = 0L;
        while (done < count)
        {
            var read = await input.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count - done)), cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            done += read;
        }
        return done;
    }

    /// <summary>The copy loop: full input blocks (short only at the end), converted, then written as they came (bs=) or in obs pieces.</summary>
    private static async ValueTask<long> PumpAsync(Settings settings, Stream input, Stream output, Tally tally, CancellationToken cancellationToken)
    {
        var inputBlock = checked((int)Math.Min(settings.InputBlock, int.MaxValue));
        var outputBlock = checked((int)Math.Min(settings.OutputBlock, int.MaxValue));
        var countBytes = settings.InputFlags.Contains("count_bytes");
        var block = new byte[inputBlock];
        var pending = new MemoryStream();
        var written = 0L;
        var readBytes = 0L;
        var sync = settings.Convert.Contains("sync");
        while (true)
        {
            var want = inputBlock;
            if (settings.Count is { } count)
            {
                if (countBytes)
                {
                    if (readBytes >= count) break;
                    want = (int)Math.Min(want, count - readBytes);
                }
                else if (tally.FullIn + tally.PartialIn >= count) break;
            }
            var length = await input.ReadAtLeastAsync(block.AsMemory(0, want), want, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (length == 0) break;
            readBytes += length;
            if (length == inputBlock) tally.FullIn++;
            else tally.PartialIn++;
            if (sync && length < inputBlock)
            {
                Array.Clear(block, length, inputBlock - length);
                length = inputBlock;
            }
            Convert(settings, block.AsSpan(0, length));
            if (settings.SameBlocks)
            {
                await output.WriteAsync(block.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                if (length == outputBlock) tally.FullOut++;
                else tally.PartialOut++;
                written += length;
                continue;
            }
            pending.Write(block, 0, length);
            written += await DrainAsync(pending, output, outputBlock, tally, final: false, cancellationToken).ConfigureAwait(false);
            if (length < want) break;
        }
        if (!settings.SameBlocks) written += await DrainAsync(pending, output, outputBlock, tally, final: true, cancellationToken).ConfigureAwait(false);
        tally.Bytes = written;
        return written;
    }

    private static async ValueTask<long> DrainAsync(MemoryStream pending, Stream output, int outputBlock, Tally tally, bool final, CancellationToken cancellationToken)
    {
        var data = pending.GetBuffer();
        var available = (int)pending.Length;
        var offset = 0;
        while (available - offset >= outputBlock)
        {
            await output.WriteAsync(data.AsMemory(offset, outputBlock), cancellationToken).ConfigureAwait(false);
            tally.FullOut++;
            offset += outputBlock;
        }
        if (final && available > offset)
        {
            await output.WriteAsync(data.AsMemory(offset, available - offset), cancellationToken).ConfigureAwait(false);
            tally.PartialOut++;
            offset = available;
        }
        var rest = available - offset;
        Buffer.BlockCopy(data, offset, data, 0, rest);
        pending.SetLength(rest);
        return offset;
    }

    private static void Convert(Settings settings, Span<byte> block)
    {
        if (settings.Convert.Contains("swab"))
        {
            for (var i = 0; i + 1 < block.Length; i += 2) (block[i], block[i + 1]) = (block[i + 1], block[i]);
        }
        if (settings.Convert.Contains("ucase"))
        {
            for (var i = 0; i < block.Length; i++) if (block[i] is >= (byte)'a' and <= (byte)'z') block[i] -= 32;
        }
        else if (settings.Convert.Contains("lcase"))
        {
            for (var i = 0; i < block.Length; i++) if (block[i] is >= (byte)'A' and <= (byte)'Z') block[i] += 32;
        }
    }

    private static async ValueTask ReportAsync(CommandIO io, Settings settings, Tally tally, TimeSpan elapsed)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{tally.FullIn}+{tally.PartialIn} records in\n{tally.FullOut}+{tally.PartialOut} records out\n");
        if (settings.Status != "noxfer")
        {
            var seconds = elapsed.TotalSeconds;
            var bytes = tally.Bytes;
            var si = HumanUnits(bytes, 1000, "B");
            var iec = HumanUnits(bytes, 1024, "iB");
            var amount = bytes == 1 ? "1 byte" : bytes < 1000 ? $"{bytes} bytes" : bytes < 1024 ? $"{bytes} bytes ({si})" : $"{bytes} bytes ({si}, {iec})";
            var rate = seconds > 0 ? HumanRate(bytes / seconds) : "Infinity B";
            text += string.Create(CultureInfo.InvariantCulture, $"{amount} copied, {CFormat.FormatDouble("%g", seconds)} s, {rate}/s\n");
        }
        await io.WriteStderrAsync(text).ConfigureAwait(false);
    }

    private const string Prefixes = "kMGTPEZY";

    /// <summary>human_readable on an exact count: one decimal below 10, rounded to nearest ("2.0 kB", "2.1 MB", "20 kB").</summary>
    private static string HumanUnits(long bytes, int unitBase, string suffix)
    {
        double value = bytes;
        var unit = -1;
        while (value >= unitBase && unit < Prefixes.Length - 1)
        {
            value /= unitBase;
            unit++;
        }
        var prefix = unit < 0 ? "" : unitBase == 1024 && unit == 0 ? "K" : Prefixes[unit].ToString();
        var number = value < 10 ? value.ToString("0.0", CultureInfo.InvariantCulture) : Math.Round(value).ToString("0", CultureInfo.InvariantCulture);
        return $"{number} {prefix}{(unit < 0 ? "B" : suffix)}";
    }

    /// <summary>A rate: at least one unit of kB, one decimal while that keeps it to four characters.</summary>
    private static string HumanRate(double perSecond)
    {
        var value = perSecond / 1000;
        var unit = 0;
        while (value >= 1000 && unit < Prefixes.Length - 1)
        {
            value /= 1000;
            unit++;
        }
        var number = value.ToString("0.0", CultureInfo.InvariantCulture);
        if (number.Length > 4) number = value.ToString("0", CultureInfo.InvariantCulture);
        return $"{number} {Prefixes[unit]}B";
    }

    /// <summary>dd's numbers: digits with an optional multiplier suffix (c w b K kB KiB M MB ...), joined by 'x' for products.</summary>
    internal static long? ParseNumber(string text)
    {
        long product = 1;
        foreach (var factor in text.Split('x'))
        {
            var digits = 0;
            while (digits < factor.Length && char.IsAsciiDigit(factor[digits])) digits++;
            if (digits == 0 || !long.TryParse(factor.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return null;
            if (Multiplier(factor[digits..]) is not { } multiplier) return null;
            try
            {
                product = checked(product * value * multiplier);
            }
            catch (OverflowException)
            {
                return null;
            }
        }
        return product;
    }

    private static long? Multiplier(string suffix)
    {
        if (suffix.Length == 0) return 1;
        if (suffix is "c") return 1;
        if (suffix is "w") return 2;
        if (suffix is "b") return 512;
        var power = suffix[0] == 'k' ? 0 : "KMGTPE".IndexOf(suffix[0]);
        if (power < 0) return null;
        var rest = suffix[1..];
        long unitBase = rest switch { "" or "iB" => 1024, "B" => 1000, _ => 0 };
        if (unitBase == 0) return null;
        long result = 1;
        for (var i = 0; i <= power; i++) result = checked(result * unitBase);
        return result;
    }
}
