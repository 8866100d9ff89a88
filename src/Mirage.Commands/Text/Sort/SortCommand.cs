using System.Globalization;
using System.Security.Cryptography;
using Mirage.Commands.Common;
using Mirage.Commands.Text.Shared;
using Mirage.Vfs;

namespace Mirage.Commands.Text.Sort;

/// <summary>
/// GNU sort under LC_ALL=C. Lines are held as bytes; past the memory budget (-S, default 256 MiB) sorted runs
/// spill to files in the host's temp directory and are merged at the end.
/// </summary>
public sealed class SortCommand : GnuCommand
{
    private const long DefaultBudget = 256L * 1024 * 1024;

    private static readonly ArgParser OptionParser = new(
        "bcCdfghik:MmnRro:sS:t:T:uVz",
        "ignore-leading-blanks=b", "check::", "dictionary-order=d", "ignore-case=f", "general-numeric-sort=g",
        "human-numeric-sort=h", "ignore-nonprinting=i", "key=k", "month-sort=M", "merge=m", "numeric-sort=n",
        "random-sort=R", "random-source:", "reverse=r", "output=o", "stable=s", "buffer-size=S", "field-separator=t",
        "temporary-directory=T", "unique=u", "version-sort=V", "zero-terminated=z", "parallel:", "sort:", "debug",
        "files0-from:", "batch-size:", "compress-program:", "help", "version");

    public SortCommand()
        : base("sort")
    {
    }

    protected override ArgParser Parser => OptionParser;

    protected override int UsageErrorStatus => 2;

