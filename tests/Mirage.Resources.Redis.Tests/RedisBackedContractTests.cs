using Mirage.Testing;
using Mirage.Vfs;

namespace Mirage.Resources.Redis.Tests;

/// <summary>
/// The shared contract over a real redis-server under a fresh key prefix, with small chunks so reads and writes
/// span many round trips; <see cref="Wrap"/> puts something in front of it (a cache). What Redis cannot keep
/// (renames as one step, links) is declared once here.
/// </summary>
public abstract class RedisBackedContractTests : ResourceContractTests
{
    private string _prefix = "";

    protected abstract IResource Wrap(RedisResource redis);

    protected override ValueTask<IResource> CreateResourceAsync()
    {
        _prefix = RedisTestServer.NewPrefix("contract");
        return ValueTask.FromResult(Wrap(new RedisResource(new RedisResourceOptions(RedisTestServer.Url, _prefix) { ChunkSize = 64 * 1024 })));
    }

    protected override async ValueTask DisposeResourceAsync(IResource resource)
    {
        await resource.DisposeAsync();
        await RedisTestServer.DeleteAllAsync(_prefix);
    }

    protected override bool SupportsRename => false;

    protected override bool SupportsServerSideCopy => true;

    protected override bool SupportsSymlinks => false;

    protected override bool SupportsTimestamps => true;
}
