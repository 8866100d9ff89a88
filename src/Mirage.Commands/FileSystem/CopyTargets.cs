using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>The operand rules cp, mv and ln share: SOURCE DEST, SOURCE... DIRECTORY, -t DIRECTORY, -T.</summary>
internal static class CopyTargets
{
    /// <summary>One source and where it goes, both as typed (for messages) and resolved.</summary>
    public sealed record Pair(string SourceName, VPath Source, string TargetName, VPath Target);

    /// <summary>Works out the pairs, or writes the GNU error and returns null.</summary>
    public static async ValueTask<List<Pair>?> PlanAsync(CommandIO io, ParsedArguments arguments, bool noTargetDirectory)
    {
        var operands = arguments.Operands.ToList();
        var targetDirectory = arguments.Last("t");
        if (targetDirectory is null && operands.Count == 0)
        {
            await io.UsageErrorAsync("missing file operand").ConfigureAwait(false);
            return null;
        }
        if (targetDirectory is null && operands.Count == 1)
        {
            await io.UsageErrorAsync($"missing destination file operand after {Quoting.ShellAlways(operands[0])}").ConfigureAwait(false);
            return null;
        }
        if (targetDirectory is not null)
        {
            var info = await io.StatAsync(targetDirectory).ConfigureAwait(false);
            if (info is null || !info.IsDirectory)
            {
                await io.ErrorAsync($"target directory {Quoting.ShellAlways(targetDirectory)}: {(info is null ? "No such file or directory" : "Not a directory")}").ConfigureAwait(false);
                return null;
            }
            if (operands.Count == 0)
            {
                await io.UsageErrorAsync("missing file operand").ConfigureAwait(false);
                return null;
            }
            return [.. operands.Select(o => Into(io, o, targetDirectory))];
        }
        var last = operands[^1];
        var sources = operands.Take(operands.Count - 1).ToList();
        if (noTargetDirectory)
        {
            if (sources.Count > 1)
            {
                await io.UsageErrorAsync($"extra operand {Quoting.ShellAlways(operands[2])}").ConfigureAwait(false);
                return null;
            }
            return [new Pair(sources[0], io.Resolve(sources[0]), last, io.Resolve(last))];
        }
        var destination = await io.StatAsync(last).ConfigureAwait(false);
        if (destination is { IsDirectory: true }) return [.. sources.Select(o => Into(io, o, last))];
        if (sources.Count > 1)
        {
            await io.ErrorAsync($"target {Quoting.ShellAlways(last)}: {(destination is null ? "No such file or directory" : "Not a directory")}").ConfigureAwait(false);
            return null;
        }
        return [new Pair(sources[0], io.Resolve(sources[0]), last, io.Resolve(last))];
    }

    private static Pair Into(CommandIO io, string source, string directory)
    {
        var name = io.Resolve(source).Name;
        var targetName = directory.EndsWith('/') ? directory + name : directory + "/" + name;
        return new Pair(source, io.Resolve(source), targetName, io.Resolve(directory) / name);
    }
}
