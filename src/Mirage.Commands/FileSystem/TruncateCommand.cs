using System.Globalization;
using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>truncate: sets file sizes (-s [+-&lt;&gt;/%]SIZE, -r FILE), cutting the end or adding zero bytes; -c creates nothing.</summary>
public sealed class TruncateCommand() : GnuCommand("truncate")
{
    /// <summary>st_blksize of an ordinary Linux file system, for -o.</summary>
    private const long IoBlock = 4096;

    private static readonly ArgParser Options = new("cor:s:", "no-create=c", "io-blocks=o", "reference=r", "size=s", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "Padraig Brady";

    protected override string Help => "Usage: truncate OPTION... FILE...\nShrink or extend the size of each FILE to the specified size\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var sizeText = arguments.Last("s");
        var reference = arguments.Last("r");
        char op = '=';
        long size = 0;
        if (sizeText is not null)
        {
            var text = sizeText.TrimStart(' ', '\t', '\n', '\v', '\f', '\r');
            if (text.Length > 0 && text[0] is '<' or '>' or '/' or '%')
            {
                op = text[0];
                text = text[1..].TrimStart(' ', '\t', '\n', '\v', '\f', '\r');
            }
            if (op != '=' && text.Length > 0 && text[0] is '+' or '-')
                return await io.UsageErrorAsync("multiple relative modifiers specified").ConfigureAwait(false);
            if (ParseSize(text) is not { } parsed)
            {
                await io.ErrorAsync($"Invalid number: {Quoting.Locale(sizeText)}").ConfigureAwait(false);
                return 1;
            }
            size = parsed;
            if (op == '=' && text.Length > 0 && text[0] is '+' or '-') op = '+';
            if (arguments.Has("o")) size *= IoBlock;
            if (op is '/' or '%' && size == 0)
            {
                await io.ErrorAsync("division by zero").ConfigureAwait(false);
                return 1;
            }
        }
        if (sizeText is null && reference is null)
            return await io.UsageErrorAsync("you must specify either '--size' or '--reference'").ConfigureAwait(false);
        if (sizeText is not null && reference is not null && op == '=')
            return await io.UsageErrorAsync("you must specify a relative '--size' with '--reference'").ConfigureAwait(false);
        if (arguments.Operands.Count == 0) return await io.UsageErrorAsync("missing file operand").ConfigureAwait(false);
        long? referenceSize = null;
        if (reference is not null)
        {
            var info = await io.StatAsync(reference).ConfigureAwait(false);
            if (info is null)
            {
                await io.ErrorAsync($"cannot stat {Quoting.ShellAlways(reference)}: No such file or directory").ConfigureAwait(false);
                return 1;
            }
            referenceSize = info.Size ?? 0;
            if (sizeText is null) size = referenceSize.Value;
        }
        var status = 0;
        foreach (var operand in arguments.Operands)
        {
            var path = io.Resolve(operand);
            try
            {
                var existing = await io.FollowAsync(path).ConfigureAwait(false);
                if (existing is { IsDirectory: true }) throw ResourceException.IsADirectory(path);
                if (existing is null)
                {
                    if (arguments.Has("c")) continue;
                    var parent = await io.FollowAsync(path.Parent).ConfigureAwait(false);
                    if (parent is not { IsDirectory: true }) throw parent is null ? ResourceException.NotFound(path) : ResourceException.NotADirectory(path);
                }
                var current = existing?.Size ?? 0;
                var basis = referenceSize ?? current;
                var wanted = op switch
                {
                    '+' => Math.Max(0, basis + size),
                    '<' => Math.Min(basis, size),
                    '>' => Math.Max(basis, size),
                    '/' => basis / size * size,
                    '%' => (basis + size - 1) / size * size,
                    _ => size,
                };
                if (existing is not null && wanted == current) continue;
                await ResizeAsync(io, path, existing is null ? 0 : current, wanted).ConfigureAwait(false);
                if (existing is null) await FileModes.ApplyUmaskAsync(io, path, isDirectory: false).ConfigureAwait(false);
            }
            catch (ResourceException e)
            {
                await io.ErrorAsync($"cannot open {Quoting.ShellAlways(operand)} for writing: {e.Reason}").ConfigureAwait(false);
                status = 1;
            }
        }
        return status;
    }

    /// <summary>Rewrites the file as its first bytes plus zeros up to <paramref name="wanted"/>: the tree writes whole files.</summary>
    private static async ValueTask ResizeAsync(CommandIO io, VPath path, long current, long wanted)
    {
        var output = ResourceOperations.OpenWrite(io.Files, path, new WriteOptions(Length: wanted), io.CancellationToken);
        await using (output.ConfigureAwait(false))
        {
            var kept = Math.Min(current, wanted);
            if (kept > 0)
            {
                var source = await io.Files.OpenReadAsync(path, new ByteRange(0, kept), io.CancellationToken).ConfigureAwait(false);
                await using (source.ConfigureAwait(false)) await source.CopyToAsync(output, io.CancellationToken).ConfigureAwait(false);
            }
            var zeros = new byte[(int)Math.Min(Math.Max(wanted - kept, 1), 64 * 1024)];
            for (var left = wanted - kept; left > 0; left -= zeros.Length)
                await output.WriteAsync(zeros.AsMemory(0, (int)Math.Min(left, zeros.Length)), io.CancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A signed count with an optional multiplier (K, KB, KiB, M, ... as xstrtoimax takes them).</summary>
    private static long? ParseSize(string text)
    {
        var end = 0;
        if (end < text.Length && text[end] is '+' or '-') end++;
        while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
        if (!long.TryParse(text.AsSpan(0, end), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return null;
        var suffix = text[end..];
        if (suffix.Length == 0) return value;
        var power = "KMGTPE".IndexOf(char.ToUpperInvariant(suffix[0]));
        if (power < 0 || suffix[0] is 'p' or 'e') return null;
        long unitBase = suffix[1..] switch { "" or "iB" => 1024, "B" => 1000, _ => 0 };
        if (unitBase == 0) return null;
        try
        {
            for (var i = 0; i <= power; i++) value = checked(value * unitBase);
        }
        catch (OverflowException)
        {
            return null;
        }
        return value;
    }
}
