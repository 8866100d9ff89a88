using Mirage.Vfs;
using Mirage.Vfs.Ram;

namespace Mirage.Vfs.Tests;

public sealed class MountTableTests
{
    private static readonly IResource Any = new RamResource();

    private static MountTable Table(params string[] prefixes) => new(prefixes.Select(p => new Mount(VPath.Parse(p), Any)));

    [Theory]
    [InlineData("/data/x", "/data", "/x")]
    [InlineData("/data", "/data", "/")]
    [InlineData("/data/inner/y", "/data/inner", "/y")]
    [InlineData("/data/innerx", "/data", "/innerx")]
    [InlineData("/database", "/", "/database")]
    public void The_longest_prefix_owns_a_path(string path, string owner, string inner)
    {
        var table = Table("/", "/data", "/data/inner");
        Assert.True(table.TryResolve(VPath.Parse(path), out var mount, out var innerPath));
        Assert.Equal(VPath.Parse(owner), mount.Prefix);
        Assert.Equal(VPath.Parse(inner), innerPath);
    }

    [Fact]
    public void Paths_outside_every_mount_resolve_to_nothing()
    {
        Assert.False(Table("/data").TryResolve(VPath.Parse("/other"), out _, out _));
        Assert.False(Table("/data").TryResolve(VPath.Root, out _, out _));
    }

    [Fact]
    public void Synthetic_children_name_the_next_segment_of_each_mount_below()
    {
        var table = Table("/a/b", "/a/c/d", "/e");
        Assert.Equal(["a", "e"], table.SyntheticChildren(VPath.Root));
        Assert.Equal(["b", "c"], table.SyntheticChildren(VPath.Parse("/a")));
        Assert.Equal(["d"], table.SyntheticChildren(VPath.Parse("/a/c")));
        Assert.Empty(table.SyntheticChildren(VPath.Parse("/a/b")));
    }

    [Fact]
    public void Two_mounts_at_one_prefix_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Table("/data", "/data/"));
    }

    [Theory]
    [InlineData("read", MountMode.Read)]
    [InlineData("r", MountMode.Read)]
    [InlineData("write", MountMode.Write)]
    [InlineData("rw", MountMode.Write)]
    [InlineData("exec", MountMode.Exec)]
    [InlineData("rwx", MountMode.Exec)]
    public void Mount_modes_parse_long_and_short_names(string text, MountMode expected)
    {
        Assert.True(MountModes.TryParse(text, out var mode));
        Assert.Equal(expected, mode);
    }

    [Fact]
    public void Unknown_mount_modes_are_rejected()
    {
        Assert.False(MountModes.TryParse("admin", out _));
    }
}
