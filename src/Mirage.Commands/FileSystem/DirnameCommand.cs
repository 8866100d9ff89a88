using Mirage.Commands.Common;

namespace Mirage.Commands.FileSystem;

/// <summary>dirname: each name without its last component ("." when there is no slash).</summary>
public sealed class DirnameCommand() : GnuCommand("dirname")
{
    private static readonly ArgParser Options = new("z", "zero=z", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "David MacKenzie and Jim Meyering";

    protected override string Help => "Usage: dirname [OPTION] NAME...\nOutput each NAME with its last non-slash component and trailing slashes\nremoved; if NAME contains no /'s, output '.' (meaning the current directory).\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        if (arguments.Operands.Count == 0) return await io.UsageErrorAsync("missing operand").ConfigureAwait(false);
        var end = arguments.Has("z") ? "\0" : "\n";
        foreach (var operand in arguments.Operands) await io.Out.WriteAsync(Of(operand) + end).ConfigureAwait(false);
        return 0;
    }

    internal static string Of(string name)
    {
        var trimmed = name.TrimEnd('/');
        if (trimmed.Length == 0) return name.Length == 0 ? "." : "/";
        var slash = trimmed.LastIndexOf('/');
        if (slash < 0) return ".";
        var parent = trimmed[..slash].TrimEnd('/');
        return parent.Length == 0 ? "/" : parent;
    }
}
