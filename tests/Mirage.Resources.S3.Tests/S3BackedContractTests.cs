using Mirage.Testing;
using Mirage.Vfs;

namespace Mirage.Resources.S3.Tests;

/// <summary>
/// The shared contract over a tree in s3rver under a fresh key prefix, listed three keys a page to exercise
/// paging; <see cref="Wrap"/> puts something in front of it (a cache). What S3 cannot keep (renames,
/// links, set times) is declared once here.
/// </summary>
public abstract class S3BackedContractTests : ResourceContractTests
{
    private string _prefix = "";

    /// <summary>Names the prefix, so a run's keys can be told apart.</summary>
    protected abstract string PrefixName { get; }

    protected abstract IResource Wrap(S3Resource s3);

    /// <summary>Removes what <see cref="Wrap"/> left outside the bucket.</summary>
    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    protected override async ValueTask<IResource> CreateResourceAsync()
    {
        await S3TestServer.EnsureBucketAsync();
        _prefix = S3TestServer.NewPrefix(PrefixName);
        return Wrap(new S3Resource(S3TestServer.Options(_prefix) with { ListPageSize = 3 }));
    }

    protected override async ValueTask DisposeResourceAsync(IResource resource)
    {
        await resource.DisposeAsync();
        await S3TestServer.DeleteAllAsync(_prefix);
        await CleanUpAsync();
    }

    protected override bool SupportsRename => false;

    protected override bool SupportsServerSideCopy => true;

    protected override bool SupportsSymlinks => false;

    protected override bool SupportsTimestamps => false;
}
