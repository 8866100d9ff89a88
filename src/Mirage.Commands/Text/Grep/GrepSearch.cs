using System.Globalization;
using Mirage.Commands.Common;
using Mirage.Commands.Text.Shared;
using Mirage.Vfs;

namespace Mirage.Commands.Text.Grep;

/// <summary>Runs one grep invocation over its operands: recursion, filters, per-line selection, context and output.</summary>
internal sealed class GrepSearch(CommandIO io, GrepSettings settings, LineMatcher matcher)
{
    /// <summary>grep reads a first block before deciding a file is binary; a NUL in it makes the whole file binary.</summary>
    private const int SniffSize = 96 * 1024;

    private readonly record struct HeldLine(byte[] Bytes, long Number, long Offset);

    private bool _stop;
    private bool _anyLineOutput;

    /// <summary>Whether lines carry the file name; null means "not yet known" (decided when -r descends into a directory).</summary>
    public bool? ShowNames { get; set; }

    public bool Matched { get; private set; }

    public bool HadError { get; private set; }

    private OutputWriter Out => io.Out;

    private byte EndOfLine => settings.NullData ? (byte)0 : (byte)'\n';

    public async ValueTask RunAsync(IReadOnlyList<string> operands, bool implicitOperand)
    {
        foreach (var operand in operands)
        {
            if (_stop) break;
            if (operand == "-")
            {
                await SearchStreamAsync(new NonClosingStream(io.Context.Stdin), settings.Label).ConfigureAwait(false);
                continue;
            }
            EntryInfo? info;
            try
            {
                info = await io.StatAsync(operand).ConfigureAwait(false);
            }
            catch (ResourceException e)
            {
                await FailAsync(operand, e.Reason).ConfigureAwait(false);
                continue;
            }
            if (info is null)
            {
                await FailAsync(operand, "No such file or directory").ConfigureAwait(false);
                continue;
            }
            if (info.IsDirectory)
            {
                if (settings.Recursive)
                {
                    if (operand != "." && settings.ExcludeDirectories.Any(glob => SuffixMatches(glob, operand.TrimEnd('/')))) continue;
                    ShowNames ??= true;
                    var prefix = implicitOperand ? "" : operand.TrimEnd('/');
                    if (prefix.Length == 0 && !implicitOperand) prefix = "/";
                    await WalkAsync(io.Resolve(operand), prefix).ConfigureAwait(false);
                }
                else if (!settings.SkipDirectories)
                {
                    await FailAsync(operand, "Is a directory").ConfigureAwait(false);
                }
                continue;
            }
            if (!IsIncluded(operand, commandLine: true)) continue;
            await SearchFileAsync(io.Resolve(operand), operand).ConfigureAwait(false);
        }
    }

    private async ValueTask WalkAsync(VPath directory, string prefix)
    {
        List<EntryInfo> entries;
        try
        {
            // Names and kinds decide everything here; links are looked at only under -R.
            entries = await ResourceOperations.ListNamesSortedAsync(io.Files, directory, io.CancellationToken).ConfigureAwait(false);
        }
        catch (ResourceException e)
        {
            await FailAsync(prefix, e.Reason).ConfigureAwait(false);
            return;
        }
        foreach (var entry in entries)
        {
            if (_stop) return;
            var name = prefix.Length == 0 ? entry.Name : prefix.EndsWith('/') ? prefix + entry.Name : prefix + "/" + entry.Name;
            var kind = entry.Kind;
            if (kind == EntryKind.Symlink)
            {
                if (!settings.FollowLinks) continue;
                var target = await io.Files.StatAsync(entry.Path, io.CancellationToken).ConfigureAwait(false);
                if (target is null) continue;
                kind = target.Kind;
            }
            if (kind == EntryKind.Directory)
            {
                if (settings.ExcludeDirectories.Any(glob => FnMatch.IsMatch(glob, entry.Name))) continue;
                await WalkAsync(entry.Path, name).ConfigureAwait(false);
                continue;
            }
            if (!IsIncluded(entry.Name, commandLine: false)) continue;
            await SearchFileAsync(entry.Path, name).ConfigureAwait(false);
        }
    }

