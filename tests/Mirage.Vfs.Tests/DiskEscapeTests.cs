using System.Runtime.Versioning;
using System.Text;
using Mirage.Testing;
using Mirage.Vfs;
using Mirage.Vfs.Disk;

namespace Mirage.Vfs.Tests;

/// <summary>
/// No path or link trick reaches outside a disk root. Each test has a root folder and, beside it, a
/// "secret" folder holding a sentinel file; every test ends by checking the sentinel was not changed
/// and that nothing new appeared beside it, and no read in these tests ever returns its bytes.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class DiskEscapeTests : IClassFixture<TemporaryFolder>, IAsyncLifetime
{
    private const string Secret = "SECRET-SENTINEL";

    private readonly string _outer;
    private readonly string _root;
    private readonly string _secretFolder;
    private readonly string _sentinel;
    private readonly DateTime _sentinelModified;
    private readonly DiskResource _disk;

    public DiskEscapeTests(TemporaryFolder folder)
    {
        _outer = folder.CreateSubfolder();
        _root = Directory.CreateDirectory(Path.Join(_outer, "root")).FullName;
        _secretFolder = Directory.CreateDirectory(Path.Join(_outer, "secret")).FullName;
        _sentinel = Path.Join(_secretFolder, "secret.txt");
        File.WriteAllText(_sentinel, Secret);
        _sentinelModified = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(_sentinel, _sentinelModified);
        _disk = new DiskResource(_root);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _disk.DisposeAsync();
        AssertSentinelUntouched();
    }

    [Theory]
    [InlineData("../secret/secret.txt")]
    [InlineData("/../secret/secret.txt")]
    [InlineData("/../../../../secret/secret.txt")]
    [InlineData("a/../../secret/secret.txt")]
    [InlineData("./../secret/./secret.txt")]
    [InlineData("..//..//secret//secret.txt")]
    [InlineData("/root/../../secret/secret.txt")]
    [InlineData("%2e%2e/secret/secret.txt")]
    [InlineData("....//secret/secret.txt")]
    public async Task Dot_dot_in_any_spelling_stays_inside_the_root(string spelling)
    {
        var path = VPath.Parse(spelling);
        Assert.True(path.IsUnder(VPath.Root));
        Assert.Null(await _disk.StatAsync(path));
        await AssertFailsAsync(ResourceError.NotFound, () => ReadAsync(path));
        await AssertFailsAsync(ResourceError.NotFound, () => WriteAsync(path, "overwrite"));
        await AssertFailsAsync(ResourceError.NotFound, () => _disk.RemoveAsync(path, recursive: true).AsTask());
    }

    [Fact]
    public async Task Backslashes_are_part_of_a_name_not_separators()
    {
        await WriteAsync("/..\\secret\\secret.txt", "literal");
        Assert.Equal("literal", await File.ReadAllTextAsync(Path.Join(_root, "..\\secret\\secret.txt")));
        Assert.Equal(["..\\secret\\secret.txt"], (await ListAsync("/")).Select(static e => e.Name));
    }

    [Fact]
    public async Task Dot_dot_that_normalises_to_a_path_inside_writes_inside()
    {
        await WriteAsync(VPath.Parse("../../secret.txt"), "inside");
        Assert.Equal("inside", await File.ReadAllTextAsync(Path.Join(_root, "secret.txt")));
    }

    [Fact]
    public async Task Absolute_link_to_etc_cannot_be_read_listed_or_statted_through()
    {
        File.CreateSymbolicLink(Path.Join(_root, "etc"), "/etc");
        await AssertFailsAsync(ResourceError.PermissionDenied, () => ReadAsync("/etc/passwd"));
        await AssertFailsAsync(ResourceError.PermissionDenied, () => ReadAsync("/etc/hostname"));
        await AssertFailsAsync(ResourceError.PermissionDenied, () => ListAsync("/etc"));
        Assert.Null(await _disk.StatAsync("/etc/passwd"));
        // The link itself is an entry of the root and may be seen as such.
        Assert.Equal(EntryKind.Symlink, (await _disk.StatAsync("/etc"))?.Kind);
    }

    [Fact]
    public async Task Absolute_link_to_an_outside_file_cannot_be_read_or_written_through()
    {
        File.CreateSymbolicLink(Path.Join(_root, "leak"), _sentinel);
        await AssertFailsAsync(ResourceError.PermissionDenied, () => ReadAsync("/leak"));
        await AssertFailsAsync(ResourceError.PermissionDenied, () => ReadAsync("/leak", new ByteRange(0, 3)));
        await AssertFailsAsync(ResourceError.PermissionDenied, () => WriteAsync("/leak", "pwned"));
        await AssertFailsAsync(ResourceError.PermissionDenied, () => WriteAsync("/leak", "pwned", new WriteOptions(Append: true)));
        await AssertFailsAsync(ResourceError.PermissionDenied, () => WriteAsync("/leak", "pwned", new WriteOptions(IfMatch: "x")));
        await AssertFailsAsync(ResourceError.PermissionDenied, () => _disk.SetModifiedAsync("/leak", DateTimeOffset.UtcNow).AsTask());
        Assert.Equal(EntryKind.Symlink, (await _disk.StatAsync("/leak"))?.Kind);
    }

    [Fact]
    public async Task Relative_links_climbing_out_are_refused()
    {
        Directory.CreateDirectory(Path.Join(_root, "d", "e"));
        File.CreateSymbolicLink(Path.Join(_root, "up"), "../secret/secret.txt");
        File.CreateSymbolicLink(Path.Join(_root, "d", "e", "up3"), "../../../secret/secret.txt");
        File.CreateSymbolicLink(Path.Join(_root, "d", "updir"), "../../secret");
        File.CreateSymbolicLink(Path.Join(_root, "d", "dotted"), "./e/../../../secret/secret.txt");
        await AssertFailsAsync(ResourceError.PermissionDenied, () => ReadAsync("/up"));
        await AssertFailsAsync(ResourceError.PermissionDenied, () => ReadAsync("/d/e/up3"));
        await AssertFailsAsync(ResourceError.PermissionDenied, () => ReadAsync("/d/updir/secret.txt"));
        await AssertFailsAsync(ResourceError.PermissionDenied, () => ReadAsync("/d/dotted"));
        await AssertFailsAsync(ResourceError.PermissionDenied, () => ListAsync("/d/updir"));
        await AssertFailsAsync(ResourceError.PermissionDenied, () => ListNamesAsync("/d/updir"));
        await AssertFailsAsync(ResourceError.PermissionDenied, () => WriteAsync("/d/updir/new.txt", "x"));
    }

    [Fact]
    public async Task Link_that_leaves_the_root_and_comes_back_is_refused_all_the_same()
    {
        await WriteAsync("/inside.txt", "inside");
        File.CreateSymbolicLink(Path.Join(_root, "roundabout"), "../root/inside.txt");
        await AssertFailsAsync(ResourceError.PermissionDenied, () => ReadAsync("/roundabout"));
    }

    [Fact]
    public async Task Chains_of_links_that_end_outside_are_refused()
    {
        Directory.CreateDirectory(Path.Join(_root, "sub"));
        File.CreateSymbolicLink(Path.Join(_root, "a"), "b");
        File.CreateSymbolicLink(Path.Join(_root, "b"), "sub/c");
        File.CreateSymbolicLink(Path.Join(_root, "sub", "c"), "../d");
        File.CreateSymbolicLink(Path.Join(_root, "d"), _sentinel);
        File.CreateSymbolicLink(Path.Join(_root, "dirlink"), "sub");
        File.CreateSymbolicLink(Path.Join(_root, "sub", "out"), "../../secret");
        await AssertFailsAsync(ResourceError.PermissionDenied, () => ReadAsync("/a"));
        await AssertFailsAsync(ResourceError.PermissionDenied, () => WriteAsync("/a", "pwned"));
        await AssertFailsAsync(ResourceError.PermissionDenied, () => ReadAsync("/dirlink/out/secret.txt"));
        await AssertFailsAsync(ResourceError.PermissionDenied, () => ListAsync("/dirlink/out"));
        Assert.Null(await _disk.StatAsync("/dirlink/out/secret.txt"));
    }

    [Fact]
    public async Task Link_to_an_outside_directory_refuses_every_path_through_it()
    {
        Directory.CreateSymbolicLink(Path.Join(_root, "outdir"), _secretFolder);
        await AssertFailsAsync(ResourceError.PermissionDenied, () => ReadAsync("/outdir/secret.txt"));
        await AssertFailsAsync(ResourceError.PermissionDenied, () => ListAsync("/outdir"));
        await AssertFailsAsync(ResourceError.PermissionDenied, () => ListNamesAsync("/outdir"));
        await AssertFailsAsync(ResourceError.PermissionDenied, () => WriteAsync("/outdir/new.txt", "x"));
        await AssertFailsAsync(ResourceError.PermissionDenied, () => WriteAsync("/outdir/secret.txt", "x"));
        await AssertFailsAsync(ResourceError.PermissionDenied, () => _disk.CreateDirectoryAsync("/outdir/made").AsTask());
        await AssertFailsAsync(ResourceError.PermissionDenied, () => _disk.RemoveAsync("/outdir/secret.txt").AsTask());
        await AssertFailsAsync(ResourceError.PermissionDenied, () => _disk.CreateSymlinkAsync("/outdir/l", "x").AsTask());
        Assert.Null(await _disk.StatAsync("/outdir/secret.txt"));
        Assert.Null(await _disk.ReadLinkAsync("/outdir/secret.txt"));
    }

    [Fact]
    public async Task Creating_a_link_whose_target_climbs_out_is_refused()
    {
        await _disk.CreateDirectoryAsync("/d");
        await AssertFailsAsync(ResourceError.PermissionDenied, () => _disk.CreateSymlinkAsync("/l", "../secret/secret.txt").AsTask());
        await AssertFailsAsync(ResourceError.PermissionDenied, () => _disk.CreateSymlinkAsync("/d/l", "../../secret").AsTask());
        await AssertFailsAsync(ResourceError.PermissionDenied, () => _disk.CreateSymlinkAsync("/d/l", "x/../../../secret").AsTask());
        Assert.Empty(Directory.GetFileSystemEntries(Path.Join(_root, "d")));
        Assert.False(File.Exists(Path.Join(_root, "l")));
    }

    [Fact]
    public async Task An_absolute_link_target_is_a_path_of_the_tree_and_lands_inside()
    {
        // "/../secret/secret.txt" is "/secret/secret.txt" of the tree, which lives under the root.
        await _disk.CreateSymlinkAsync("/l", "/../secret/secret.txt");
        Assert.Equal(Path.Join(_root, "secret", "secret.txt"), new FileInfo(Path.Join(_root, "l")).LinkTarget);
        await AssertFailsAsync(ResourceError.NotFound, () => ReadAsync("/l"));
        await _disk.CreateSymlinkAsync("/etc-link", "/etc/passwd");
        await AssertFailsAsync(ResourceError.NotFound, () => ReadAsync("/etc-link"));
    }

    [Fact]
    public async Task Renaming_onto_an_escaping_link_replaces_the_link_not_its_target()
    {
        File.CreateSymbolicLink(Path.Join(_root, "leak"), _sentinel);
        await WriteAsync("/f", "replacement");
        await _disk.RenameAsync("/f", "/leak");
        Assert.Null(new FileInfo(Path.Join(_root, "leak")).LinkTarget);
        Assert.Equal("replacement", await File.ReadAllTextAsync(Path.Join(_root, "leak")));
    }

    [Fact]
    public async Task Renaming_or_copying_through_an_escaping_link_is_refused()
    {
        Directory.CreateSymbolicLink(Path.Join(_root, "outdir"), _secretFolder);
        File.CreateSymbolicLink(Path.Join(_root, "leak"), _sentinel);
        await WriteAsync("/f", "mine");
        await AssertFailsAsync(ResourceError.PermissionDenied, () => _disk.RenameAsync("/f", "/outdir/f").AsTask());
        await AssertFailsAsync(ResourceError.PermissionDenied, () => _disk.RenameAsync("/outdir/secret.txt", "/stolen").AsTask());
        await AssertFailsAsync(ResourceError.PermissionDenied, () => _disk.CopyAsync("/outdir/secret.txt", "/stolen").AsTask());
        await AssertFailsAsync(ResourceError.PermissionDenied, () => _disk.CopyAsync("/leak", "/stolen").AsTask());
        await AssertFailsAsync(ResourceError.PermissionDenied, () => _disk.CopyAsync("/f", "/outdir/f").AsTask());
        await AssertFailsAsync(ResourceError.PermissionDenied, () => _disk.CopyAsync("/f", "/leak").AsTask());
        await AssertFailsAsync(ResourceError.PermissionDenied, () => ResourceOperations.CopyFileAsync(_disk, "/leak", new Vfs.Ram.RamResource(), "/stolen").AsTask());
        Assert.Null(await _disk.StatAsync("/stolen"));
        Assert.Equal("mine", await ReadAsync("/f"));
    }

    [Fact]
    public async Task Removing_an_escaping_link_removes_only_the_link()
    {
        Directory.CreateSymbolicLink(Path.Join(_root, "outdir"), _secretFolder);
        await _disk.RemoveAsync("/outdir");
        Assert.False(Path.Exists(Path.Join(_root, "outdir")));
        Assert.True(File.Exists(_sentinel));
    }

    [Fact]
    public async Task Recursive_remove_of_a_tree_holding_escaping_links_never_follows_them()
    {
        Directory.CreateDirectory(Path.Join(_root, "tree", "deeper"));
        Directory.CreateSymbolicLink(Path.Join(_root, "tree", "outdir"), _secretFolder);
        Directory.CreateSymbolicLink(Path.Join(_root, "tree", "deeper", "relative-out"), "../../../secret");
        File.CreateSymbolicLink(Path.Join(_root, "tree", "leak"), _sentinel);
        await _disk.RemoveAsync("/tree", recursive: true);
        Assert.False(Directory.Exists(Path.Join(_root, "tree")));
        Assert.True(File.Exists(_sentinel));
    }

    [Fact]
    public async Task Listing_shows_escaping_links_as_links_without_their_contents()
    {
        Directory.CreateSymbolicLink(Path.Join(_root, "outdir"), _secretFolder);
        File.CreateSymbolicLink(Path.Join(_root, "leak"), _sentinel);
        var entries = await ListAsync("/");
        Assert.Equal(["leak", "outdir"], entries.Select(static e => e.Name));
        Assert.All(entries, static e => Assert.Equal(EntryKind.Symlink, e.Kind));
        Assert.All(entries, e => Assert.NotEqual(Secret.Length, e.Size));
        var names = await ListNamesAsync("/");
        Assert.Equal(["leak", "outdir"], names.Select(static e => e.Name));
        Assert.All(names, static e => Assert.Equal(EntryKind.Symlink, e.Kind));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_directory_swapped_for_an_escaping_link_after_it_was_used_is_refused(bool absolute)
    {
        Directory.CreateDirectory(Path.Join(_root, "a"));
        await File.WriteAllTextAsync(Path.Join(_root, "a", "secret.txt"), "inside");
        Assert.Equal("inside", await ReadAsync("/a/secret.txt"));
        Assert.Equal(["secret.txt"], (await ListAsync("/a")).Select(static e => e.Name));
        Assert.Equal(["secret.txt"], (await ListNamesAsync("/a")).Select(static e => e.Name));

        // Swapped on the host, behind the resource's back: every path through it must be checked again.
        Directory.Move(Path.Join(_root, "a"), Path.Join(_root, "a-before"));
        Directory.CreateSymbolicLink(Path.Join(_root, "a"), absolute ? _secretFolder : "../secret");
        await AssertFailsAsync(ResourceError.PermissionDenied, () => ReadAsync("/a/secret.txt"));
        await AssertFailsAsync(ResourceError.PermissionDenied, () => ListAsync("/a"));
        await AssertFailsAsync(ResourceError.PermissionDenied, () => ListNamesAsync("/a"));
        await AssertFailsAsync(ResourceError.PermissionDenied, () => ReadAsync("/a-before/../a/secret.txt"));
        Assert.Null(await _disk.StatAsync("/a/secret.txt"));
    }

    [Fact]
    public async Task A_file_swapped_for_an_escaping_link_after_it_was_read_is_refused()
    {
        await File.WriteAllTextAsync(Path.Join(_root, "f.txt"), "inside");
        Assert.Equal("inside", await ReadAsync("/f.txt"));
        File.Delete(Path.Join(_root, "f.txt"));
        File.CreateSymbolicLink(Path.Join(_root, "f.txt"), "../secret/secret.txt");
        await AssertFailsAsync(ResourceError.PermissionDenied, () => ReadAsync("/f.txt"));
    }

    [Fact]
    public async Task Link_loops_end_with_too_many_links()
    {
        File.CreateSymbolicLink(Path.Join(_root, "loop1"), "loop2");
        File.CreateSymbolicLink(Path.Join(_root, "loop2"), "loop1");
        File.CreateSymbolicLink(Path.Join(_root, "self"), "self/x");
        await AssertFailsAsync(ResourceError.TooManyLinks, () => ReadAsync("/loop1"));
        await AssertFailsAsync(ResourceError.TooManyLinks, () => WriteAsync("/loop2", "x"));
        await AssertFailsAsync(ResourceError.TooManyLinks, () => ReadAsync("/self"));
    }

    [Fact]
    public async Task Links_that_stay_inside_work()
    {
        Directory.CreateDirectory(Path.Join(_root, "real", "inner"));
        await File.WriteAllTextAsync(Path.Join(_root, "real", "inner", "f.txt"), "inside");
        Directory.CreateSymbolicLink(Path.Join(_root, "rel"), "real/inner");
        Directory.CreateSymbolicLink(Path.Join(_root, "abs"), Path.Join(_root, "real"));
        File.CreateSymbolicLink(Path.Join(_root, "real", "inner", "back"), "../../real/inner/f.txt");
        Assert.Equal("inside", await ReadAsync("/rel/f.txt"));
        Assert.Equal("inside", await ReadAsync("/abs/inner/f.txt"));
        Assert.Equal("inside", await ReadAsync("/rel/back"));
        await WriteAsync("/abs/inner/g.txt", "through");
        Assert.Equal("through", await File.ReadAllTextAsync(Path.Join(_root, "real", "inner", "g.txt")));
        Assert.Equal("/real", await _disk.ReadLinkAsync("/abs"));
    }

    [Fact]
    public async Task A_name_holding_a_nul_character_is_an_invalid_argument()
    {
        await AssertFailsAsync(ResourceError.InvalidArgument, () => WriteAsync("/a\0b", "x"));
        // A name cut short at the NUL would be "a": it must not be what gets read or listed.
        await File.WriteAllTextAsync(Path.Join(_root, "a"), "the file named a");
        await AssertFailsAsync(ResourceError.InvalidArgument, () => ReadAsync("/a\0b"));
        Directory.CreateDirectory(Path.Join(_root, "d"));
        await AssertFailsAsync(ResourceError.InvalidArgument, () => ListNamesAsync("/d\0x"));
        await AssertFailsAsync(ResourceError.InvalidArgument, () => _disk.CreateSymlinkAsync("/l", "a\0b").AsTask());
    }

    private void AssertSentinelUntouched()
    {
        Assert.Equal(Secret, File.ReadAllText(_sentinel));
        Assert.Equal(_sentinelModified, File.GetLastWriteTimeUtc(_sentinel));
        Assert.Equal(["secret.txt"], Directory.GetFileSystemEntries(_secretFolder).Select(Path.GetFileName));
        Assert.Equal(["root", "secret"], Directory.GetFileSystemEntries(_outer).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    private async Task<string> ReadAsync(VPath path, ByteRange range = default)
    {
        var stream = await _disk.OpenReadAsync(path, range);
        await using (stream)
        {
            using var reader = new StreamReader(stream);
            var text = await reader.ReadToEndAsync();
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            return text;
        }
    }

    private async Task WriteAsync(VPath path, string text, WriteOptions options = default)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        await _disk.WriteAsync(path, stream, options);
    }

    private async Task<List<EntryInfo>> ListAsync(VPath path)
    {
        var entries = new List<EntryInfo>();
        await foreach (var entry in _disk.ListAsync(path)) entries.Add(entry);
        return entries;
    }

    private async Task<List<EntryInfo>> ListNamesAsync(VPath path)
    {
        var entries = new List<EntryInfo>();
        await foreach (var entry in _disk.ListNamesAsync(path)) entries.Add(entry);
        return entries;
    }

    private static async Task AssertFailsAsync(ResourceError expected, Func<Task> action)
    {
        var error = await Assert.ThrowsAsync<ResourceException>(action);
        Assert.Equal(expected, error.Error);
    }
}
