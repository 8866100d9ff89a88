using Mirage.Testing;

namespace Mirage.Resources.Ssh.Tests;

/// <summary>The sshd started by scripts/services.sh; each test gets its own folder under the test root.</summary>
internal static class SshTestServer
{
    public static SshResourceOptions Options(string? root = null) => new(
        Host: TestServices.Require("MIRAGE_TEST_SSH_HOST"),
        Username: TestServices.Require("MIRAGE_TEST_SSH_USERNAME"),
        Port: int.Parse(TestServices.Require("MIRAGE_TEST_SSH_PORT"), System.Globalization.CultureInfo.InvariantCulture),
        IdentityFile: TestServices.Require("MIRAGE_TEST_SSH_IDENTITY_FILE"),
        Root: root ?? TestServices.Require("MIRAGE_TEST_SSH_ROOT"),
        KnownHosts: TestServices.Require("MIRAGE_TEST_SSH_KNOWN_HOSTS"));

    /// <summary>Makes a fresh folder under the test root (over SFTP) and returns its remote path.</summary>
    public static async Task<string> NewFolderAsync()
    {
        var name = Guid.NewGuid().ToString("N");
        await using var parent = new SshResource(Options());
        await parent.CreateDirectoryAsync("/" + name);
        return TestServices.Require("MIRAGE_TEST_SSH_ROOT").TrimEnd('/') + "/" + name;
    }

    public static async Task DeleteFolderAsync(string folder)
    {
        await using var parent = new SshResource(Options());
        await parent.RemoveAsync("/" + folder[(folder.LastIndexOf('/') + 1)..], recursive: true);
    }
}
