using Mirage.Commands.Common;

namespace Mirage.Commands.FileSystem;

/// <summary>basename: the last component of each name, optionally without a suffix.</summary>
public sealed class BasenameCommand() : GnuCommand("basename")
{
    private static readonly ArgParser Options = new("as:z", "multiple=a", "suffix=s", "zero=z", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "David MacKenzie";

    protected override string Help => "Usage: basename NAME [SUFFIX]\n  or:  basename OPTION... NAME...\nPrint NAME with any leading directory components removed.\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var operands = arguments.Operands;
        if (operands.Count == 0) return await io.UsageErrorAsync("missing operand").ConfigureAwait(false);
        var suffix = arguments.Last("s");
        var multiple = arguments.Has("a") || suffix is not null;
        var end = arguments.Has("z") ? "\0" : "\n";
        if (!multiple)
        {
            if (operands.Count > 2) return await io.UsageErrorAsync($"extra operand {Quoting.ShellAlways(operands[2])}").ConfigureAwait(false);
            await io.Out.WriteAsync(Strip(operands[0], operands.Count == 2 ? operands[1] : null) + end).ConfigureAwait(false);
            return 0;
        }
        foreach (var operand in operands) await io.Out.WriteAsync(Strip(operand, suffix) + end).ConfigureAwait(false);
        return 0;
    }

    internal static string Strip(string name, string? suffix)
    {
        var trimmed = name.TrimEnd('/');
        if (trimmed.Length == 0) return name.Length == 0 ? "" : "/";
        var last = trimmed[(trimmed.LastIndexOf('/') + 1)..];
        if (!string.IsNullOrEmpty(suffix) && last.Length > suffix.Length && last.EndsWith(suffix, StringComparison.Ordinal)) last = last[..^suffix.Length];
        return last;
    }
}
