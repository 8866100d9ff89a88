using Mirage.Testing;
using Mirage.Vfs;

namespace Mirage.Resources.S3.Tests;

/// <summary>
/// The shared contract over s3rver. Directories are marker objects ("dir/"), so empty ones last;
/// rename falls back to server-side copy and delete; listings are paged three keys at a time to exercise paging.
/// </summary>
public sealed class S3ResourceContractTests : ResourceContractTests
{
    private string _prefix = "";

    protected override async ValueTask<IResource> CreateResourceAsync()
    {
        await S3TestServer.EnsureBucketAsync();
        _prefix = S3TestServer.NewPrefix("contract");
        return new S3Resource(S3TestServer.Options(_prefix) with { ListPageSize = 3 });
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
