using Mirage.Testing;
using Mirage.Vfs;
using Mirage.Vfs.Disk;
using Mirage.Vfs.Ram;

namespace Mirage.Commands.Tests;

/// <summary>chmod, mkdir -m and cp -p on mounts of every kind: a host folder, a store without modes, a read-only mount.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ModeMountTests : IDisposable
{
    private readonly string _host = Path.Combine(Path.GetTempPath(), "mirage-modes-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly string _outside = Path.Combine(Path.GetTempPath(), "mirage-outside-" + Guid.NewGuid().ToString("N")[..10]);

    public ModeMountTests()
    {
        Directory.CreateDirectory(_host);
        Directory.CreateDirectory(_outside);
    }

    public void Dispose()
    {
        Directory.Delete(_host, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }

    private Sandbox Create() => new(
        new Mount(VPath.Parse("/disk"), new DiskResource(_host)),
        new Mount(VPath.Parse("/ram"), new RamResource()),
        new Mount(VPath.Parse("/s3"), new CoreVerbsOnly(new ResourceInfo("s3", "objects"))),
        new Mount(VPath.Parse("/ro"), new RamResource(), MountMode.Read));

    [Fact]
    public async Task Chmod_on_a_disk_mount_changes_the_host_file()
    {
        await using var box = Create();
        await File.WriteAllTextAsync(Path.Combine(_host, "run.sh"), "echo hi\n");
        var result = await box.RunAsync("chmod", "-v", "u+x,go-r", "/disk/run.sh");
        Assert.Equal(0, result.Status);
        Assert.Equal("mode of '/disk/run.sh' changed from 0644 (rw-r--r--) to 0700 (rwx------)\n", result.Stdout);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(_host, "run.sh")));
        Assert.Equal("700\n", (await box.RunAsync("stat", "-c", "%a", "/disk/run.sh")).Stdout);
    }

    [Fact]
    public async Task Chmod_through_a_link_that_leaves_the_disk_root_is_refused_and_the_outside_file_keeps_its_mode()
    {
        await using var box = Create();
        var secret = Path.Combine(_outside, "secret");
        await File.WriteAllTextAsync(secret, "x");
        File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.CreateSymbolicLink(Path.Combine(_host, "escape"), secret);
        var result = await box.RunAsync("chmod", "777", "/disk/escape");
        Assert.Equal(1, result.Status);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secret));
        Assert.StartsWith("chmod: ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chmod_on_a_store_without_modes_reports_operation_not_supported()
    {
        await using var box = Create();
        await box.WriteAsync("/s3/x", "x");
        var result = await box.RunAsync("chmod", "755", "/s3/x");
        Assert.Equal(1, result.Status);
        Assert.Equal("chmod: changing permissions of '/s3/x': Operation not supported\n", result.Stderr);
        var verbose = await box.RunAsync("chmod", "-v", "600", "/s3/x");
        Assert.Equal("failed to change mode of '/s3/x' from 0644 (rw-r--r--) to 0600 (rw-------)\n", verbose.Stdout);
        Assert.Equal(1, (await box.RunAsync("chmod", "-f", "600", "/s3/x")).Status);
        Assert.Equal("", (await box.RunAsync("chmod", "-f", "600", "/s3/x")).Stderr);
    }

    [Fact]
    public async Task Chmod_on_a_read_only_mount_is_refused()
    {
        await using var box = Create();
        var result = await box.RunAsync("chmod", "-R", "go-rwx", "/ro");
        Assert.Equal(1, result.Status);
        Assert.Equal("chmod: changing permissions of '/ro': Read-only file system\n", result.Stderr);
        Assert.Equal("755\n", (await box.RunAsync("stat", "-c", "%a", "/ro")).Stdout);
    }

    [Fact]
    public async Task Cp_p_carries_modes_between_mounts_and_into_a_store_without_them_still_copies()
    {
        await using var box = Create();
        await box.WriteAsync("/ram/tool", "#!/bin/sh\n");
        Assert.Equal(0, (await box.RunAsync("chmod", "4750", "/ram/tool")).Status);
        Assert.Equal(0, (await box.RunAsync("cp", "-p", "/ram/tool", "/disk/tool")).Status);
        Assert.Equal((UnixFileMode)0x9E8, File.GetUnixFileMode(Path.Combine(_host, "tool")));
        Assert.Equal(0, (await box.RunAsync("cp", "/ram/tool", "/disk/plain")).Status);
        Assert.Equal((UnixFileMode)0x1E8, File.GetUnixFileMode(Path.Combine(_host, "plain")));
        var toStore = await box.RunAsync("cp", "-a", "/ram/tool", "/s3/tool");
        Assert.Equal(0, toStore.Status);
        Assert.Equal("#!/bin/sh\n", await box.ReadAsync("/s3/tool"));
    }

    [Fact]
    public async Task Mkdir_m_on_a_disk_mount_sets_the_host_directory_mode()
    {
        await using var box = Create();
        Assert.Equal(0, (await box.RunAsync("mkdir", "-m", "u=rwx,g=rx,o=", "/disk/private")).Status);
        Assert.Equal((UnixFileMode)0x1E8, File.GetUnixFileMode(Path.Combine(_host, "private")));
    }
}
