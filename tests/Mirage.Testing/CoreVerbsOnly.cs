using System.Diagnostics.CodeAnalysis;
using Mirage.Vfs;
using Mirage.Vfs.Ram;

namespace Mirage.Testing;

/// <summary>
/// A RAM tree offering only the core verbs and no capability, as a plain object store does; it can introduce
/// itself as any kind of backend (an "s3" one, to see how commands treat remote listings).
/// </summary>
public sealed class CoreVerbsOnly(ResourceInfo? info = null) : IResource
{
    private readonly RamResource _inner = new();

    public ResourceInfo Info { get; } = info ?? new ResourceInfo("plain", "files without optional verbs");

    public ValueTask<EntryInfo?> StatAsync(VPath path, CancellationToken cancellationToken = default) => _inner.StatAsync(path, cancellationToken);

    public IAsyncEnumerable<EntryInfo> ListAsync(VPath directory, CancellationToken cancellationToken = default) => _inner.ListAsync(directory, cancellationToken);

    public ValueTask<Stream> OpenReadAsync(VPath path, ByteRange range = default, CancellationToken cancellationToken = default) => _inner.OpenReadAsync(path, range, cancellationToken);

    public ValueTask<EntryInfo> WriteAsync(VPath path, Stream content, WriteOptions options = default, CancellationToken cancellationToken = default) => _inner.WriteAsync(path, content, options, cancellationToken);

    public ValueTask CreateDirectoryAsync(VPath path, CancellationToken cancellationToken = default) => _inner.CreateDirectoryAsync(path, cancellationToken);

    public ValueTask RemoveAsync(VPath path, bool recursive = false, CancellationToken cancellationToken = default) => _inner.RemoveAsync(path, recursive, cancellationToken);

    public bool TryGetCapability<T>([NotNullWhen(true)] out T? capability) where T : class
    {
        capability = null;
        return false;
    }

    public ValueTask DisposeAsync() => _inner.DisposeAsync();
}
