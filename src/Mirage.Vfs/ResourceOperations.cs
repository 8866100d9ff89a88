using System.Runtime.CompilerServices;

namespace Mirage.Vfs;

/// <summary>
/// Generic operations built on <see cref="IResource"/>. Every fallback lives here: a capability is used
/// when the resource has it, and the slow general way otherwise. Commands call these, never type checks.
/// </summary>
public static class ResourceOperations
{
    /// <summary>How many directories a walk lists at once when the resource cannot list a subtree in one call.</summary>
    public const int DefaultWalkParallelism = 8;

    /// <summary>Makes a directory and its missing parents (mkdir -p). An existing directory is fine; a file in the way is not.</summary>
    public static async ValueTask CreateDirectoriesAsync(IResource resource, VPath path, CancellationToken cancellationToken = default)
    {
        var existing = await resource.StatAsync(path, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            if (!existing.IsDirectory) throw ResourceException.AlreadyExists(path);
            return;
        }
        if (!path.IsRoot) await CreateDirectoriesAsync(resource, path.Parent, cancellationToken).ConfigureAwait(false);
        try
        {
            await resource.CreateDirectoryAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceException e) when (e.Error == ResourceError.AlreadyExists)
        {
            // Someone else made it in between: that is what we wanted.
        }
    }

    /// <summary>
    /// Every entry below <paramref name="root"/> (not the root itself), parents before children.
    /// Uses <see cref="IRecursiveLister"/> when present, otherwise a breadth-first walk that lists up to
    /// <paramref name="parallelism"/> directories at once. Order within the result is not sorted.
    /// </summary>
    public static IAsyncEnumerable<EntryInfo> WalkAsync(IResource resource, VPath root, int parallelism = DefaultWalkParallelism, CancellationToken cancellationToken = default)
    {
        return resource.TryGetCapability<IRecursiveLister>(out var lister)
            ? lister.ListRecursiveAsync(root, cancellationToken)
            : WalkBreadthFirstAsync(resource, root, Math.Max(1, parallelism), cancellationToken);
    }

    private static async IAsyncEnumerable<EntryInfo> WalkBreadthFirstAsync(IResource resource, VPath root, int parallelism, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var level = new List<VPath> { root };
        while (level.Count > 0)
        {
            var next = new List<VPath>();
            // List one level with bounded parallelism; each directory's children come out together.
            var results = new List<EntryInfo>[level.Count];
            await Parallel.ForEachAsync(
                Enumerable.Range(0, level.Count),
                new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
                async (index, token) =>
                {
                    var children = new List<EntryInfo>();
                    try
                    {
                        await foreach (var child in resource.ListAsync(level[index], token).ConfigureAwait(false))
                            children.Add(child);
                    }
                    catch (ResourceException e) when (level[index] != root && e.Error is ResourceError.NotFound or ResourceError.NotADirectory)
                    {
                        // A directory that vanished mid-walk is skipped, as find does after a race.
                    }
                    results[index] = children;
                }).ConfigureAwait(false);
            foreach (var children in results)
            {
                foreach (var child in children)
                {
                    yield return child;
                    if (child.IsDirectory) next.Add(child.Path);
                }
            }
            level = next;
        }
    }