    protected override string Authors => "Mike Haertel and Paul Eggert";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var global = new KeyOptions();
        var keys = new List<SortKey>();
        byte? separator = null;
        var unique = false;
        var stable = false;
        var check = 0; // 1: -c, 2: -C
        string? output = null;
        string? randomSource = null;
        var budget = DefaultBudget;
        var delimiter = (byte)'\n';
        foreach (var option in arguments.Options)
        {
            switch (option.Key)
            {
                case "c": check = 1; break;
                case "C": check = 2; break;
                case "check":
                    check = option.Value is null or "diagnose-first" ? 1 : option.Value is "quiet" or "silent" ? 2 : -1;
                    if (check < 0)
                    {
                        await io.ErrorAsync($"invalid argument {Quoting.Locale(option.Value!)} for '--check'").ConfigureAwait(false);
                        await io.WriteStderrAsync("Valid arguments are:\n  - 'quiet', 'silent'\n  - 'diagnose-first'\n").ConfigureAwait(false);
                        return await io.UsageErrorAsync(null, 2).ConfigureAwait(false);
                    }
                    break;
                case "k":
                    {
                        var (key, error) = ParseKey(option.Value!);
                        if (key is null)
                        {
                            await io.ErrorAsync(error!).ConfigureAwait(false);
                            return await io.UsageErrorAsync(null, 2).ConfigureAwait(false);
                        }
                        keys.Add(key);
                        break;
                    }
                case "t":
                    {
                        var value = Latin1.FromArgument(option.Value!);
                        if (value.Length == 0)
                        {
                            await io.ErrorAsync("empty tab").ConfigureAwait(false);
                            return 2;
                        }
                        if (value.Length > 1 && value != "\\0")
                        {
                            await io.ErrorAsync("multi-character tab " + Quoting.Locale(option.Value!)).ConfigureAwait(false);
                            return 2;
                        }
                        separator = value == "\\0" ? (byte)0 : (byte)value[0];
                        break;
                    }
                case "u": unique = true; break;
                case "s": stable = true; break;
                case "o": output = option.Value; break;
                case "z": delimiter = 0; break;
                case "random-source": randomSource = option.Value; break;
                case "S":
                    if (ParseSize(option.Value!) is { } size) budget = Math.Max(size, 1);
                    else
                    {
                        await io.ErrorAsync("invalid -S argument " + Quoting.Locale(option.Value!)).ConfigureAwait(false);
                        return 2;
                    }
                    break;
                case "sort":
                    switch (option.Value)
                    {
                        case "general-numeric": global.GeneralNumeric = true; break;
                        case "human-numeric": global.Human = true; break;
                        case "month": global.Month = true; break;
                        case "numeric": global.Numeric = true; break;
                        case "random": global.Random = true; break;
                        case "version": global.Version = true; break;
                    }
                    break;
                default:
                    if (option.Key.Length == 1) global.Apply(option.Key[0]);
                    break;
            }
        }
        // A key with no ordering options of its own takes all the global ones.
        for (var i = 0; i < keys.Count; i++)
        {
            if (!keys[i].Options.HasAny) keys[i] = keys[i] with { Options = global with { } };
        }
        foreach (var options in keys.Select(k => k.Options).Append(global))
        {
            if (Incompatible(options) is { } letters)
            {
                await io.ErrorAsync($"options '-{letters}' are incompatible").ConfigureAwait(false);
                return 2;
            }
        }
        var effectiveKeys = keys.Count > 0 ? keys : [new SortKey(1, 1, null, 0, global)];
        // Only -R needs a salt; drawing one loads the system's crypto library, a few megabytes for nothing otherwise.
        var salt = effectiveKeys.Any(k => k.Options.Random) ? RandomNumberGenerator.GetBytes(16) : [];
        if (randomSource is not null)
        {
            try
            {
                var stream = await io.OpenInputAsync(randomSource).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    var buffer = new byte[16];
                    var read = await stream.ReadAtLeastAsync(buffer, 16, throwOnEndOfStream: false, io.CancellationToken).ConfigureAwait(false);
                    if (read < 16)
                    {
                        await io.ErrorAsync(Quoting.Locale(randomSource) + ": end of file").ConfigureAwait(false);
                        return 2;
                    }
                    salt = buffer;
                }
            }
            catch (Exception e) when (e is ResourceException or IOException)
            {
                await io.ErrorAsync("open failed: " + Quoting.ShellIfNeeded(randomSource) + ": " + CommandIO.Reason(e)).ConfigureAwait(false);
                return 2;
            }
        }
        var comparer = new LineComparer(effectiveKeys, separator, lastResort: !stable && !unique, global.Reverse, salt);
        var keyComparer = new LineComparer(effectiveKeys, separator, lastResort: false, reverseLastResort: false, salt);

        var files = arguments.Operands.Count == 0 ? ["-"] : arguments.Operands.ToList();
        if (check != 0)
        {
            if (files.Count > 1)
            {
                await io.ErrorAsync("extra operand " + Quoting.Locale(files[1]) + " not allowed with -" + (check == 1 ? "c" : "C")).ConfigureAwait(false);
                return await io.UsageErrorAsync(null, 2).ConfigureAwait(false);
            }
            return await CheckAsync(io, files[0], delimiter, unique ? keyComparer : comparer, unique, check == 2).ConfigureAwait(false);
        }

        var sorter = new ExternalSorter(comparer, budget, stable: stable || unique);
        try
        {
            foreach (var file in files)
            {
                Stream stream;
                try
                {
                    stream = await io.OpenInputAsync(file).ConfigureAwait(false);
                }
                catch (Exception e) when (e is ResourceException or IOException)
                {
                    await io.ErrorAsync("cannot read: " + Quoting.ShellIfNeeded(file) + ": " + CommandIO.Reason(e)).ConfigureAwait(false);
                    return 2;
                }
                await using (stream.ConfigureAwait(false))
                {
                    var reader = new LineReader(stream, io.CancellationToken, delimiter);
                    while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
                    {
                        var length = line.Length;
                        if (length > 0 && line.Span[length - 1] == delimiter) length--;
                        if (sorter.Add(line.Span[..length])) await sorter.SpillAsync(io.CancellationToken).ConfigureAwait(false);
                    }
                }
            }

            Stream? target = null;
            OutputWriter writer = io.Out;
            if (output is not null)
            {
                try
                {
                    target = ResourceOperations.OpenWrite(io.Files, io.Resolve(output), default, io.CancellationToken);
                }
                catch (ResourceException e)
                {
                    await io.ErrorAsync("open failed: " + Quoting.ShellIfNeeded(output) + ": " + e.Reason).ConfigureAwait(false);
                    return 2;
                }
                writer = new OutputWriter(target, io.CancellationToken);
            }
            try
            {
                ReadOnlyMemory<byte>? previous = null;
                await foreach (var line in sorter.SortedAsync(io.CancellationToken).ConfigureAwait(false))
                {
                    if (unique && previous is { } before && keyComparer.Compare(before.Span, line.Span) == 0) continue;
                    previous = line;
                    await writer.WriteAsync(line).ConfigureAwait(false);
                    await writer.WriteAsync(delimiter).ConfigureAwait(false);
                }
                await writer.FlushAsync().ConfigureAwait(false);
            }
            finally
            {
                if (target is not null) await target.DisposeAsync().ConfigureAwait(false);
            }
            return 0;
        }
        finally
        {
            sorter.Dispose();
        }
    }

    private static async ValueTask<int> CheckAsync(CommandIO io, string file, byte delimiter, LineComparer comparer, bool strict, bool quiet)
    {
        Stream stream;
        try
        {
            stream = await io.OpenInputAsync(file).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ResourceException or IOException)
        {
            await io.ErrorAsync("cannot read: " + Quoting.ShellIfNeeded(file) + ": " + CommandIO.Reason(e)).ConfigureAwait(false);
            return 2;
        }
        await using (stream.ConfigureAwait(false))
        {
            var reader = new LineReader(stream, io.CancellationToken, delimiter);
            byte[]? previous = null;
            long number = 0;
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                number++;
                var length = line.Length;
                if (length > 0 && line.Span[length - 1] == delimiter) length--;
                var current = line[..length].ToArray();
                if (previous is not null)
                {
                    var order = comparer.Compare(previous, current);
                    if (order > 0 || (strict && order == 0))
                    {
                        if (!quiet)
                        {
                            var name = file == "-" ? "-" : file;
                            await io.Out.FlushAsync().ConfigureAwait(false);
                            var message = System.Text.Encoding.Latin1.GetBytes($"sort: {Latin1.FromArgument(name)}:{number}: disorder: ");
                            await io.Context.Stderr.WriteAsync(message, io.CancellationToken).ConfigureAwait(false);
                            await io.Context.Stderr.WriteAsync(current, io.CancellationToken).ConfigureAwait(false);
                            await io.Context.Stderr.WriteAsync("\n"u8.ToArray(), io.CancellationToken).ConfigureAwait(false);
                        }
                        return 1;
                    }
                }
                previous = current;
            }
        }
        return 0;
    }

    private static string? Incompatible(KeyOptions options)
    {
        var numeric = (options.Numeric ? 1 : 0) + (options.GeneralNumeric ? 1 : 0) + (options.Human ? 1 : 0) + (options.Month ? 1 : 0)
            + (options.Version || options.Random || options.Dictionary || options.IgnoreNonPrinting ? 1 : 0);
        if (numeric <= 1) return null;
        var letters = "";
        if (options.SkipBlanksStart) letters += "b";
        if (options.Dictionary) letters += "d";
        if (options.FoldCase) letters += "f";
        if (options.GeneralNumeric) letters += "g";
        if (options.Human) letters += "h";
        if (options.IgnoreNonPrinting) letters += "i";
        if (options.Month) letters += "M";
        if (options.Numeric) letters += "n";
        if (options.Random) letters += "R";
        if (options.Reverse) letters += "r";
        if (options.Version) letters += "V";
        return letters;
    }

    private static long? ParseSize(string text)
    {
        var digits = text.TakeWhile(char.IsAsciiDigit).Count();
        if (digits == 0 || !long.TryParse(text[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return null;
        var suffix = text[digits..];
        var multiplier = suffix switch
        {
            "" or "K" or "k" => 1024L,
            "b" => 1L,
            "B" => 1L,
            "M" or "m" => 1024L * 1024,
            "G" or "g" => 1024L * 1024 * 1024,
            "%" => 1024L * 1024,
            _ => -1L,
        };
        if (multiplier < 0) return null;
        return value * multiplier;
    }

    /// <summary>Parses one -k spec; on failure returns GNU's message.</summary>
    private static (SortKey? Key, string? Error) ParseKey(string spec)
    {
        var invalid = "invalid field specification " + Quoting.Locale(spec);
        var position = 0;
        if (!ReadNumber(spec, ref position, out var startField)) return (null, "invalid number at field start: " + invalid);
        if (startField == 0) return (null, "field number is zero: " + invalid);
        var startChar = 1;
        if (position < spec.Length && spec[position] == '.')
        {
            position++;
            if (!ReadNumber(spec, ref position, out startChar)) return (null, "invalid number after '.': " + invalid);
            if (startChar == 0) return (null, "character offset is zero: " + invalid);
        }
        var options = new KeyOptions();
        var startOptions = new KeyOptions();
        while (position < spec.Length && spec[position] != ',')
        {
            if (!startOptions.Apply(spec[position])) return (null, "stray character in field spec: " + invalid);
            position++;
        }
        options.SkipBlanksStart = startOptions.SkipBlanksStart;
        CopyOrdering(startOptions, options);
        int? endField = null;
        var endChar = 0;
        if (position < spec.Length && spec[position] == ',')
        {
            position++;
            if (!ReadNumber(spec, ref position, out var field)) return (null, "invalid number after ',': " + invalid);
            if (field == 0) return (null, "field number is zero: " + invalid);
            endField = field;
            if (position < spec.Length && spec[position] == '.')
            {
                position++;
                if (!ReadNumber(spec, ref position, out endChar)) return (null, "invalid number after '.': " + invalid);
            }
            var endOptions = new KeyOptions();
            while (position < spec.Length)
            {
                if (!endOptions.Apply(spec[position])) return (null, "stray character in field spec: " + invalid);
                position++;
            }
            options.SkipBlanksEnd = endOptions.SkipBlanksStart;
            CopyOrdering(endOptions, options);
        }
        return (new SortKey(startField, startChar, endField, endChar, options), null);
    }

    private static void CopyOrdering(KeyOptions from, KeyOptions to)
    {
        to.Dictionary |= from.Dictionary;
        to.FoldCase |= from.FoldCase;
        to.GeneralNumeric |= from.GeneralNumeric;
        to.Human |= from.Human;
        to.IgnoreNonPrinting |= from.IgnoreNonPrinting;
        to.Month |= from.Month;
        to.Numeric |= from.Numeric;
        to.Random |= from.Random;
        to.Reverse |= from.Reverse;
        to.Version |= from.Version;
    }

    private static bool ReadNumber(string text, ref int position, out int value)
    {
        var start = position;
        while (position < text.Length && char.IsAsciiDigit(text[position])) position++;
        value = 0;
        if (position == start) return false;
        value = int.TryParse(text.AsSpan(start, position - start), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : int.MaxValue;
        return true;
    }
}
