using Mirage.Testing;
using Mirage.Vfs;
using Mirage.Vfs.Ram;

namespace Mirage.Vfs.Tests;

public sealed class RamResourceContractTests : UnixTreeContractTests
{
    protected override ValueTask<IResource> CreateResourceAsync() => ValueTask.FromResult<IResource>(new RamResource());

    [Fact]
    public async Task Files_have_mode_0644_and_directories_0755()
    {
        await WriteTextAsync(P("f"), "x");
        await Resource.CreateDirectoryAsync(P("d"));
        Assert.Equal(Convert.ToInt32("644", 8), (await Resource.StatAsync(P("f")))?.Mode);
        Assert.Equal(Convert.ToInt32("755", 8), (await Resource.StatAsync(P("d")))?.Mode);
        Assert.Equal(Convert.ToInt32("755", 8), (await Resource.StatAsync(VPath.Root))?.Mode);
    }

    [Fact]
    public async Task Absolute_link_targets_resolve_from_the_resource_root()
    {
        var ram = (RamResource)Resource;
        await Resource.CreateDirectoryAsync(P("a"));
        await Resource.CreateDirectoryAsync(P("a/b"));
        await WriteTextAsync(P("a/b/c.txt"), "c");
        await ram.CreateSymlinkAsync(P("abs"), "/a/b");
        await ram.CreateSymlinkAsync(P("a/up"), "../a/b/c.txt");
        Assert.Equal("c", await ReadTextAsync(P("abs/c.txt")));
        Assert.Equal("c", await ReadTextAsync(P("a/up")));
    }

    [Fact]
    public async Task Link_dot_dot_climbs_from_where_the_link_really_is()
    {
        var ram = (RamResource)Resource;
        await Resource.CreateDirectoryAsync(P("x"));
        await Resource.CreateDirectoryAsync(P("x/y"));
        await WriteTextAsync(P("x/here.txt"), "physical");
        await ram.CreateSymlinkAsync(P("deep"), "x/y");
        // As the kernel resolves it: deep/.. is the parent of x/y, which is x.
        await ram.CreateSymlinkAsync(P("x/y/back"), "../here.txt");
        Assert.Equal("physical", await ReadTextAsync(P("deep/back")));
    }

    [Fact]
    public async Task Renaming_a_directory_into_itself_fails_with_invalid_argument()
    {
        var ram = (RamResource)Resource;
        await Resource.CreateDirectoryAsync(P("d"));
        var error = await Assert.ThrowsAsync<ResourceException>(async () => await ram.RenameAsync(P("d"), P("d/inside")));
        Assert.Equal(ResourceError.InvalidArgument, error.Error);
        Assert.True((await Resource.StatAsync(P("d")))?.IsDirectory);
    }

    [Fact]
    public async Task Removing_the_root_fails_and_keeps_everything()
    {
        await WriteTextAsync(P("f"), "x");
        var error = await Assert.ThrowsAsync<ResourceException>(async () => await Resource.RemoveAsync(VPath.Root, recursive: true));
        Assert.Equal(ResourceError.Busy, error.Error);
        Assert.Equal("x", await ReadTextAsync(P("f")));
    }
}
