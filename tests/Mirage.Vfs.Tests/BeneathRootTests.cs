using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Mirage.Testing;
using Mirage.Vfs.Disk;

namespace Mirage.Vfs.Tests;

/// <summary>The kernel-checked open under a disk root: present on Linux, and refusing (null) every way out.</summary>
[SupportedOSPlatform("linux")]
public sealed class BeneathRootTests : IClassFixture<TemporaryFolder>, IDisposable
{
    private readonly string _outer;
    private readonly string _root;
    private readonly BeneathRoot _beneath;

    public BeneathRootTests(TemporaryFolder folder)
    {
        Assert.True(OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64, "these tests describe 64-bit Linux");
        _outer = folder.CreateSubfolder();
        _root = Directory.CreateDirectory(Path.Join(_outer, "root")).FullName;
        Directory.CreateDirectory(Path.Join(_outer, "outside"));
        File.WriteAllText(Path.Join(_outer, "outside", "o.txt"), "outside");
        Directory.CreateDirectory(Path.Join(_root, "d", "e"));
        File.WriteAllText(Path.Join(_root, "d", "e", "f.txt"), "inside");
        _beneath = BeneathRoot.TryOpen(_root) ?? throw new InvalidOperationException("openat2 is not available here");
    }

    public void Dispose() => _beneath.Dispose();

    [Fact]
    public void Opens_files_inside_and_follows_links_that_stay_inside()
    {
        File.CreateSymbolicLink(Path.Join(_root, "to-f"), "d/e/f.txt");
        Directory.CreateSymbolicLink(Path.Join(_root, "d", "up-and-in"), "../d/e");
        foreach (var path in new[] { "/d/e/f.txt", "/to-f", "/d/up-and-in/f.txt" })
        {
            using var handle = _beneath.TryOpenFile(VPath.Parse(path));
            Assert.NotNull(handle);
            Assert.Equal(6, RandomAccess.GetLength(handle));
        }
    }

    [Fact]
    public void Every_way_out_and_every_error_is_left_to_the_walk()
    {
        File.CreateSymbolicLink(Path.Join(_root, "rel-out"), "../outside/o.txt");
        File.CreateSymbolicLink(Path.Join(_root, "abs-out"), Path.Join(_outer, "outside", "o.txt"));
        Directory.CreateSymbolicLink(Path.Join(_root, "d", "dir-out"), "../../outside");
        File.CreateSymbolicLink(Path.Join(_root, "abs-in"), Path.Join(_root, "d", "e", "f.txt"));
        foreach (var path in new[] { "/rel-out", "/abs-out", "/d/dir-out/o.txt", "/abs-in", "/missing", "/d/e/f.txt/below" })
            Assert.Null(_beneath.TryOpenFile(VPath.Parse(path)));
        Assert.Null(_beneath.TryList(VPath.Parse("/d/dir-out")));
        Assert.Null(_beneath.TryList(VPath.Parse("/d/e/f.txt")));
    }

    [Fact]
    public void Lists_names_with_the_kinds_the_directory_records()
    {
        File.CreateSymbolicLink(Path.Join(_root, "d", "link"), "e/f.txt");
        File.WriteAllText(Path.Join(_root, "d", "plain"), "x");
        var listed = _beneath.TryList(VPath.Parse("/d"));
        Assert.NotNull(listed);
        Assert.Equal(
            [("e", (HostKind?)HostKind.Directory), ("link", HostKind.Link), ("plain", HostKind.File)],
            listed.OrderBy(static e => e.Name, StringComparer.Ordinal));
        Assert.Equal(["d"], _beneath.TryList(VPath.Root)!.Select(static e => e.Name));
    }
}
