using Mirage.Testing;
using Mirage.Vfs;

namespace Mirage.Resources.Ssh.Tests;

/// <summary>
/// The shared contract over a real sshd (internal-sftp), each test in its own remote folder; <see cref="Wrap"/>
/// puts something in front of it (a cache). What this SFTP mount does not offer is declared once here.
/// </summary>
public abstract class SshBackedContractTests : ResourceContractTests
{
    private string _folder = "";

    protected abstract IResource Wrap(SshResource ssh);

    protected override async ValueTask<IResource> CreateResourceAsync()
    {
        _folder = await SshTestServer.NewFolderAsync();
        return Wrap(new SshResource(SshTestServer.Options(_folder)));
    }

    protected override async ValueTask DisposeResourceAsync(IResource resource)
    {
        await resource.DisposeAsync();
        await SshTestServer.DeleteFolderAsync(_folder);
    }

    protected override bool SupportsRename => false;

    protected override bool SupportsServerSideCopy => false;

    protected override bool SupportsSymlinks => false;

    protected override bool SupportsTimestamps => true;

    protected override bool SupportsModes => true;
}
