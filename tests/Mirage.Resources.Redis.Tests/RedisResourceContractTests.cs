using Mirage.Testing;
using Mirage.Vfs;

namespace Mirage.Resources.Redis.Tests;

/// <summary>The shared contract over a real redis-server; small chunks so reads and writes span many round trips.</summary>
public sealed class RedisResourceContractTests : ResourceContractTests
{
    private string _prefix = "";

    protected override ValueTask<IResource> CreateResourceAsync()
    {
        _prefix = RedisTestServer.NewPrefix("contract");
        return ValueTask.FromResult<IResource>(new RedisResource(new RedisResourceOptions(RedisTestServer.Url, _prefix) { ChunkSize = 64 * 1024 }));
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
