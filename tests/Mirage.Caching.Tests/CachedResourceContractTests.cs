using Mirage.Caching.Redis;
using Mirage.Resources.S3;
using Mirage.Resources.Redis.Tests;
using Mirage.Resources.S3.Tests;
using Mirage.Testing;
using Mirage.Vfs;
using Mirage.Vfs.Caching;
using Mirage.Vfs.Ram;

namespace Mirage.Caching.Tests;

/// <summary>The shared contract over a cache in front of RAM: everything RAM does, the cached tree must do too.</summary>
public sealed class CachedRamContractTests : ResourceContractTests
{
    protected override ValueTask<IResource> CreateResourceAsync() =>
        ValueTask.FromResult<IResource>(new CachedResource(new RamResource(), CacheOptions.InMemory()));

    protected override bool SupportsRename => true;

    protected override bool SupportsServerSideCopy => true;

    protected override bool SupportsSymlinks => true;

    protected override bool SupportsTimestamps => true;
}

/// <summary>The same, with reads revalidated against the backend (read: fresh).</summary>
public sealed class FreshCachedRamContractTests : ResourceContractTests
{
    protected override ValueTask<IResource> CreateResourceAsync() =>
        ValueTask.FromResult<IResource>(new CachedResource(new RamResource(), CacheOptions.InMemory(ReadMode.Fresh)));

    protected override bool SupportsRename => true;

    protected override bool SupportsServerSideCopy => true;

    protected override bool SupportsSymlinks => true;

    protected override bool SupportsTimestamps => true;
}

/// <summary>The contract over s3rver behind a cache held in this process.</summary>
public sealed class CachedS3RamStoresContractTests : ResourceContractTests
{
    private string _prefix = "";

    protected override async ValueTask<IResource> CreateResourceAsync()
    {
        await S3TestServer.EnsureBucketAsync();
        _prefix = S3TestServer.NewPrefix("cached-contract");
        return new CachedResource(new S3Resource(S3TestServer.Options(_prefix) with { ListPageSize = 3 }), CacheOptions.InMemory());
    }

    protected override async ValueTask DisposeResourceAsync(IResource resource)
    {
        await resource.DisposeAsync();
        await S3TestServer.DeleteAllAsync(_prefix);
    }

    protected override bool SupportsRename => false;

    protected override bool SupportsServerSideCopy => true;

    protected override bool SupportsSymlinks => false;

    protected override bool SupportsTimestamps => false;
}

/// <summary>The contract over s3rver behind a cache kept in Redis.</summary>
public sealed class CachedS3RedisStoresContractTests : ResourceContractTests
{
    private string _prefix = "";
    private string _cachePrefix = "";

    protected override async ValueTask<IResource> CreateResourceAsync()
    {
        await S3TestServer.EnsureBucketAsync();
        _prefix = S3TestServer.NewPrefix("cached-redis-contract");
        _cachePrefix = RedisTestServer.NewPrefix("contract");
        var index = new RedisIndexCacheStore(RedisTestServer.Url, keyPrefix: _cachePrefix);
        var files = new RedisFileCacheStore(RedisTestServer.Url, 64L * 1024 * 1024, _cachePrefix);
        var options = new CacheOptions(index, files) { Owned = new Owned(index, files) };
        return new CachedResource(new S3Resource(S3TestServer.Options(_prefix) with { ListPageSize = 3 }), options);
    }

    protected override async ValueTask DisposeResourceAsync(IResource resource)
    {
        await resource.DisposeAsync();
        await S3TestServer.DeleteAllAsync(_prefix);
        await RedisTestServer.DeleteAllAsync(_cachePrefix);
    }

    protected override bool SupportsRename => false;

    protected override bool SupportsServerSideCopy => true;

    protected override bool SupportsSymlinks => false;

    protected override bool SupportsTimestamps => false;
}
