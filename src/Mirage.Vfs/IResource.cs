using System.Diagnostics.CodeAnalysis;

namespace Mirage.Vfs;

/// <summary>
/// A backend seen as a tree. Paths are absolute within the resource ("/" is its root).
/// Contract, checked by the resource contract tests:
/// <list type="bullet">
/// <item><see cref="StatAsync"/> returns null for a missing path (agents probe a lot; absence is no error).</item>
/// <item><see cref="ListAsync"/> yields the direct children in ordinal name order; NotFound / NotADirectory otherwise.</item>
/// <item><see cref="OpenReadAsync"/> streams the requested range; a range past the end is empty.</item>
/// <item><see cref="WriteAsync"/> pulls the stream to its end; it is atomic: readers see the old or the new
/// content, and a failure leaves the old content. The parent directory must exist.</item>
/// <item><see cref="CreateDirectoryAsync"/> makes one level; AlreadyExists when the path exists.</item>
/// <item><see cref="RemoveAsync"/> removes a file or a directory; a non-empty directory needs <c>recursive</c>.</item>
/// </list>
/// Failures are <see cref="ResourceException"/>s.
/// </summary>
public interface IResource : IAsyncDisposable
{
    ResourceInfo Info { get; }

    ValueTask<EntryInfo?> StatAsync(VPath path, CancellationToken cancellationToken = default);

    IAsyncEnumerable<EntryInfo> ListAsync(VPath directory, CancellationToken cancellationToken = default);

    ValueTask<Stream> OpenReadAsync(VPath path, ByteRange range = default, CancellationToken cancellationToken = default);

    ValueTask<EntryInfo> WriteAsync(VPath path, Stream content, WriteOptions options = default, CancellationToken cancellationToken = default);

    ValueTask CreateDirectoryAsync(VPath path, CancellationToken cancellationToken = default);

    ValueTask RemoveAsync(VPath path, bool recursive = false, CancellationToken cancellationToken = default);

    /// <summary>
    /// Finds an optional capability (<see cref="IRenamable"/>, <see cref="IServerSideCopy"/>, ...).
    /// Wrappers forward this to what they wrap, so capabilities survive decoration.
    /// </summary>
    bool TryGetCapability<T>([NotNullWhen(true)] out T? capability) where T : class
    {
        capability = this as T;
        return capability is not null;
    }
}

[Flags]
public enum ResourceFlags
{
    None = 0,
    /// <summary>The backend can never be written, whatever the mount mode.</summary>
    ReadOnly = 1,
    /// <summary>Directories exist only while something is in them (object stores without markers).</summary>
    ImplicitDirectories = 2,
    /// <summary>Entry sizes may be unknown until the content is rendered.</summary>
    UnknownSizes = 4,
    CaseInsensitive = 8,
    /// <summary>The content lives in this process (RAM); a snapshot must carry it.</summary>
    InProcess = 16,
}

/// <param name="Kind">The registry name ("ram", "disk", "s3").</param>
/// <param name="Description">Text for an agent's prompt: what lives here and how paths are laid out.</param>
public sealed record ResourceInfo(string Kind, string Description, ResourceFlags Flags = ResourceFlags.None);
