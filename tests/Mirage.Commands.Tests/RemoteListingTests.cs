using Mirage.Testing;
using Mirage.Vfs;
using Mirage.Vfs.Ram;

namespace Mirage.Commands.Tests;

/// <summary>Commands over a backend that is neither in memory nor on disk: listing costs a remote call each.</summary>
public sealed class RemoteListingTests
{
    [Fact]
    public async Task Ls_l_lists_only_the_directory_asked_for()
    {
        await using var box = new Sandbox(new Mount(VPath.Parse("/s3"), new CoreVerbsOnly(new ResourceInfo("s3", "objects"))));
        for (var i = 0; i < 20; i++) await box.WriteAsync($"/s3/bucket/p{i:00}/obj", "x");
        var before = box.Files.Log.Position;
        var result = await box.RunAsync("ls", "-l", "/s3/bucket");
        Assert.Equal(0, result.Status);
        Assert.Equal(21, result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Single(box.Files.Log.Snapshot(before), r => r.Kind == OperationKind.List);
        Assert.StartsWith("drwxr-xr-x 1 user user", result.Stdout.Split('\n')[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cp_streams_from_a_remote_mount_into_ram()
    {
        await using var box = new Sandbox(new Mount(VPath.Parse("/s3"), new CoreVerbsOnly(new ResourceInfo("s3", "objects"))), new Mount(VPath.Parse("/data"), new RamResource()));
        await box.WriteAsync("/s3/x.csv", "a,b\n1,2\n");
        Assert.Equal(0, (await box.RunAsync("cp", "/s3/x.csv", "/data/x.csv")).Status);
        Assert.Equal("a,b\n1,2\n", await box.ReadAsync("/data/x.csv"));
    }
}
