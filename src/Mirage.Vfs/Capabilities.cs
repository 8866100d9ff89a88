namespace Mirage.Vfs;

// Optional verbs a resource may have, one interface each. Callers reach them through
// IResource.TryGetCapability and never probe types themselves; ResourceOperations holds the fallbacks.

/// <summary>Moves an entry inside one resource without copying its bytes.</summary>
public interface IRenamable
{
    ValueTask<EntryInfo> RenameAsync(VPath source, VPath destination, CancellationToken cancellationToken = default);
}

/// <summary>Copies a file inside one resource without streaming it through this process.</summary>
public interface IServerSideCopy
{
    ValueTask<EntryInfo> CopyAsync(VPath source, VPath destination, CancellationToken cancellationToken = default);
}

/// <summary>Lists a whole subtree in one call (object stores list by prefix). Yields descendants, not the root.</summary>
public interface IRecursiveLister
{
    IAsyncEnumerable<EntryInfo> ListRecursiveAsync(VPath root, CancellationToken cancellationToken = default);
}

/// <summary>
/// Lists a directory's names and kinds only, where that is cheaper than <see cref="IResource.ListAsync"/> (a disk
/// reads them from the directory itself, without a stat per entry). Entries carry their path and kind; size, time,
/// mode and link target are left unset. Same order and errors as ListAsync. For walks that look at names (ls, find
/// -name, grep -r); <see cref="ResourceOperations.ListNamesAsync"/> falls back to ListAsync.
/// </summary>
public interface INameLister
{
    IAsyncEnumerable<EntryInfo> ListNamesAsync(VPath directory, CancellationToken cancellationToken = default);
}

/// <summary>Symbolic links, where the backend has them.</summary>
public interface ISymlinks
{
    ValueTask<EntryInfo> CreateSymlinkAsync(VPath path, string target, CancellationToken cancellationToken = default);

    /// <summary>The target as written, or null when <paramref name="path"/> is not a link.</summary>
    ValueTask<string?> ReadLinkAsync(VPath path, CancellationToken cancellationToken = default);
}

/// <summary>Sets modification times (touch, cp -p).</summary>
public interface ITimestamps
{
    ValueTask SetModifiedAsync(VPath path, DateTimeOffset modified, CancellationToken cancellationToken = default);
}

/// <summary>Sets permission bits (chmod, mkdir -m, cp -p). A symbolic link is followed, as chmod(2) does.</summary>
public interface IChangeMode
{
    /// <param name="mode">The permission bits, 0 to 07777 (setuid, setgid and sticky included).</param>
    ValueTask ChangeModeAsync(VPath path, int mode, CancellationToken cancellationToken = default);
}

/// <summary>Answers a text search on the backend side (grep push-down).</summary>
public interface ISearchable
{
    IAsyncEnumerable<SearchHit> SearchAsync(SearchQuery query, CancellationToken cancellationToken = default);
}

/// <param name="Pattern">The text or regular expression to find.</param>
/// <param name="Root">The subtree to search.</param>
public sealed record SearchQuery(string Pattern, VPath Root, bool IsRegex = false, bool IgnoreCase = false, int? Limit = null);

/// <param name="Line">The matching line, when the backend returns lines; null when it only names files.</param>
public sealed record SearchHit(VPath Path, long? LineNumber = null, string? Line = null);
