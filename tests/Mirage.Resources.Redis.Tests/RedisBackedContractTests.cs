using Mirage.Testing;

namespace Mirage.Resources.Redis.Tests;

/// <summary>
/// The shared contract over a real redis-server under a fresh key prefix, with small chunks so reads and writes
/// span many round trips. What Redis cannot keep (renames as one step, links) is declared once here.
/// </summary>
public abstract class RedisBackedContractTests : BackedContractTests<RedisResource>
{
    private string _prefix = "";

    protected override ValueTask<RedisResource> OpenBackendAsync()
    {
        _prefix = RedisTestServer.NewPrefix("contract");
        return ValueTask.FromResult(RedisTestServer.Resource(_prefix));
    }

    protected override Task DeleteBackendAsync() => RedisTestServer.DeleteAllAsync(_prefix);

    protected override bool SupportsRename => false;

    protected override bool SupportsServerSideCopy => true;

    protected override bool SupportsSymlinks => false;

    protected override bool SupportsTimestamps => true;
}
