namespace Mirage.Vfs;

public enum EntryKind
{
    File,
    Directory,
    Symlink,
}

/// <summary>What a resource knows of one entry. Paths are as the resource itself sees them.</summary>
/// <param name="Size">Bytes for files; null when unknown until the content is rendered.</param>
/// <param name="Fingerprint">A token that changes whenever the content changes (ETag, sha, mtime+size).</param>
/// <param name="Mode">Unix permission bits (0644), when the resource has them.</param>
/// <param name="LinkTarget">For a symlink, the target as written.</param>
public sealed record EntryInfo(
    VPath Path,
    EntryKind Kind,
    long? Size = null,
    DateTimeOffset? Modified = null,
    string? Fingerprint = null,
    int? Mode = null,
    string? LinkTarget = null)
{
    public string Name => Path.Name;

    public bool IsDirectory => Kind == EntryKind.Directory;

    public bool IsFile => Kind == EntryKind.File;

    /// <summary>The same entry seen from a different place in the tree (a mount point).</summary>
    public EntryInfo WithPath(VPath path) => this with { Path = path };
}

/// <summary>A slice of a file: <see cref="Length"/> null reads to the end. The default value is the whole file.</summary>
public readonly record struct ByteRange(long Offset, long? Length)
{
    public static ByteRange All => default;

    public bool IsAll => Offset == 0 && Length is null;

    public static ByteRange FromOffset(long offset) => new(offset, null);
}

/// <param name="Append">Add to the end of an existing file instead of replacing it.</param>
/// <param name="CreateNew">Fail with <see cref="ResourceError.AlreadyExists"/> if the file exists (noclobber).</param>
/// <param name="IfMatch">Fail with <see cref="ResourceError.Conflict"/> unless the current fingerprint matches.</param>
/// <param name="Length">The content length when known in advance, so a backend can choose an upload strategy.</param>
public readonly record struct WriteOptions(
    bool Append = false,
    bool CreateNew = false,
    string? IfMatch = null,
    long? Length = null,
    string? ContentType = null);