    /// <summary>--include / --exclude: the last matching option wins; with none matching, the first option's opposite.</summary>
    private bool IsIncluded(string name, bool commandLine)
    {
        var order = settings.IncludeExcludeOrder;
        if (order.Count == 0) return true;
        for (var i = order.Count - 1; i >= 0; i--)
        {
            var (include, glob) = order[i];
            var hit = commandLine ? SuffixMatches(glob, name) : FnMatch.IsMatch(glob, name);
            if (hit) return include;
        }
        return !order[0].Include;
    }

    /// <summary>A command-line name matches when the whole name or any part after a '/' does.</summary>
    private static bool SuffixMatches(string glob, string name)
    {
        if (FnMatch.IsMatch(glob, name)) return true;
        for (var i = 0; i < name.Length - 1; i++)
            if (name[i] == '/' && name[i + 1] != '/' && FnMatch.IsMatch(glob, name[(i + 1)..])) return true;
        return false;
    }

    private async ValueTask FailAsync(string name, string reason)
    {
        HadError = true;
        if (!settings.NoMessages) await io.ErrorAsync(name + ": " + reason).ConfigureAwait(false);
    }

    private async ValueTask SearchFileAsync(VPath path, string name)
    {
        Stream stream;
        try
        {
            stream = await io.Files.OpenReadAsync(path, ByteRange.All, io.CancellationToken).ConfigureAwait(false);
        }
        catch (ResourceException e)
        {
            await FailAsync(name, e.Reason).ConfigureAwait(false);
            return;
        }
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                await SearchStreamAsync(stream, name).ConfigureAwait(false);
            }
            catch (ResourceException e)
            {
                await FailAsync(name, e.Reason).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask SearchStreamAsync(Stream input, string name)
    {
        var lineBuffer = ReadBuffer.SizeFor(input, 64 * 1024);
        var sniffer = await SniffingStream.OpenAsync(input, SniffSize, io.CancellationToken).ConfigureAwait(false);
        var binary = !settings.Text && !settings.NullData && sniffer.Head.Span.IndexOf((byte)0) >= 0;
        if (binary && settings.SkipBinary) return;
        var reader = new LineReader(sniffer, io.CancellationToken, EndOfLine, lineBuffer);
        var eol = EndOfLine;
        var beforeLimit = settings.Before;
        var held = beforeLimit > 0 ? new Queue<HeldLine>() : null;
        long lineNumber = 0;
        long offset = 0;
        long selected = 0;
        long lastPrinted = 0;
        var afterRemaining = 0;
        var binaryMatched = false;
        var outputsLines = !settings.Quiet && !settings.Count && !settings.ListMatching && !settings.ListNonMatching;
        var maxReached = settings.MaxCount == 0;
        while (true)
        {
            if (maxReached && afterRemaining == 0) break;
            var next = await reader.ReadLineAsync().ConfigureAwait(false);
            if (next is not { } memory) break;
            lineNumber++;
            var lineOffset = offset;
            offset += memory.Length;
            var length = memory.Length;
            if (length > 0 && memory.Span[length - 1] == eol) length--;
            var content = memory[..length];
            if (!binary && !settings.Text && !settings.NullData && content.Span.IndexOf((byte)0) >= 0) binary = true;
            if (maxReached)
            {
                // Trailing context after the last allowed match is printed as context, whatever it holds.
                await WriteLineAsync(name, content, lineNumber, lineOffset, '-').ConfigureAwait(false);
                lastPrinted = lineNumber;
                afterRemaining--;
                continue;
            }
            string? text = null;
            var isSelected = matcher.IsMatch(content.Span, ref text) != settings.Invert;
            if (isSelected)
            {
                selected++;
                Matched = true;
                if (settings.Quiet)
                {
                    _stop = true;
                    return;
                }
                if (settings.ListMatching || settings.ListNonMatching) break;
                if (selected >= settings.MaxCount) maxReached = true;
                if (!outputsLines) continue;
                if (binary)
                {
                    binaryMatched = true;
                    break;
                }
                if (held is not null)
                {
                    while (held.Count > 0)
                    {
                        var line = held.Dequeue();
                        await SeparateAsync(line.Number, lastPrinted).ConfigureAwait(false);
                        await WriteLineAsync(name, line.Bytes, line.Number, line.Offset, '-').ConfigureAwait(false);
                        lastPrinted = line.Number;
                    }
                }
                if (settings.OnlyMatching)
                {
                    if (!settings.Invert)
                    {
                        text ??= Latin1.GetString(content.Span);
                        foreach (var (index, matchLength) in matcher.Matches(text))
                        {
                            await WritePrefixAsync(name, lineNumber, lineOffset + index, ':').ConfigureAwait(false);
                            await Out.WriteAsync(content.Slice(index, matchLength)).ConfigureAwait(false);
                            await Out.WriteAsync(eol).ConfigureAwait(false);
                        }
                    }
                }
                else
                {
                    await SeparateAsync(lineNumber, lastPrinted).ConfigureAwait(false);
                    await WriteLineAsync(name, content, lineNumber, lineOffset, ':').ConfigureAwait(false);
                }
                lastPrinted = lineNumber;
                afterRemaining = settings.After;
                continue;
            }
            if (!outputsLines) continue;
            if (afterRemaining > 0)
            {
                afterRemaining--;
                await WriteLineAsync(name, content, lineNumber, lineOffset, '-').ConfigureAwait(false);
                lastPrinted = lineNumber;
            }
            else if (held is not null)
            {
                if (held.Count == beforeLimit) held.Dequeue();
                held.Enqueue(new HeldLine(content.ToArray(), lineNumber, lineOffset));
            }
        }
        if (settings.Count)
        {
            if (ShowNames == true) await WriteNameAsync(name, ':').ConfigureAwait(false);
            await Out.WriteAsync(selected.ToString(CultureInfo.InvariantCulture) + "\n").ConfigureAwait(false);
        }
        if ((settings.ListMatching && selected > 0) || (settings.ListNonMatching && selected == 0))
        {
            await Out.WriteAsync(Latin1.GetBytes(Latin1.FromArgument(name))).ConfigureAwait(false);
            await Out.WriteAsync(settings.NullAfterName ? (byte)0 : (byte)'\n').ConfigureAwait(false);
        }
        if (binaryMatched) await io.ErrorAsync(name + ": binary file matches").ConfigureAwait(false);
    }

    /// <summary>"--" between groups of context that are not adjacent (also across files).</summary>
    private async ValueTask SeparateAsync(long lineNumber, long lastPrinted)
    {
        if (!settings.ContextRequested) return;
        if (_anyLineOutput && (lastPrinted == 0 || lineNumber != lastPrinted + 1) && settings.GroupSeparator is { } separator)
            await Out.WriteAsync(separator + "\n").ConfigureAwait(false);
        _anyLineOutput = true;
    }

    private async ValueTask WriteLineAsync(string name, ReadOnlyMemory<byte> content, long lineNumber, long offset, char separator)
    {
        if (separator == '-') await SeparateAsync(lineNumber, lineNumber - 1).ConfigureAwait(false);
        await WritePrefixAsync(name, lineNumber, offset, separator).ConfigureAwait(false);
        await Out.WriteAsync(content).ConfigureAwait(false);
        await Out.WriteAsync(EndOfLine).ConfigureAwait(false);
    }

    private async ValueTask WritePrefixAsync(string name, long lineNumber, long offset, char separator)
    {
        if (ShowNames == true) await WriteNameAsync(name, separator).ConfigureAwait(false);
        if (settings.LineNumbers) await Out.WriteAsync(lineNumber.ToString(CultureInfo.InvariantCulture) + separator).ConfigureAwait(false);
        if (settings.ByteOffset) await Out.WriteAsync(offset.ToString(CultureInfo.InvariantCulture) + separator).ConfigureAwait(false);
    }

    private async ValueTask WriteNameAsync(string name, char separator)
    {
        await Out.WriteAsync(name).ConfigureAwait(false);
        if (settings.NullAfterName) await Out.WriteAsync((byte)0).ConfigureAwait(false);
        else await Out.WriteAsync((byte)separator).ConfigureAwait(false);
    }
}
