using Mirage.Testing;
using Mirage.Vfs;
using Mirage.Vfs.Disk;

namespace Mirage.Vfs.Tests;

// Mode bits and links as Unix has them.
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DiskResourceContractTests : UnixTreeContractTests, IClassFixture<TemporaryFolder>
{
    private readonly TemporaryFolder _folder;
    private string? _root;

    public DiskResourceContractTests(TemporaryFolder folder) => _folder = folder;

    private string Root => _root ?? throw new InvalidOperationException("No resource yet.");

    protected override ValueTask<IResource> CreateResourceAsync()
    {
        _root = _folder.CreateSubfolder();
        return ValueTask.FromResult<IResource>(new DiskResource(_root));
    }

    [Fact]
    public async Task Entries_carry_the_host_sizes_and_mode_bits()
    {
        await WriteTextAsync(P("f"), "12345");
        File.SetUnixFileMode(Path.Join(Root, "f"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var info = await Resource.StatAsync(P("f"));
        Assert.Equal(5, info?.Size);
        Assert.Equal(Convert.ToInt32("640", 8), info?.Mode);
        Assert.Equal(new FileInfo(Path.Join(Root, "f")).LastWriteTimeUtc, info?.Modified);
    }

    [Fact]
    public async Task Replacing_a_file_keeps_its_mode_bits()
    {
        await WriteTextAsync(P("script.sh"), "echo 1");
        File.SetUnixFileMode(Path.Join(Root, "script.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await WriteTextAsync(P("script.sh"), "echo 2");
        Assert.Equal(Convert.ToInt32("700", 8), (await Resource.StatAsync(P("script.sh")))?.Mode);
    }

    [Fact]
    public async Task Files_made_on_the_host_are_seen_and_files_written_here_land_on_the_host()
    {
        await File.WriteAllTextAsync(Path.Join(Root, "from-host.txt"), "host");
        Assert.Equal("host", await ReadTextAsync(P("from-host.txt")));
        await WriteTextAsync(P("from-here.txt"), "here");
        Assert.Equal("here", await File.ReadAllTextAsync(Path.Join(Root, "from-here.txt")));
    }

    [Fact]
    public async Task Name_with_a_newline_round_trips()
    {
        var path = P("line\nbreak.txt");
        await WriteTextAsync(path, "ok");
        Assert.Equal(["line\nbreak.txt"], await ListNamesAsync(Base));
        Assert.Equal("ok", await ReadTextAsync(path));
        Assert.True(File.Exists(Path.Join(Root, "line\nbreak.txt")));
    }

    [Fact]
    public async Task Failed_and_cancelled_writes_leave_no_temporary_file_behind()
    {
        await WriteTextAsync(P("f"), "old");
        await Assert.ThrowsAnyAsync<IOException>(async () => await Resource.WriteAsync(P("f"), new FailingStream(new byte[100_000])));
        using var cancel = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Resource.WriteAsync(P("f"), new FailingStream(new byte[100_000], cancel), default, cancel.Token));
        Assert.Equal(["f"], Directory.GetFileSystemEntries(Root).Select(Path.GetFileName));
        Assert.Equal("old", await File.ReadAllTextAsync(Path.Join(Root, "f")));
    }

    [Fact]
    public async Task A_link_inside_the_root_given_as_a_tree_path_is_stored_so_host_tools_follow_it_too()
    {
        Assert.True(Resource.TryGetCapability<ISymlinks>(out var links));
        await Resource.CreateDirectoryAsync(P("d"));
        await WriteTextAsync(P("d/target.txt"), "t");
        await links.CreateSymlinkAsync(P("abs"), "/d/target.txt");
        Assert.Equal("/d/target.txt", await links.ReadLinkAsync(P("abs")));
        Assert.Equal("t", await ReadTextAsync(P("abs")));
        Assert.Equal("t", await File.ReadAllTextAsync(Path.Join(Root, "abs")));
    }

    [Fact]
    public async Task A_root_given_through_a_link_works_and_absolute_links_under_either_spelling_stay_inside()
    {
        var real = _folder.CreateSubfolder();
        var alias = Path.Join(_folder.Path, "alias-" + Guid.NewGuid().ToString("N"));
        Directory.CreateSymbolicLink(alias, real);
        await File.WriteAllTextAsync(Path.Join(real, "x.txt"), "x");
        File.CreateSymbolicLink(Path.Join(real, "via-alias"), Path.Join(alias, "x.txt"));
        File.CreateSymbolicLink(Path.Join(real, "via-real"), Path.Join(real, "x.txt"));
        await using var disk = new DiskResource(alias);
        Assert.Equal(real, disk.HostRoot);
        foreach (var name in new[] { "/x.txt", "/via-alias", "/via-real" })
        {
            var stream = await disk.OpenReadAsync(name);
            await using (stream)
            {
                using var reader = new StreamReader(stream);
                Assert.Equal("x", await reader.ReadToEndAsync());
            }
        }
    }

    [Fact]
    public async Task Only_temporary_files_of_writes_in_flight_are_left_out_of_listings()
    {
        await File.WriteAllTextAsync(Path.Join(Root, ".mirage-" + Guid.NewGuid().ToString("N") + ".tmp"), "partial");
        await File.WriteAllTextAsync(Path.Join(Root, ".mirage-notes.tmp"), "a user's file");
        Assert.Equal([".mirage-notes.tmp"], await ListNamesAsync(Base));
    }

    [Fact]
    public void A_missing_root_is_refused()
    {
        Assert.Throws<DirectoryNotFoundException>(() => new DiskResource(Path.Join(_folder.Path, "does-not-exist")));
    }
}
