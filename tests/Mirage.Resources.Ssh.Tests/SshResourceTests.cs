using System.Text;
using Mirage.Configuration;
using Mirage.Testing;
using Mirage.Vfs;

namespace Mirage.Resources.Ssh.Tests;

/// <summary>Confinement to the root, host key checking, failures and configuration.</summary>
public sealed class SshResourceTests : IAsyncLifetime
{
    private string _folder = "";

    public async Task InitializeAsync() => _folder = await SshTestServer.NewFolderAsync();

    public async Task DisposeAsync()
    {
        // The server runs on this machine (127.0.0.1): links made for a test are removed here first.
        foreach (var link in Directory.Exists(_folder) ? Directory.EnumerateFileSystemEntries(_folder) : [])
        {
            if (new FileInfo(link).LinkTarget is not null) File.Delete(link);
        }
        await SshTestServer.DeleteFolderAsync(_folder);
    }

    [Fact]
    public async Task A_link_to_a_folder_outside_the_root_leads_nowhere()
    {
        var outside = Path.Combine(Path.GetTempPath(), "mirage-outside-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(outside);
        await File.WriteAllTextAsync(Path.Combine(outside, "secret.txt"), "secret");
        try
        {
            // The sshd of scripts/services.sh serves this machine, so the link is made on the local disk.
            Directory.CreateSymbolicLink(Path.Combine(_folder, "escape"), outside);
            await using var resource = new SshResource(SshTestServer.Options(_folder));
            Assert.Empty(await ResourceOperations.ListSortedAsync(resource, VPath.Root));
            var read = await Assert.ThrowsAsync<ResourceException>(async () => await ResourceOperations.ReadAllBytesAsync(resource, "/escape/secret.txt"));
            Assert.Equal(ResourceError.PermissionDenied, read.Error);
            var list = await Assert.ThrowsAsync<ResourceException>(async () => await ResourceOperations.ListSortedAsync(resource, "/escape"));
            Assert.Equal(ResourceError.PermissionDenied, list.Error);
            var write = await Assert.ThrowsAsync<ResourceException>(async () => await ResourceOperations.WriteAllBytesAsync(resource, "/escape/planted.txt", Encoding.UTF8.GetBytes("x")));
            Assert.Equal(ResourceError.PermissionDenied, write.Error);
            Assert.False(File.Exists(Path.Combine(outside, "planted.txt")));
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public async Task A_link_in_the_root_to_a_file_outside_is_refused()
    {
        var outside = Path.Combine(Path.GetTempPath(), "mirage-outside-" + Guid.NewGuid().ToString("N") + ".txt");
        await File.WriteAllTextAsync(outside, "secret");
        try
        {
            File.CreateSymbolicLink(Path.Combine(_folder, "passwd"), outside);
            Directory.CreateDirectory(Path.Combine(_folder, "sub"));
            File.CreateSymbolicLink(Path.Combine(_folder, "sub", "deeper"), outside);
            await using var resource = new SshResource(SshTestServer.Options(_folder));
            foreach (var path in new VPath[] { "/passwd", "/sub/deeper" })
            {
                var stat = await Assert.ThrowsAsync<ResourceException>(async () => await resource.StatAsync(path));
                Assert.Equal(ResourceError.PermissionDenied, stat.Error);
                Assert.Contains("outside the root", stat.Message, StringComparison.Ordinal);
                var read = await Assert.ThrowsAsync<ResourceException>(async () => await ResourceOperations.ReadAllBytesAsync(resource, path));
                Assert.Equal(ResourceError.PermissionDenied, read.Error);
                var write = await Assert.ThrowsAsync<ResourceException>(async () => await ResourceOperations.WriteAllBytesAsync(resource, path, Encoding.UTF8.GetBytes("planted")));
                Assert.Equal(ResourceError.PermissionDenied, write.Error);
            }
            Assert.Equal("secret", await File.ReadAllTextAsync(outside));
        }
        finally
        {
            File.Delete(Path.Combine(_folder, "sub", "deeper"));
            File.Delete(outside);
        }
    }

    [Fact]
    public async Task Dot_dot_in_a_path_stays_at_the_root()
    {
        await using var resource = new SshResource(SshTestServer.Options(_folder));
        await ResourceOperations.WriteAllBytesAsync(resource, "/../../inside.txt", Encoding.UTF8.GetBytes("in"));
        Assert.True(File.Exists(Path.Combine(_folder, "inside.txt")));
        Assert.Equal(["inside.txt"], (await ResourceOperations.ListSortedAsync(resource, "/..")).Select(static e => e.Name));
    }

    [Fact]
    public async Task An_unknown_host_key_is_refused_with_its_fingerprint()
    {
        var emptyKnownHosts = Path.GetTempFileName();
        try
        {
            await using var resource = new SshResource(SshTestServer.Options(_folder) with { KnownHosts = emptyKnownHosts });
            var error = await Assert.ThrowsAsync<ResourceException>(async () => await resource.StatAsync("/"));
            Assert.Equal(ResourceError.PermissionDenied, error.Error);
            Assert.Contains("SHA256:", error.Message, StringComparison.Ordinal);
            Assert.Contains("known_hosts: ignore", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(emptyKnownHosts);
        }
        await using var trusting = new SshResource(SshTestServer.Options(_folder) with { KnownHosts = SshResourceOptions.IgnoreKnownHosts });
        Assert.True((await trusting.StatAsync("/"))?.IsDirectory);
    }

    [Fact]
    public async Task Wrong_key_fails_with_permission_denied()
    {
        await using var resource = new SshResource(SshTestServer.Options(_folder) with { IdentityFile = null, Password = "not-the-password" });
        var error = await Assert.ThrowsAsync<ResourceException>(async () => await resource.StatAsync("/"));
        Assert.Equal(ResourceError.PermissionDenied, error.Error);
        Assert.Contains("authentication failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_that_is_down_fails_as_transient()
    {
        var port = LoopbackPort.Unused();
        await using var resource = new SshResource(SshTestServer.Options(_folder) with { Port = port, Timeout = TimeSpan.FromSeconds(5) });
        var error = await Assert.ThrowsAsync<ResourceException>(async () => await resource.StatAsync("/"));
        Assert.Equal(ResourceError.Transient, error.Error);
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registration_reads_the_yaml_keys()
    {
        var identity = TestServices.Require("MIRAGE_TEST_SSH_IDENTITY_FILE");
        var yaml = $"host: example.org\nport: \"2200\"\nusername: deploy\nidentity_file: {identity}\npassphrase: pw\nroot: /srv/data\nknown_hosts: ignore\ntimeout: 5s\n";
        var errors = new List<string>();
        var reader = new ConfigReader(YamlConfigLoader.Load(yaml, "workspace.yaml", static _ => null), errors);
        var options = SshResourceRegistration.ReadOptions(reader);
        reader.RejectUnknownKeys();
        Assert.Empty(errors);
        Assert.Equal(new SshResourceOptions("example.org", "deploy", 2200, null, identity, "pw", "/srv/data", "ignore") { Timeout = TimeSpan.FromSeconds(5) }, options);
        Assert.True(SshResourceRegistration.Register(new ResourceRegistry()).TryGet("ssh", out _));
    }

    [Fact]
    public void Registration_needs_a_password_or_a_key_and_an_absolute_root()
    {
        var errors = new List<string>();
        var reader = new ConfigReader(YamlConfigLoader.Load("host: h\nusername: u\nroot: data\n", "workspace.yaml", static _ => null), errors);
        Assert.Null(SshResourceRegistration.ReadOptions(reader));
        Assert.Contains(errors, static e => e.Contains("one of password or identity_file is required", StringComparison.Ordinal));
        Assert.Contains(errors, static e => e.Contains("expected an absolute remote folder", StringComparison.Ordinal));
    }
}
