using System.Diagnostics.CodeAnalysis;

namespace Mirage.Vfs;

/// <summary>One resource placed at a prefix of the tree.</summary>
public sealed record Mount(VPath Prefix, IResource Resource, MountMode Mode = MountMode.Write)
{
    public bool CanWrite => Mode >= MountMode.Write && !Resource.Info.Flags.HasFlag(ResourceFlags.ReadOnly);
}

/// <summary>
/// Pure routing, no I/O: the longest mount prefix owns a path; the ancestors of mount points exist as
/// synthetic directories. Immutable, so readers never lock; changes build a new table.
/// </summary>
public sealed class MountTable
{
    private readonly Mount[] _byLongestPrefix;

    public MountTable(IEnumerable<Mount> mounts)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        var list = mounts.ToList();
        var duplicate = list.GroupBy(m => m.Prefix).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Two mounts at {duplicate.Key}.", nameof(mounts));
        _byLongestPrefix = [.. list.OrderByDescending(m => m.Prefix.Value.Length).ThenBy(m => m.Prefix)];
    }

    public static MountTable Empty { get; } = new([]);

    public IReadOnlyList<Mount> Mounts => _byLongestPrefix;

    public MountTable With(Mount mount) => new(_byLongestPrefix.Where(m => m.Prefix != mount.Prefix).Append(mount));

    public MountTable Without(VPath prefix) => new(_byLongestPrefix.Where(m => m.Prefix != prefix));

    /// <summary>The mount owning <paramref name="path"/> and the path as that resource sees it.</summary>
    public bool TryResolve(VPath path, [NotNullWhen(true)] out Mount? mount, out VPath inner)
    {
        foreach (var candidate in _byLongestPrefix)
        {
            if (path.IsUnder(candidate.Prefix))
            {
                mount = candidate;
                inner = path.RelativeTo(candidate.Prefix);
                return true;
            }
        }
        mount = null;
        inner = default;
        return false;
    }

    /// <summary>True when a mount point lies strictly below <paramref name="path"/> (so it shows as a directory).</summary>
    public bool HasMountsBelow(VPath path) => _byLongestPrefix.Any(m => m.Prefix != path && m.Prefix.IsUnder(path));

    /// <summary>
    /// Names of the directories that must appear in a listing of <paramref name="directory"/> because a mount
    /// point is at or below them: for mounts /a/b and /c, the root shows "a" and "c", and /a shows "b".
    /// </summary>
    public SortedSet<string> SyntheticChildren(VPath directory)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var depth = directory.Depth;
        foreach (var mount in _byLongestPrefix)
        {
            if (mount.Prefix == directory || !mount.Prefix.IsUnder(directory)) continue;
            names.Add(mount.Prefix.Segments[depth]);
        }
        return names;
    }

    /// <summary>The mounts at or below <paramref name="path"/>, shortest prefix first (for walks that cross mounts).</summary>
    public IEnumerable<Mount> MountsUnder(VPath path) =>
        _byLongestPrefix.Where(m => m.Prefix.IsUnder(path)).OrderBy(m => m.Prefix.Value.Length);
}
