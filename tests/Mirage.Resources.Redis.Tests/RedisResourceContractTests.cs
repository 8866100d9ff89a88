using Mirage.Vfs;

namespace Mirage.Resources.Redis.Tests;

/// <summary>The shared contract over a real redis-server.</summary>
public sealed class RedisResourceContractTests : RedisBackedContractTests
{
    protected override IResource Wrap(RedisResource redis) => redis;
}
