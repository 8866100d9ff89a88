using Mirage.Vfs;

namespace Mirage.Testing;

/// <summary>
/// The shared contract over a backend on a real server, each test in a fresh place of its own there (a key
/// prefix, a folder) that is deleted afterwards. A subclass per server says how a place is made and removed and
/// what the server cannot keep; one per front says, in <see cref="Wrap"/>, what stands before the backend (nothing, a cache).
/// </summary>
public abstract class BackedContractTests<TBackend> : ResourceContractTests
    where TBackend : IResource
{
    /// <summary>Makes a fresh, empty place on the server and a backend over it.</summary>
    protected abstract ValueTask<TBackend> OpenBackendAsync();

    /// <summary>Deletes the place <see cref="OpenBackendAsync"/> made, with everything left in it.</summary>
    protected abstract Task DeleteBackendAsync();

    /// <summary>What the tests see: the backend itself, or something in front of it.</summary>
    protected abstract IResource Wrap(TBackend backend);

    /// <summary>Removes what <see cref="Wrap"/> left outside the backend.</summary>
    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    protected sealed override async ValueTask<IResource> CreateResourceAsync() => Wrap(await OpenBackendAsync());

    protected sealed override async ValueTask DisposeResourceAsync(IResource resource)
    {
        await resource.DisposeAsync();
        await DeleteBackendAsync();
        await CleanUpAsync();
    }
}
