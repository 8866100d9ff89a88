using Mirage.Testing;
using Mirage.Vfs;
using Mirage.Vfs.Disk;
using Mirage.Vfs.Ram;

namespace Mirage.Tests;

/// <summary>
/// The resource contract over the workspace's own file view: a RAM mount and a disk mount side by side,
/// the tests working in one of them and moving and copying into the other.
/// </summary>
public abstract class WorkspaceContractTests : UnixTreeContractTests, IClassFixture<TemporaryFolder>
{
    private readonly TemporaryFolder _folder;
    private Workspace? _workspace;

    protected WorkspaceContractTests(TemporaryFolder folder) => _folder = folder;

    protected override ValueTask<IResource> CreateResourceAsync()
    {
        _workspace = new Workspace(new Dictionary<string, IResource>
        {
            ["/ram"] = new RamResource(),
            ["/disk"] = new DiskResource(_folder.CreateSubfolder()),
        });
        return ValueTask.FromResult(_workspace.Files.Resource);
    }

    protected override ValueTask DisposeResourceAsync(IResource resource) => _workspace!.DisposeAsync();
}

public sealed class WorkspaceRamMountContractTests(TemporaryFolder folder) : WorkspaceContractTests(folder)
{
    protected override VPath Base => VPath.Parse("/ram");

    protected override VPath? OtherBase => VPath.Parse("/disk");
}

public sealed class WorkspaceDiskMountContractTests(TemporaryFolder folder) : WorkspaceContractTests(folder)
{
    protected override VPath Base => VPath.Parse("/disk");

    protected override VPath? OtherBase => VPath.Parse("/ram");
}
