namespace Mirage.Testing;

/// <summary>
/// The contract for a tree that keeps all a local Unix file system keeps: renames in one step, copies that
/// stay inside it, links, set times and permission bits.
/// </summary>
public abstract class UnixTreeContractTests : ResourceContractTests
{
    protected override bool SupportsRename => true;

    protected override bool SupportsServerSideCopy => true;

    protected override bool SupportsSymlinks => true;

    protected override bool SupportsTimestamps => true;

    protected override bool SupportsModes => true;
}