    /// <summary>
    /// Copies one file. Inside one resource with <see cref="IServerSideCopy"/> the bytes never pass through
    /// this process; otherwise they stream from the source into the destination without being held whole.
    /// </summary>
    public static async ValueTask<EntryInfo> CopyFileAsync(IResource source, VPath sourcePath, IResource destination, VPath destinationPath, CancellationToken cancellationToken = default)
    {
        if (ReferenceEquals(source, destination) && source.TryGetCapability<IServerSideCopy>(out var copier))
            return await copier.CopyAsync(sourcePath, destinationPath, cancellationToken).ConfigureAwait(false);
        var info = await source.StatAsync(sourcePath, cancellationToken).ConfigureAwait(false)
            ?? throw ResourceException.NotFound(sourcePath);
        if (info.IsDirectory) throw ResourceException.IsADirectory(sourcePath);
        var stream = await source.OpenReadAsync(sourcePath, ByteRange.All, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await destination.WriteAsync(destinationPath, stream, new WriteOptions(Length: info.Size), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Copies a file or a whole directory tree (cp -r); the destination directory is created.</summary>
    public static ValueTask CopyTreeAsync(IResource source, VPath sourcePath, IResource destination, VPath destinationPath, CancellationToken cancellationToken = default) =>
        CopyTreeAsync(source, sourcePath, destination, destinationPath, keepModes: false, cancellationToken);

    /// <summary>With <paramref name="keepModes"/> each copy also gets its source's permission bits where both sides have them (mv does).</summary>
    private static async ValueTask CopyTreeAsync(IResource source, VPath sourcePath, IResource destination, VPath destinationPath, bool keepModes, CancellationToken cancellationToken)
    {
        var info = await source.StatAsync(sourcePath, cancellationToken).ConfigureAwait(false)
            ?? throw ResourceException.NotFound(sourcePath);
        if (!info.IsDirectory)
        {
            await CopyFileAsync(source, sourcePath, destination, destinationPath, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await CreateDirectoriesAsync(destination, destinationPath, cancellationToken).ConfigureAwait(false);
            await foreach (var child in source.ListAsync(sourcePath, cancellationToken).ConfigureAwait(false))
                await CopyTreeAsync(source, child.Path, destination, destinationPath / child.Name, keepModes, cancellationToken).ConfigureAwait(false);
        }
        if (keepModes && info.Mode is { } mode && info.Kind != EntryKind.Symlink && destination.TryGetCapability<IChangeMode>(out var modes))
            await modes.ChangeModeAsync(destinationPath, mode & 0xFFF, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Moves inside one resource with <see cref="IRenamable"/>, else copies and then removes the source.</summary>
    public static async ValueTask MoveAsync(IResource source, VPath sourcePath, IResource destination, VPath destinationPath, CancellationToken cancellationToken = default)
    {
        if (ReferenceEquals(source, destination) && source.TryGetCapability<IRenamable>(out var renamer))
        {
            await renamer.RenameAsync(sourcePath, destinationPath, cancellationToken).ConfigureAwait(false);
            return;
        }
        await CopyTreeAsync(source, sourcePath, destination, destinationPath, keepModes: true, cancellationToken).ConfigureAwait(false);
        await source.RemoveAsync(sourcePath, recursive: true, cancellationToken).ConfigureAwait(false);
    }

    public static async ValueTask<byte[]> ReadAllBytesAsync(IResource resource, VPath path, CancellationToken cancellationToken = default)
    {
        var stream = await resource.OpenReadAsync(path, ByteRange.All, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
    }

    public static ValueTask<EntryInfo> WriteAllBytesAsync(IResource resource, VPath path, ReadOnlyMemory<byte> content, WriteOptions options = default, CancellationToken cancellationToken = default)
    {
        var stream = new MemoryStream(content.ToArray(), writable: false);
        return resource.WriteAsync(path, stream, options with { Length = content.Length }, cancellationToken);
    }

    /// <summary>
    /// A writable stream whose bytes flow, as they are written, into <see cref="IResource.WriteAsync"/>.
    /// Disposing it completes the write (and surfaces its error); nothing is held whole in memory.
    /// </summary>
    public static Stream OpenWrite(IResource resource, VPath path, WriteOptions options = default, CancellationToken cancellationToken = default)
        => new ResourceWriteStream(resource, path, options, cancellationToken);

    /// <summary>Names and kinds of a directory's children through <see cref="INameLister"/> where present; full entries otherwise.</summary>
    public static IAsyncEnumerable<EntryInfo> ListNamesAsync(IResource resource, VPath directory, CancellationToken cancellationToken = default) =>
        resource.TryGetCapability<INameLister>(out var lister)
            ? lister.ListNamesAsync(directory, cancellationToken)
            : resource.ListAsync(directory, cancellationToken);

    /// <summary><see cref="ListNamesAsync"/> into a list, sorted by name (ordinal): entries may lack size, time and mode.</summary>
    public static async ValueTask<List<EntryInfo>> ListNamesSortedAsync(IResource resource, VPath directory, CancellationToken cancellationToken = default)
    {
        var entries = new List<EntryInfo>();
        await foreach (var entry in ListNamesAsync(resource, directory, cancellationToken).ConfigureAwait(false)) entries.Add(entry);
        entries.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return entries;
    }

    /// <summary>Lists a directory into a list, sorted by name (ordinal).</summary>
    public static async ValueTask<List<EntryInfo>> ListSortedAsync(IResource resource, VPath directory, CancellationToken cancellationToken = default)
    {
        var entries = new List<EntryInfo>();
        await foreach (var entry in resource.ListAsync(directory, cancellationToken).ConfigureAwait(false)) entries.Add(entry);
        entries.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return entries;
    }
}
