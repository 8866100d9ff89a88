using System.Security.Cryptography;
using System.Text;
using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>md5sum, sha1sum, sha256sum, sha512sum: digests computed while streaming, and -c verification.</summary>
public sealed class ChecksumCommand(string name) : GnuCommand(name)
{
    private static readonly ArgParser Options = new("bctwz", "binary=b", "check=c", "tag", "text=t", "warn=w", "zero=z", "quiet", "status", "strict", "ignore-missing", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => Name == "md5sum" ? "Ulrich Drepper, Scott Miller, and David Madore" : "Ulrich Drepper, Scott Miller, and David Madore";

    protected override string Help => $"Usage: {Name} [OPTION]... [FILE]...\nPrint or check {Algorithm} checksums.\n";

    private string Algorithm => Name switch { "md5sum" => "MD5", "sha1sum" => "SHA1", "sha256sum" => "SHA256", _ => "SHA512" };

    private int HexLength => Name switch { "md5sum" => 32, "sha1sum" => 40, "sha256sum" => 64, _ => 128 };

    private IncrementalHash CreateHash() => Name switch
    {
        "md5sum" => IncrementalHash.CreateHash(HashAlgorithmName.MD5),
        "sha1sum" => IncrementalHash.CreateHash(HashAlgorithmName.SHA1),
        "sha256sum" => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
        _ => IncrementalHash.CreateHash(HashAlgorithmName.SHA512),
    };

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var operands = arguments.Operands.Count == 0 ? ["-"] : arguments.Operands;
        if (arguments.Has("c")) return await CheckAsync(io, arguments, operands).ConfigureAwait(false);
        var status = 0;
        var binary = arguments.Has("b");
        var end = arguments.Has("z") ? "\0" : "\n";
        foreach (var operand in operands)
        {
            string digest;
            try
            {
                digest = await DigestAsync(io, operand).ConfigureAwait(false);
            }
            catch (ResourceException e)
            {
                await io.FileErrorAsync(operand, e).ConfigureAwait(false);
                status = 1;
                continue;
            }
            var escaped = operand.Contains('\\', StringComparison.Ordinal) || operand.Contains('\n', StringComparison.Ordinal);
            var shown = escaped ? operand.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) : operand;
            var line = arguments.Has("tag") ? $"{Algorithm} ({shown}) = {digest}" : $"{digest} {(binary ? "*" : " ")}{shown}";
            await io.Out.WriteAsync((escaped ? "\\" : "") + line + end).ConfigureAwait(false);
        }
        return status;
    }

    private async ValueTask<string> DigestAsync(CommandIO io, string operand)
    {
        var input = await io.OpenInputAsync(operand).ConfigureAwait(false);
        await using (input.ConfigureAwait(false))
        {
            using var hash = CreateHash();
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await input.ReadAsync(buffer, io.CancellationToken).ConfigureAwait(false)) > 0) hash.AppendData(buffer, 0, read);
            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
    }

    private async ValueTask<int> CheckAsync(CommandIO io, ParsedArguments arguments, IReadOnlyList<string> lists)
    {
        var quiet = arguments.Has("quiet");
        var silent = arguments.Has("status");
        var warn = arguments.Has("w");
        var ignoreMissing = arguments.Has("ignore-missing");
        var status = 0;
        foreach (var list in lists)
        {
            var shownList = list == "-" ? "standard input" : list;
            Stream input;
            try
            {
                input = await io.OpenInputAsync(list).ConfigureAwait(false);
            }
            catch (ResourceException e)
            {
                await io.FileErrorAsync(list, e).ConfigureAwait(false);
                status = 1;
                continue;
            }
            int good = 0, failed = 0, unreadable = 0, malformed = 0;
            var lineNumber = 0;
            await using (input.ConfigureAwait(false))
            {
                var reader = new LineReader(input, io.CancellationToken);
                while (await reader.ReadLineAsync().ConfigureAwait(false) is { } raw)
                {
                    lineNumber++;
                    var line = Encoding.UTF8.GetString(raw.Span).TrimEnd('\n').TrimEnd('\r');
                    if (!TryParseLine(line, out var expected, out var file))
                    {
                        malformed++;
                        if (warn) await io.ErrorAsync($"{Quoting.ShellIfNeeded(shownList)}: {lineNumber}: improperly formatted {Algorithm} checksum line").ConfigureAwait(false);
                        continue;
                    }
                    string actual;
                    try
                    {
                        actual = await DigestAsync(io, file).ConfigureAwait(false);
                    }
                    catch (ResourceException e)
                    {
                        if (ignoreMissing && e.Error == ResourceError.NotFound) continue;
                        unreadable++;
                        await io.FileErrorAsync(file, e).ConfigureAwait(false);
                        if (!silent) await io.Out.WriteAsync($"{file}: FAILED open or read\n").ConfigureAwait(false);
                        continue;
                    }
                    if (string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
                    {
                        good++;
                        if (!quiet && !silent) await io.Out.WriteAsync($"{file}: OK\n").ConfigureAwait(false);
                    }
                    else
                    {
                        failed++;
                        if (!silent) await io.Out.WriteAsync($"{file}: FAILED\n").ConfigureAwait(false);
                    }
                }
            }
            if (good + failed + unreadable == 0)
            {
                await io.ErrorAsync($"{Quoting.ShellAlways(shownList)}: no properly formatted checksum lines found").ConfigureAwait(false);
                status = 1;
                continue;
            }
            if (!silent)
            {
                if (malformed > 0) await io.ErrorAsync($"WARNING: {malformed} line{(malformed == 1 ? " is" : "s are")} improperly formatted").ConfigureAwait(false);
                if (unreadable > 0) await io.ErrorAsync($"WARNING: {unreadable} listed file{(unreadable == 1 ? "" : "s")} could not be read").ConfigureAwait(false);
                if (failed > 0) await io.ErrorAsync($"WARNING: {failed} computed checksum{(failed == 1 ? "" : "s")} did NOT match").ConfigureAwait(false);
            }
            if (failed > 0 || unreadable > 0 || (arguments.Has("strict") && malformed > 0)) status = 1;
        }
        return status;
    }

    private bool TryParseLine(string line, out string digest, out string file)
    {
        digest = file = "";
        var prefix = Algorithm + " (";
        if (line.StartsWith(prefix, StringComparison.Ordinal))
        {
            var close = line.LastIndexOf(") = ", StringComparison.Ordinal);
            if (close < 0) return false;
            file = line[prefix.Length..close];
            digest = line[(close + 4)..];
        }
        else
        {
            if (line.StartsWith('\\')) line = line[1..];
            if (line.Length < HexLength + 2 || line[HexLength] != ' ' || line[HexLength + 1] is not (' ' or '*')) return false;
            digest = line[..HexLength];
            file = line[(HexLength + 2)..];
        }
        return digest.Length == HexLength && digest.All(char.IsAsciiHexDigit);
    }
}
