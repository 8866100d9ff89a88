using Mirage.Resources.Redis;
using Mirage.Resources.Ssh;
using Mirage.Resources.Ssh.Tests;
using Mirage.Resources.S3;
using Mirage.Resources.Redis.Tests;
using Mirage.Resources.S3.Tests;
using Mirage.Testing;
using Mirage.Vfs;
using Mirage.Vfs.Caching;
using Mirage.Vfs.Ram;

namespace Mirage.Caching.Tests;

/// <summary>The shared contract over a cache in front of RAM: everything RAM does, the cached tree must do too.</summary>
public class CachedRamContractTests : UnixTreeContractTests
{
    /// <summary>How the cache serves reads.</summary>
    protected virtual ReadMode Read => ReadMode.Bounded;

    protected override ValueTask<IResource> CreateResourceAsync() =>
        ValueTask.FromResult<IResource>(new CachedResource(new RamResource(), CacheOptions.InMemory(Read)));
}

/// <summary>The same, with reads revalidated against the backend (read: fresh).</summary>
public sealed class FreshCachedRamContractTests : CachedRamContractTests
{
    protected override ReadMode Read => ReadMode.Fresh;
}

/// <summary>The contract over s3rver behind a cache held in this process.</summary>
public sealed class CachedS3RamStoresContractTests : S3BackedContractTests
{
    protected override string PrefixName => "cached-contract";

    protected override IResource Wrap(S3Resource s3) => new CachedResource(s3, CacheOptions.InMemory());
}

/// <summary>The contract over s3rver behind a cache kept in Redis.</summary>
public sealed class CachedS3RedisStoresContractTests : S3BackedContractTests
{
    private string _cachePrefix = "";

    protected override string PrefixName => "cached-redis-contract";

    protected override IResource Wrap(S3Resource s3)
    {
        _cachePrefix = RedisTestServer.NewPrefix("contract");
        return new CachedResource(s3, RedisCache.Options(RedisTestServer.Url, _cachePrefix));
    }

    protected override Task CleanUpAsync() => RedisTestServer.DeleteAllAsync(_cachePrefix);
}

/// <summary>The contract over a real redis-server behind a cache held in this process.</summary>
public sealed class CachedRedisRamStoresContractTests : RedisBackedContractTests
{
    protected override IResource Wrap(RedisResource redis) => new CachedResource(redis, CacheOptions.InMemory());
}

/// <summary>The contract over a real sshd (SFTP) behind a cache held in this process.</summary>
public sealed class CachedSshRamStoresContractTests : SshBackedContractTests
{
    protected override IResource Wrap(SshResource ssh) => new CachedResource(ssh, CacheOptions.InMemory());
}
