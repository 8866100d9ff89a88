using Mirage.Vfs;

namespace Mirage.Resources.S3.Tests;

/// <summary>
/// The shared contract over s3rver. Directories are marker objects ("dir/"), so empty ones last;
/// rename falls back to server-side copy and delete; listings are paged three keys at a time to exercise paging.
/// </summary>
public sealed class S3ResourceContractTests : S3BackedContractTests
{
    protected override string PrefixName => "contract";

    protected override IResource Wrap(S3Resource s3) => s3;
}
