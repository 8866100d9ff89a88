using System.Runtime.CompilerServices;
using System.Text;
using Mirage.Vfs;

namespace Mirage;

/// <summary>
/// The workspace's files for programs that do not want bash: paths are absolute in the mounted tree,
/// and every call goes through the same dispatcher (mount modes, operation log) as the shell.
/// </summary>
public sealed class WorkspaceFiles
{
    private readonly Dispatcher _dispatcher;

    internal WorkspaceFiles(Dispatcher dispatcher) => _dispatcher = dispatcher;

    /// <summary>The whole tree as one <see cref="IResource"/> (for code written against resources).</summary>
    public IResource Resource => _dispatcher;

    public ValueTask<EntryInfo?> StatAsync(string path, CancellationToken cancellationToken = default) =>
        _dispatcher.StatAsync(VPath.Parse(path), cancellationToken);

    public async ValueTask<bool> ExistsAsync(string path, CancellationToken cancellationToken = default) =>
        await StatAsync(path, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>The children of a directory, sorted by name.</summary>
    public async ValueTask<IReadOnlyList<EntryInfo>> ListAsync(string directory, CancellationToken cancellationToken = default) =>
        await ResourceOperations.ListSortedAsync(_dispatcher, VPath.Parse(directory), cancellationToken).ConfigureAwait(false);

    /// <summary>Everything below a directory, across mounts, parents before children.</summary>
    public async IAsyncEnumerable<EntryInfo> WalkAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entry in ResourceOperations.WalkAsync(_dispatcher, VPath.Parse(directory), cancellationToken: cancellationToken).ConfigureAwait(false))
            yield return entry;
    }

    public ValueTask<Stream> OpenReadAsync(string path, ByteRange range = default, CancellationToken cancellationToken = default) =>
        _dispatcher.OpenReadAsync(VPath.Parse(path), range, cancellationToken);

    public ValueTask<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken = default) =>
        ResourceOperations.ReadAllBytesAsync(_dispatcher, VPath.Parse(path), cancellationToken);

    public async ValueTask<string> ReadAllTextAsync(string path, CancellationToken cancellationToken = default) =>
        Encoding.UTF8.GetString(await ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));

    public ValueTask<EntryInfo> WriteAsync(string path, Stream content, WriteOptions options = default, CancellationToken cancellationToken = default) =>
        _dispatcher.WriteAsync(VPath.Parse(path), content, options, cancellationToken);

    public ValueTask<EntryInfo> WriteAllBytesAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        ResourceOperations.WriteAllBytesAsync(_dispatcher, VPath.Parse(path), content, cancellationToken: cancellationToken);

    public ValueTask<EntryInfo> WriteAllTextAsync(string path, string content, CancellationToken cancellationToken = default) =>
        WriteAllBytesAsync(path, Encoding.UTF8.GetBytes(content), cancellationToken);

    /// <summary>Makes a directory; with <paramref name="parents"/>, also its missing ancestors (mkdir -p).</summary>
    public ValueTask CreateDirectoryAsync(string path, bool parents = false, CancellationToken cancellationToken = default) =>
        parents
            ? ResourceOperations.CreateDirectoriesAsync(_dispatcher, VPath.Parse(path), cancellationToken)
            : _dispatcher.CreateDirectoryAsync(VPath.Parse(path), cancellationToken);

    public ValueTask RemoveAsync(string path, bool recursive = false, CancellationToken cancellationToken = default) =>
        _dispatcher.RemoveAsync(VPath.Parse(path), recursive, cancellationToken);

    /// <summary>Copies a file or directory tree, within or across mounts.</summary>
    public ValueTask CopyAsync(string source, string destination, CancellationToken cancellationToken = default) =>
        ResourceOperations.CopyTreeAsync(_dispatcher, VPath.Parse(source), _dispatcher, VPath.Parse(destination), cancellationToken);

    /// <summary>Moves a file or directory tree, within or across mounts.</summary>
    public async ValueTask MoveAsync(string source, string destination, CancellationToken cancellationToken = default) =>
        await _dispatcher.RenameAsync(VPath.Parse(source), VPath.Parse(destination), cancellationToken).ConfigureAwait(false);
}
