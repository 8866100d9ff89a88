using Mirage.Testing;

namespace Mirage.Resources.S3.Tests;

/// <summary>
/// The shared contract over a tree in s3rver under a fresh key prefix, listed three keys a page to exercise
/// paging. What S3 cannot keep (renames, links, set times) is declared once here.
/// </summary>
public abstract class S3BackedContractTests : BackedContractTests<S3Resource>
{
    private string _prefix = "";

    /// <summary>Names the prefix, so a run's keys can be told apart.</summary>
    protected abstract string PrefixName { get; }

    protected override async ValueTask<S3Resource> OpenBackendAsync()
    {
        await S3TestServer.EnsureBucketAsync();
        _prefix = S3TestServer.NewPrefix(PrefixName);
        return new S3Resource(S3TestServer.Options(_prefix) with { ListPageSize = 3 });
    }

    protected override Task DeleteBackendAsync() => S3TestServer.DeleteAllAsync(_prefix);

    protected override bool SupportsRename => false;

    protected override bool SupportsServerSideCopy => true;

    protected override bool SupportsSymlinks => false;

    protected override bool SupportsTimestamps => false;
}
