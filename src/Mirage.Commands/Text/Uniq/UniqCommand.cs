using System.Globalization;
using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.Text.Uniq;

/// <summary>GNU uniq: adjacent equal lines (after skipping fields and chars, within a width, maybe ignoring case) form a group.</summary>
public sealed class UniqCommand : GnuCommand
{
    private static readonly ArgParser OptionParser = new(
        "cdDf:is:uw:z",
        "count=c", "repeated=d", "all-repeated::", "skip-fields=f", "ignore-case=i", "skip-chars=s", "unique=u",
        "check-chars=w", "zero-terminated=z", "group::", "help", "version");

    public UniqCommand()
        : base("uniq")
    {
    }

    protected override ArgParser Parser => OptionParser;

    protected override string Authors => "Richard M. Stallman and David MacKenzie";

    private enum Delimit
    {
        None,
        Prepend,
        Separate,
        Append,
        Both,
    }

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        bool count = false, repeated = false, allRepeated = false, unique = false, ignoreCase = false, grouping = false;
        long skipFields = 0, skipChars = 0, checkChars = long.MaxValue;
        var delimit = Delimit.None;
        var delimiter = (byte)'\n';
        foreach (var option in arguments.Options)
        {
            switch (option.Key)
            {
                case "c": count = true; break;
                case "d": repeated = true; break;
                case "D" or "all-repeated":
                    allRepeated = true;
                    if (option.Value is { } method)
                    {
                        delimit = method switch { "none" => Delimit.None, "prepend" => Delimit.Prepend, "separate" => Delimit.Separate, _ => (Delimit)(-1) };
                        if ((int)delimit < 0)
                        {
                            await io.ErrorAsync($"invalid argument {Quoting.Locale(method)} for '--all-repeated'").ConfigureAwait(false);
                            await io.WriteStderrAsync("Valid arguments are:\n  - 'none'\n  - 'prepend'\n  - 'separate'\n").ConfigureAwait(false);
                            return await io.UsageErrorAsync(null).ConfigureAwait(false);
                        }
                    }
                    break;
                case "group":
                    grouping = true;
                    delimit = option.Value switch { null or "separate" => Delimit.Separate, "prepend" => Delimit.Prepend, "append" => Delimit.Append, "both" => Delimit.Both, _ => (Delimit)(-1) };
                    if ((int)delimit < 0)
                    {
                        await io.ErrorAsync($"invalid argument {Quoting.Locale(option.Value!)} for '--group'").ConfigureAwait(false);
                        await io.WriteStderrAsync("Valid arguments are:\n  - 'prepend'\n  - 'append'\n  - 'separate'\n  - 'both'\n").ConfigureAwait(false);
                        return await io.UsageErrorAsync(null).ConfigureAwait(false);
                    }
                    break;
                case "u": unique = true; break;
                case "i": ignoreCase = true; break;
                case "z": delimiter = 0; break;
                case "f" or "s" or "w":
                    {
                        if (!long.TryParse(option.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                        {
                            if (option.Value!.Length > 0 && option.Value.All(char.IsAsciiDigit)) value = long.MaxValue;
                            else
                            {
                                var what = option.Key switch { "f" => "number of fields to skip", "s" => "number of bytes to skip", _ => "number of bytes to compare" };
                                await io.ErrorAsync($"{Quoting.ShellIfNeeded(option.Value)}: invalid {what}").ConfigureAwait(false);
                                return 1;
                            }
                        }
                        if (option.Key == "f") skipFields = value;
                        else if (option.Key == "s") skipChars = value;
                        else checkChars = value;
                        break;
                    }
            }
        }
        if (grouping && (count || repeated || allRepeated || unique))
        {
            await io.ErrorAsync("--group is mutually exclusive with -c/-d/-D/-u").ConfigureAwait(false);
            return await io.UsageErrorAsync(null).ConfigureAwait(false);
        }
        if (allRepeated && count)
        {
            await io.ErrorAsync("printing all duplicated lines and repeat counts is meaningless").ConfigureAwait(false);
            return await io.UsageErrorAsync(null).ConfigureAwait(false);
        }
        var operands = arguments.Operands;
        if (operands.Count > 2)
        {
            await io.ErrorAsync("extra operand " + Quoting.Locale(operands[2])).ConfigureAwait(false);
            return await io.UsageErrorAsync(null).ConfigureAwait(false);
        }
        var inputName = operands.Count > 0 ? operands[0] : "-";
        Stream input;
        try
        {
            input = await io.OpenInputAsync(inputName).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ResourceException or IOException)
        {
            await io.FileErrorAsync(inputName, e).ConfigureAwait(false);
            return 1;
        }
        Stream? outputStream = null;
        var output = io.Out;
        if (operands.Count > 1 && operands[1] != "-")
        {
            outputStream = ResourceOperations.OpenWrite(io.Files, io.Resolve(operands[1]), default, io.CancellationToken);
            output = new OutputWriter(outputStream, io.CancellationToken);
        }
        await using (input.ConfigureAwait(false))
        {
            try
            {
                var reader = new LineReader(input, io.CancellationToken, delimiter);
                byte[]? groupFirst = null;
                long groupSize = 0;
                var anyGroupPrinted = false;
                async ValueTask FlushGroupAsync()
                {
                    if (groupFirst is null || allRepeated || grouping) return;
                    var show = (!repeated && !unique) || (repeated && groupSize > 1) || (unique && groupSize == 1);
                    if (repeated && unique) show = false;
                    if (!show) return;
                    if (count) await output.WriteAsync(groupSize.ToString(CultureInfo.InvariantCulture).PadLeft(7) + " ").ConfigureAwait(false);
                    await output.WriteAsync(groupFirst).ConfigureAwait(false);
                    await output.WriteAsync(delimiter).ConfigureAwait(false);
                }
                while (await reader.ReadLineAsync().ConfigureAwait(false) is { } memory)
                {
                    var length = memory.Length;
                    if (length > 0 && memory.Span[length - 1] == delimiter) length--;
                    var line = memory[..length].ToArray();
                    var same = groupFirst is not null && Equal(groupFirst, line, skipFields, skipChars, checkChars, ignoreCase);
                    if (same)
                    {
                        groupSize++;
                        if (allRepeated)
                        {
                            if (groupSize == 2)
                            {
                                if (anyGroupPrinted ? delimit is Delimit.Separate or Delimit.Prepend : delimit == Delimit.Prepend) await output.WriteAsync(delimiter).ConfigureAwait(false);
                                anyGroupPrinted = true;
                                await output.WriteAsync(groupFirst!).ConfigureAwait(false);
                                await output.WriteAsync(delimiter).ConfigureAwait(false);
                            }
                            await output.WriteAsync(line).ConfigureAwait(false);
                            await output.WriteAsync(delimiter).ConfigureAwait(false);
                        }
                        else if (grouping)
                        {
                            await output.WriteAsync(line).ConfigureAwait(false);
                            await output.WriteAsync(delimiter).ConfigureAwait(false);
                        }
                        continue;
                    }
                    await FlushGroupAsync().ConfigureAwait(false);
                    if (grouping)
                    {
                        // Every group boundary gets an empty line; prepend/both also put one before the first group.
                        var before = groupFirst is null ? delimit is Delimit.Prepend or Delimit.Both : delimit is not Delimit.None;
                        if (before) await output.WriteAsync(delimiter).ConfigureAwait(false);
                        await output.WriteAsync(line).ConfigureAwait(false);
                        await output.WriteAsync(delimiter).ConfigureAwait(false);
                    }
                    groupFirst = line;
                    groupSize = 1;
                }
                await FlushGroupAsync().ConfigureAwait(false);
                if (grouping && groupFirst is not null && delimit is Delimit.Append or Delimit.Both) await output.WriteAsync(delimiter).ConfigureAwait(false);
                await output.FlushAsync().ConfigureAwait(false);
            }
            finally
            {
                if (outputStream is not null) await outputStream.DisposeAsync().ConfigureAwait(false);
            }
        }
        return 0;
    }

    private static ReadOnlySpan<byte> Comparable(byte[] line, long skipFields, long skipChars, long checkChars)
    {
        var span = line.AsSpan();
        var position = 0;
        for (long field = 0; field < skipFields && position < span.Length; field++)
        {
            while (position < span.Length && span[position] is (byte)' ' or (byte)'\t') position++;
            while (position < span.Length && span[position] is not ((byte)' ' or (byte)'\t')) position++;
        }
        position = (int)Math.Min(span.Length, position + skipChars);
        var rest = span[position..];
        return checkChars < rest.Length ? rest[..(int)checkChars] : rest;
    }

    private static bool Equal(byte[] a, byte[] b, long skipFields, long skipChars, long checkChars, bool ignoreCase)
    {
        var x = Comparable(a, skipFields, skipChars, checkChars);
        var y = Comparable(b, skipFields, skipChars, checkChars);
        if (!ignoreCase) return x.SequenceEqual(y);
        if (x.Length != y.Length) return false;
        for (var i = 0; i < x.Length; i++)
        {
            var cx = x[i] is >= (byte)'a' and <= (byte)'z' ? x[i] - 32 : x[i];
            var cy = y[i] is >= (byte)'a' and <= (byte)'z' ? y[i] - 32 : y[i];
            if (cx != cy) return false;
        }
        return true;
    }
}
