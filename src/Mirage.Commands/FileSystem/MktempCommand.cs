using System.Security.Cryptography;
using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>mktemp: creates a uniquely named file or directory (-d) from a template's trailing X's.</summary>
public sealed class MktempCommand() : GnuCommand("mktemp")
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private static readonly ArgParser Options = new("dp:qtu", "directory=d", "tmpdir::", "quiet=q", "dry-run=u", "suffix:", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "Jim Meyering and Eric Blake";

    protected override string Help => "Usage: mktemp [OPTION]... [TEMPLATE]\nCreate a temporary file or directory, safely, and print its name.\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        if (arguments.Operands.Count > 1) return await io.UsageErrorAsync("too many templates").ConfigureAwait(false);
        var template = arguments.Operands.Count == 1 ? arguments.Operands[0] : null;
        var suffix = arguments.Last("suffix") ?? "";
        var directory = arguments.Last("p") ?? arguments.Last("tmpdir");
        if (template is null)
        {
            template = "tmp.XXXXXXXXXX";
            directory ??= io.GetEnvironment("TMPDIR") is { Length: > 0 } tmp ? tmp : "/tmp";
        }
        else if (arguments.Has("t") || arguments.Has("p") || arguments.Has("tmpdir"))
        {
            if (template.Contains('/', StringComparison.Ordinal) && arguments.Has("t"))
            {
                await io.ErrorAsync($"invalid template, {Quoting.ShellAlways(template)}, contains directory separator").ConfigureAwait(false);
                return 1;
            }
            directory ??= io.GetEnvironment("TMPDIR") is { Length: > 0 } tmp ? tmp : "/tmp";
        }
        var xs = template.Length - template.TrimEnd('X').Length;
        if (xs < 3)
        {
            await io.ErrorAsync($"too few X's in template {Quoting.ShellAlways(template + suffix)}").ConfigureAwait(false);
            return 1;
        }
        var stem = template[..^xs];
        var makeDirectory = arguments.Has("d");
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var name = stem + new string(Enumerable.Range(0, xs).Select(_ => Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]).ToArray()) + suffix;
            var shown = directory is null ? name : directory.TrimEnd('/') + "/" + name;
            var path = io.Resolve(shown);
            if (await io.Files.StatAsync(path, io.CancellationToken).ConfigureAwait(false) is not null) continue;
            if (!arguments.Has("u"))
            {
                try
                {
                    if (makeDirectory) await io.Files.CreateDirectoryAsync(path, io.CancellationToken).ConfigureAwait(false);
                    else await io.Files.WriteAsync(path, Stream.Null, new WriteOptions(CreateNew: true, Length: 0), io.CancellationToken).ConfigureAwait(false);
                }
                catch (ResourceException e) when (e.Error != ResourceError.AlreadyExists)
                {
                    if (!arguments.Has("q"))
                        await io.ErrorAsync($"failed to create {(makeDirectory ? "directory" : "file")} via template {Quoting.ShellAlways(directory is null ? template + suffix : directory.TrimEnd('/') + "/" + template + suffix)}: {e.Reason}").ConfigureAwait(false);
                    return 1;
                }
                catch (ResourceException)
                {
                    continue;
                }
            }
            await io.Out.WriteAsync(shown + "\n").ConfigureAwait(false);
            return 0;
        }
        return 1;
    }
}
