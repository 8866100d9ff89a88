using Mirage.Vfs;

namespace Mirage.Resources.Ssh.Tests;

/// <summary>The shared contract over a real sshd (internal-sftp).</summary>
public sealed class SshResourceContractTests : SshBackedContractTests
{
    protected override IResource Wrap(SshResource ssh) => ssh;
}
