using Mirage.Vfs;
using Mirage.Vfs.Disk;
using Mirage.Vfs.Ram;

namespace Mirage.Commands.Tests;

/// <summary>The commands over a real directory mounted next to a RAM mount.</summary>
public sealed class DiskMountTests : IDisposable
{
    private readonly string _host = Path.Combine(Path.GetTempPath(), "mirage-disk-" + Guid.NewGuid().ToString("N")[..10]);

    public DiskMountTests() => Directory.CreateDirectory(_host);

    public void Dispose() => Directory.Delete(_host, recursive: true);

    private Sandbox Create() => new(new Mount(VPath.Parse("/disk"), new DiskResource(_host)), new Mount(VPath.Parse("/ram"), new RamResource()));

    [Fact]
    public async Task Cp_and_mv_between_disk_and_ram()
    {
        await using var box = Create();
        await File.WriteAllTextAsync(Path.Combine(_host, "a.txt"), "from disk\n");
        Assert.Equal(0, (await box.RunAsync("cp", "/disk/a.txt", "/ram/a.txt")).Status);
        Assert.Equal("from disk\n", await box.ReadAsync("/ram/a.txt"));
        await box.WriteAsync("/ram/tree/x.txt", "x\n");
        Assert.Equal(0, (await box.RunAsync("mv", "/ram/tree", "/disk/tree")).Status);
        Assert.Equal("x\n", await File.ReadAllTextAsync(Path.Combine(_host, "tree", "x.txt")));
        Assert.False(await box.ExistsAsync("/ram/tree"));
    }

    [Fact]
    public async Task Head_c_on_a_disk_file_reads_only_a_slice()
    {
        await using var box = Create();
        await File.WriteAllBytesAsync(Path.Combine(_host, "big.bin"), new byte[8 * 1024 * 1024]);
        var before = box.Files.Log.Position;
        var result = await box.RunAsync("head", "-c", "64", "/disk/big.bin");
        Assert.Equal(64, result.StdoutBytes.Length);
        var read = box.Files.Log.Snapshot(before).Where(r => r.Kind == OperationKind.Read).Sum(r => r.Bytes);
        Assert.InRange(read, 1, 1024 * 1024);
    }

    [Fact]
    public async Task Ls_find_and_rm_on_disk()
    {
        await using var box = Create();
        Directory.CreateDirectory(Path.Combine(_host, "d", "e"));
        await File.WriteAllTextAsync(Path.Combine(_host, "d", "e", "f.txt"), "f\n");
        await File.WriteAllTextAsync(Path.Combine(_host, "d", "g.txt"), "g\n");
        Assert.Equal("e\ng.txt\n", (await box.RunAsync("ls", "/disk/d")).Stdout);
        Assert.Equal("/disk/d/e/f.txt\n/disk/d/g.txt\n", (await box.RunAsync("find", "/disk/d", "-type", "f")).Stdout);
        Assert.Equal(0, (await box.RunAsync("rm", "-r", "/disk/d")).Status);
        Assert.False(Directory.Exists(Path.Combine(_host, "d")));
    }
}
