using Mirage.Vfs;
using Mirage.Vfs.Ram;

namespace Mirage.Tests;

public sealed class WorkspaceFilesTests
{
    private static Workspace Create() => new(new Dictionary<string, IResource>
    {
        ["/data"] = new RamResource(),
        ["/more"] = new RamResource(),
    });

    [Fact]
    public async Task Text_written_through_the_file_api_reads_back()
    {
        await using var workspace = Create();
        await workspace.Files.WriteAllTextAsync("/data/a.txt", "héllo\n");
        Assert.Equal("héllo\n", await workspace.Files.ReadAllTextAsync("/data/a.txt"));
        Assert.True(await workspace.Files.ExistsAsync("/data/a.txt"));
        Assert.False(await workspace.Files.ExistsAsync("/data/b.txt"));
    }

    [Fact]
    public async Task The_root_lists_the_mounts()
    {
        await using var workspace = Create();
        Assert.Equal(["data", "more"], (await workspace.Files.ListAsync("/")).Select(e => e.Name));
    }

    [Fact]
    public async Task Copy_and_move_work_across_mounts()
    {
        await using var workspace = Create();
        await workspace.Files.CreateDirectoryAsync("/data/x/y", parents: true);
        await workspace.Files.WriteAllTextAsync("/data/x/y/f.txt", "f");
        await workspace.Files.CopyAsync("/data/x", "/more/x");
        Assert.Equal("f", await workspace.Files.ReadAllTextAsync("/more/x/y/f.txt"));
        await workspace.Files.MoveAsync("/more/x", "/data/moved");
        Assert.False(await workspace.Files.ExistsAsync("/more/x"));
        Assert.Equal("f", await workspace.Files.ReadAllTextAsync("/data/moved/y/f.txt"));
    }

    [Fact]
    public async Task Remove_of_a_non_empty_directory_needs_recursive()
    {
        await using var workspace = Create();
        await workspace.Files.CreateDirectoryAsync("/data/d");
        await workspace.Files.WriteAllTextAsync("/data/d/f", "x");
        var error = await Assert.ThrowsAsync<ResourceException>(async () => await workspace.Files.RemoveAsync("/data/d"));
        Assert.Equal(ResourceError.DirectoryNotEmpty, error.Error);
        await workspace.Files.RemoveAsync("/data/d", recursive: true);
        Assert.False(await workspace.Files.ExistsAsync("/data/d"));
    }

    [Fact]
    public async Task A_walk_reaches_every_mount()
    {
        await using var workspace = Create();
        await workspace.Files.WriteAllTextAsync("/data/a", "a");
        await workspace.Files.WriteAllTextAsync("/more/b", "b");
        var paths = new List<string>();
        await foreach (var entry in workspace.Files.WalkAsync("/")) paths.Add(entry.Path.Value);
        paths.Sort(StringComparer.Ordinal);
        Assert.Equal(["/data", "/data/a", "/more", "/more/b"], paths);
    }

    [Fact]
    public async Task Mounts_can_be_added_and_removed_while_the_workspace_lives()
    {
        await using var workspace = Create();
        workspace.Mount("/late", new RamResource(), MountMode.Read);
        Assert.Contains("late", (await workspace.Files.ListAsync("/")).Select(e => e.Name));
        var error = await Assert.ThrowsAsync<ResourceException>(async () => await workspace.Files.WriteAllTextAsync("/late/x", "x"));
        Assert.Equal(ResourceError.ReadOnly, error.Error);
        workspace.Unmount("/late");
        Assert.DoesNotContain("late", (await workspace.Files.ListAsync("/")).Select(e => e.Name));
    }
}
