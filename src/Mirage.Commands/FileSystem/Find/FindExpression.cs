using Mirage.Vfs;

namespace Mirage.Commands.FileSystem.Find;

/// <summary>One entry being visited: what it is, how its path prints, how deep it lies.</summary>
internal sealed class Visit(EntryInfo entry, string displayPath, string startPath, int depth)
{
    public EntryInfo Entry { get; } = entry;

    public string DisplayPath { get; } = displayPath;

    public string StartPath { get; } = startPath;

    public int Depth { get; } = depth;

    /// <summary>Set by -prune: do not descend into this directory.</summary>
    public bool Pruned { get; set; }

    /// <summary>The last component, as -name sees it (trailing slashes ignored, "/" stays "/").</summary>
    public string Name
    {
        get
        {
            var trimmed = DisplayPath.TrimEnd('/');
            if (trimmed.Length == 0) return DisplayPath.Length == 0 ? "" : "/";
            return trimmed[(trimmed.LastIndexOf('/') + 1)..];
        }
    }
}

/// <summary>A node of find's expression tree.</summary>
internal abstract class FindExpression
{
    public abstract ValueTask<bool> EvaluateAsync(FindRun run, Visit visit);
}

internal sealed class AndExpression(FindExpression left, FindExpression right) : FindExpression
{
    public FindExpression Left { get; } = left;

    public FindExpression Right { get; } = right;

    public override async ValueTask<bool> EvaluateAsync(FindRun run, Visit visit) =>
        await Left.EvaluateAsync(run, visit).ConfigureAwait(false) && await Right.EvaluateAsync(run, visit).ConfigureAwait(false);
}

internal sealed class OrExpression(FindExpression left, FindExpression right) : FindExpression
{
    public override async ValueTask<bool> EvaluateAsync(FindRun run, Visit visit) =>
        await left.EvaluateAsync(run, visit).ConfigureAwait(false) || await right.EvaluateAsync(run, visit).ConfigureAwait(false);
}

internal sealed class CommaExpression(FindExpression left, FindExpression right) : FindExpression
{
    public override async ValueTask<bool> EvaluateAsync(FindRun run, Visit visit)
    {
        await left.EvaluateAsync(run, visit).ConfigureAwait(false);
        return await right.EvaluateAsync(run, visit).ConfigureAwait(false);
    }
}

internal sealed class NotExpression(FindExpression inner) : FindExpression
{
    public override async ValueTask<bool> EvaluateAsync(FindRun run, Visit visit) => !await inner.EvaluateAsync(run, visit).ConfigureAwait(false);
}

/// <summary>A test or action: a function of the visit.</summary>
internal sealed class PrimaryExpression(string name, Func<FindRun, Visit, ValueTask<bool>> evaluate) : FindExpression
{
    public string Name { get; } = name;

    public override ValueTask<bool> EvaluateAsync(FindRun run, Visit visit) => evaluate(run, visit);
}
