using Mirage.Testing;

namespace Mirage.Resources.Ssh.Tests;

/// <summary>
/// The shared contract over a real sshd (internal-sftp), each test in its own remote folder. What this SFTP
/// mount does not offer is declared once here.
/// </summary>
public abstract class SshBackedContractTests : BackedContractTests<SshResource>
{
    private string _folder = "";

    protected override async ValueTask<SshResource> OpenBackendAsync()
    {
        _folder = await SshTestServer.NewFolderAsync();
        return new SshResource(SshTestServer.Options(_folder));
    }

    protected override Task DeleteBackendAsync() => SshTestServer.DeleteFolderAsync(_folder);

    protected override bool SupportsRename => false;

    protected override bool SupportsServerSideCopy => false;

    protected override bool SupportsSymlinks => false;

    protected override bool SupportsTimestamps => true;

    protected override bool SupportsModes => true;
}
