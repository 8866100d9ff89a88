using System.Text;
using Mirage.Vfs;

namespace Mirage.Testing;

/// <summary>
/// Behaviours every <see cref="IResource"/> must have. Subclass it once per implementation: give a fresh,
/// empty, writable resource per test and declare which optional capabilities it has. The tests use only
/// <see cref="IResource"/>, its capabilities and <see cref="ResourceOperations"/>, and work below
/// <see cref="Base"/> (and <see cref="OtherBase"/>), so a subclass can point them at writable corners of a larger tree.
/// </summary>
public abstract class ResourceContractTests : IAsyncLifetime
{
    private IResource? _resource;

    protected IResource Resource => _resource ?? throw new InvalidOperationException("The resource is created in InitializeAsync.");

    /// <summary>A fresh, empty, writable resource for one test.</summary>
    protected abstract ValueTask<IResource> CreateResourceAsync();

    /// <summary>Releases what <see cref="CreateResourceAsync"/> made; disposes the resource by default.</summary>
    protected virtual ValueTask DisposeResourceAsync(IResource resource) => resource.DisposeAsync();

    /// <summary>The directory the tests work in; it exists and is empty when a test starts.</summary>
    protected virtual VPath Base => VPath.Root;

    /// <summary>
    /// A second empty directory, for implementations whose tree joins several backends (a workspace with two
    /// mounts): moves and copies between <see cref="Base"/> and here cross from one backend to another.
    /// Null when the implementation is one backend.
    /// </summary>
    protected virtual VPath? OtherBase => null;

    protected abstract bool SupportsRename { get; }

    protected abstract bool SupportsServerSideCopy { get; }

    protected abstract bool SupportsSymlinks { get; }

    protected abstract bool SupportsTimestamps { get; }

    /// <summary>Whether the resource offers <see cref="IChangeMode"/> (permission bits).</summary>
    protected virtual bool SupportsModes => false;

    /// <summary>Whether a reader opened before a replace is guaranteed the old or the new content whole.</summary>
    protected virtual bool ReadersSeeSnapshots => true;

    public async Task InitializeAsync() => _resource = await CreateResourceAsync();

    public async Task DisposeAsync()
    {
        if (_resource is not null) await DisposeResourceAsync(_resource);
    }

    // ---- stat ----

    [Fact]
    public async Task Stat_of_a_missing_path_is_null()
    {
        Assert.Null(await Resource.StatAsync(P("missing.txt")));
    }

    [Fact]
    public async Task Stat_of_a_path_below_a_missing_directory_is_null()
    {
        Assert.Null(await Resource.StatAsync(P("no/such/dir/file.txt")));
    }

    [Fact]
    public async Task Stat_of_the_root_is_a_directory()
    {
        var root = await Resource.StatAsync(VPath.Root);
        Assert.NotNull(root);
        Assert.Equal(EntryKind.Directory, root.Kind);
        Assert.True((await Resource.StatAsync(Base))?.IsDirectory);
    }

    [Fact]
    public async Task Stat_of_a_file_reports_its_kind_path_and_size()
    {
        await WriteTextAsync(P("a.txt"), "hello");
        var info = await Resource.StatAsync(P("a.txt"));
        Assert.NotNull(info);
        Assert.Equal(EntryKind.File, info.Kind);
        Assert.Equal(P("a.txt"), info.Path);
        Assert.Equal(5, info.Size);
    }

    // ---- round trips ----

    [Fact]
    public async Task Empty_file_round_trips()
    {
        var written = await WriteBytesAsync(P("empty"), []);
        Assert.Equal(0, written.Size);
        Assert.Empty(await ReadBytesAsync(P("empty")));
        Assert.Equal(0, (await Resource.StatAsync(P("empty")))?.Size);
    }

    [Fact]
    public async Task Small_text_file_round_trips()
    {
        await WriteTextAsync(P("small.txt"), "line one\nline two\n");
        Assert.Equal("line one\nline two\n", await ReadTextAsync(P("small.txt")));
    }

    [Fact]
    public async Task Binary_file_with_every_byte_value_round_trips()
    {
        var content = Enumerable.Range(0, 256).Select(static i => (byte)i).Concat(Enumerable.Range(0, 256).Select(static i => (byte)(255 - i))).ToArray();
        await WriteBytesAsync(P("all-bytes.bin"), content);
        Assert.Equal(content, await ReadBytesAsync(P("all-bytes.bin")));
    }

    [Fact]
    public async Task File_with_a_unicode_name_and_content_round_trips()
    {
        var path = P("données-日本語-😀.txt");
        await WriteTextAsync(path, "grüße, 世界 🌍");
        Assert.Equal("grüße, 世界 🌍", await ReadTextAsync(path));
        Assert.Contains("données-日本語-😀.txt", await ListNamesAsync(Base));
    }

    [Fact]
    public async Task Multi_megabyte_file_round_trips()
    {
        var content = RandomBytes(5 * 1024 * 1024 + 17, seed: 5);
        var written = await WriteBytesAsync(P("big.bin"), content);
        Assert.Equal(content.Length, written.Size);
        Assert.Equal(content, await ReadBytesAsync(P("big.bin")));
    }

    [Fact]
    public async Task Write_returns_an_entry_describing_the_new_file()
    {
        var written = await WriteTextAsync(P("new.txt"), "12345678");
        Assert.Equal(EntryKind.File, written.Kind);
        Assert.Equal(8, written.Size);
        Assert.Equal(P("new.txt"), written.Path);
    }

    [Fact]
    public async Task Overwriting_with_shorter_content_leaves_no_old_tail()
    {
        await WriteTextAsync(P("f.txt"), "a much longer first version");
        await WriteTextAsync(P("f.txt"), "short");
        Assert.Equal("short", await ReadTextAsync(P("f.txt")));
        Assert.Equal(5, (await Resource.StatAsync(P("f.txt")))?.Size);
    }

    // ---- ranged reads ----

    [Fact]
    public async Task Ranged_read_at_the_start_returns_the_first_bytes()
    {
        await WriteTextAsync(P("r.txt"), "0123456789");
        Assert.Equal("0123", await ReadTextAsync(P("r.txt"), new ByteRange(0, 4)));
    }

    [Fact]
    public async Task Ranged_read_in_the_middle_returns_the_slice()
    {
        await WriteTextAsync(P("r.txt"), "0123456789");
        Assert.Equal("3456", await ReadTextAsync(P("r.txt"), new ByteRange(3, 4)));
    }

    [Fact]
    public async Task Ranged_read_from_an_offset_returns_the_tail()
    {
        await WriteTextAsync(P("r.txt"), "0123456789");
        Assert.Equal("789", await ReadTextAsync(P("r.txt"), ByteRange.FromOffset(7)));
    }

    [Fact]
    public async Task Ranged_read_running_past_the_end_is_cut_at_the_end()
    {
        await WriteTextAsync(P("r.txt"), "0123456789");
        Assert.Equal("89", await ReadTextAsync(P("r.txt"), new ByteRange(8, 100)));
    }

    [Fact]
    public async Task Ranged_read_starting_past_the_end_is_empty()
    {
        await WriteTextAsync(P("r.txt"), "0123456789");
        Assert.Empty(await ReadBytesAsync(P("r.txt"), new ByteRange(10, 5)));
        Assert.Empty(await ReadBytesAsync(P("r.txt"), ByteRange.FromOffset(1000)));
    }

    [Fact]
    public async Task Ranged_read_of_an_empty_file_is_empty()
    {
        await WriteBytesAsync(P("empty"), []);
        Assert.Empty(await ReadBytesAsync(P("empty"), new ByteRange(0, 4096)));
        Assert.Empty(await ReadBytesAsync(P("empty"), ByteRange.FromOffset(0)));
    }

    [Fact]
    public async Task Ranged_read_of_zero_length_is_empty()
    {
        await WriteTextAsync(P("r.txt"), "0123456789");
        Assert.Empty(await ReadBytesAsync(P("r.txt"), new ByteRange(4, 0)));
    }

    [Fact]
    public async Task Ranged_read_deep_inside_a_large_file_returns_the_exact_slice()
    {
        var content = RandomBytes(3 * 1024 * 1024, seed: 7);
        await WriteBytesAsync(P("big.bin"), content);
        var slice = await ReadBytesAsync(P("big.bin"), new ByteRange(2_000_001, 70_000));
        Assert.Equal(content.AsSpan(2_000_001, 70_000).ToArray(), slice);
    }

    // ---- listing ----

    [Fact]
    public async Task Listing_an_empty_directory_yields_nothing()
    {
        await Resource.CreateDirectoryAsync(P("empty"));
        Assert.Empty(await ListAsync(P("empty")));
    }

    [Fact]
    public async Task Listing_yields_the_direct_children_in_ordinal_name_order()
    {
        string[] names = ["b.txt", "B.txt", "a", "_x", "10", "9", "Z", "é"];
        foreach (var name in names) await WriteTextAsync(P(name), name);
        await Resource.CreateDirectoryAsync(P("dir"));
        await WriteTextAsync(P("dir/nested.txt"), "deep");
        var expected = names.Append("dir").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, await ListNamesAsync(Base));
    }

    [Fact]
    public async Task Listing_reports_kinds_sizes_and_paths_under_the_listed_directory()
    {
        await Resource.CreateDirectoryAsync(P("d"));
        await Resource.CreateDirectoryAsync(P("d/sub"));
        await WriteTextAsync(P("d/file.txt"), "abc");
        var entries = await ListAsync(P("d"));
        Assert.Equal(2, entries.Count);
        var file = Assert.Single(entries, static e => e.Name == "file.txt");
        Assert.Equal(EntryKind.File, file.Kind);
        Assert.Equal(3, file.Size);
        Assert.Equal(P("d/file.txt"), file.Path);
        var sub = Assert.Single(entries, static e => e.Name == "sub");
        Assert.Equal(EntryKind.Directory, sub.Kind);
        Assert.Equal(P("d/sub"), sub.Path);
    }

    [Fact]
    public async Task Listing_a_file_fails_with_not_a_directory()
    {
        await WriteTextAsync(P("f.txt"), "x");
        await AssertFailsAsync(ResourceError.NotADirectory, () => ListAsync(P("f.txt")));
    }

    [Fact]
    public async Task Listing_a_missing_directory_fails_with_not_found()
    {
        await AssertFailsAsync(ResourceError.NotFound, () => ListAsync(P("nowhere")));
    }

    [Fact]
    public async Task Listing_names_gives_the_names_kinds_and_paths_a_full_listing_gives()
    {
        await Resource.CreateDirectoryAsync(P("n"));
        await Resource.CreateDirectoryAsync(P("n/sub"));
        await WriteTextAsync(P("n/sub/deep.txt"), "deep");
        foreach (var name in new[] { "b.txt", "a.txt", "B", ".hidden" }) await WriteTextAsync(P("n/" + name), name);
        var full = await ListAsync(P("n"));
        var names = await ListOnlyNamesAsync(P("n"));
        Assert.Equal(full.Select(static e => (e.Name, e.Kind, e.Path)), names.Select(static e => (e.Name, e.Kind, e.Path)));
        Assert.Equal([".hidden", "B", "a.txt", "b.txt", "sub"], names.Select(static e => e.Name));
        Assert.Equal(EntryKind.Directory, names.Single(static e => e.Name == "sub").Kind);
    }

    [Fact]
    public async Task Listing_names_fails_as_a_full_listing_does()
    {
        await WriteTextAsync(P("f.txt"), "x");
        await AssertFailsAsync(ResourceError.NotADirectory, () => ListOnlyNamesAsync(P("f.txt")));
        await AssertFailsAsync(ResourceError.NotFound, () => ListOnlyNamesAsync(P("nowhere")));
    }

    // ---- read and write failures ----

    [Fact]
    public async Task Reading_a_directory_fails_with_is_a_directory()
    {
        await Resource.CreateDirectoryAsync(P("d"));
        await AssertFailsAsync(ResourceError.IsADirectory, () => ReadBytesAsync(P("d")));
    }

    [Fact]
    public async Task Reading_a_missing_file_fails_with_not_found()
    {
        await AssertFailsAsync(ResourceError.NotFound, () => ReadBytesAsync(P("missing.txt")));
    }

    [Fact]
    public async Task Writing_into_a_missing_parent_fails_with_not_found()
    {
        await AssertFailsAsync(ResourceError.NotFound, () => WriteTextAsync(P("no/such/file.txt"), "x"));
        Assert.Null(await Resource.StatAsync(P("no")));
    }

    [Fact]
    public async Task Writing_over_a_directory_fails_with_is_a_directory()
    {
        await Resource.CreateDirectoryAsync(P("d"));
        await AssertFailsAsync(ResourceError.IsADirectory, () => WriteTextAsync(P("d"), "x"));
        Assert.True((await Resource.StatAsync(P("d")))?.IsDirectory);
    }

    [Fact]
    public async Task Writing_below_a_file_fails_with_not_a_directory_or_not_found()
    {
        await WriteTextAsync(P("f.txt"), "x");
        await AssertFailsAsync([ResourceError.NotADirectory, ResourceError.NotFound], () => WriteTextAsync(P("f.txt/inner"), "y"));
        Assert.Equal("x", await ReadTextAsync(P("f.txt")));
    }

    // ---- directories ----

    [Fact]
    public async Task Created_directory_is_a_directory_listed_in_its_parent()
    {
        await Resource.CreateDirectoryAsync(P("made"));
        Assert.True((await Resource.StatAsync(P("made")))?.IsDirectory);
        Assert.Equal(["made"], await ListNamesAsync(Base));
    }

    [Fact]
    public async Task Creating_an_existing_directory_fails_with_already_exists()
    {
        await Resource.CreateDirectoryAsync(P("d"));
        await AssertFailsAsync(ResourceError.AlreadyExists, () => Resource.CreateDirectoryAsync(P("d")).AsTask());
    }

    [Fact]
    public async Task Creating_a_directory_where_a_file_is_fails_with_already_exists()
    {
        await WriteTextAsync(P("f"), "x");
        await AssertFailsAsync(ResourceError.AlreadyExists, () => Resource.CreateDirectoryAsync(P("f")).AsTask());
        Assert.Equal("x", await ReadTextAsync(P("f")));
    }

    [Fact]
    public async Task Creating_a_directory_under_a_file_fails_with_not_a_directory_or_not_found()
    {
        await WriteTextAsync(P("f"), "x");
        await AssertFailsAsync([ResourceError.NotADirectory, ResourceError.NotFound], () => Resource.CreateDirectoryAsync(P("f/sub")).AsTask());
    }

    [Fact]
    public async Task Creating_a_directory_in_a_missing_parent_fails_with_not_found()
    {
        await AssertFailsAsync(ResourceError.NotFound, () => Resource.CreateDirectoryAsync(P("a/b")).AsTask());
        Assert.Null(await Resource.StatAsync(P("a")));
    }

    // ---- remove ----

    [Fact]
    public async Task Removing_a_file_makes_it_absent()
    {
        await WriteTextAsync(P("f.txt"), "x");
        await Resource.RemoveAsync(P("f.txt"));
        Assert.Null(await Resource.StatAsync(P("f.txt")));
        Assert.Empty(await ListAsync(Base));
    }

    [Fact]
    public async Task Removing_an_empty_directory_makes_it_absent()
    {
        await Resource.CreateDirectoryAsync(P("d"));
        await Resource.RemoveAsync(P("d"));
        Assert.Null(await Resource.StatAsync(P("d")));
    }

    [Fact]
    public async Task Removing_a_non_empty_directory_without_recursive_fails_and_keeps_it()
    {
        await Resource.CreateDirectoryAsync(P("d"));
        await WriteTextAsync(P("d/f.txt"), "keep");
        await AssertFailsAsync(ResourceError.DirectoryNotEmpty, () => Resource.RemoveAsync(P("d")).AsTask());
        Assert.Equal("keep", await ReadTextAsync(P("d/f.txt")));
    }

    [Fact]
    public async Task Recursive_remove_deletes_the_whole_subtree()
    {
        await Resource.CreateDirectoryAsync(P("d"));
        await Resource.CreateDirectoryAsync(P("d/e"));
        await Resource.CreateDirectoryAsync(P("d/e/f"));
        await WriteTextAsync(P("d/1.txt"), "1");
        await WriteTextAsync(P("d/e/f/2.txt"), "2");
        await WriteTextAsync(P("keep.txt"), "k");
        await Resource.RemoveAsync(P("d"), recursive: true);
        Assert.Null(await Resource.StatAsync(P("d")));
        Assert.Null(await Resource.StatAsync(P("d/e/f/2.txt")));
        Assert.Equal(["keep.txt"], await ListNamesAsync(Base));
    }

    [Fact]
    public async Task Removing_a_missing_path_fails_with_not_found()
    {
        await AssertFailsAsync(ResourceError.NotFound, () => Resource.RemoveAsync(P("missing")).AsTask());
        await AssertFailsAsync(ResourceError.NotFound, () => Resource.RemoveAsync(P("missing"), recursive: true).AsTask());
    }

    // ---- write options ----

    [Fact]
    public async Task Append_adds_to_the_end()
    {
        await WriteTextAsync(P("log"), "one\n");
        var info = await WriteTextAsync(P("log"), "two\n", new WriteOptions(Append: true));
        Assert.Equal("one\ntwo\n", await ReadTextAsync(P("log")));
        Assert.Equal(8, info.Size);
    }

    [Fact]
    public async Task Append_to_a_missing_file_creates_it()
    {
        await WriteTextAsync(P("log"), "first", new WriteOptions(Append: true));
        Assert.Equal("first", await ReadTextAsync(P("log")));
    }

    [Fact]
    public async Task CreateNew_on_an_existing_file_fails_with_already_exists_and_keeps_the_content()
    {
        await WriteTextAsync(P("f"), "old");
        await AssertFailsAsync(ResourceError.AlreadyExists, () => WriteTextAsync(P("f"), "new", new WriteOptions(CreateNew: true)));
        Assert.Equal("old", await ReadTextAsync(P("f")));
    }

    [Fact]
    public async Task CreateNew_on_a_missing_file_creates_it()
    {
        await WriteTextAsync(P("f"), "fresh", new WriteOptions(CreateNew: true));
        Assert.Equal("fresh", await ReadTextAsync(P("f")));
    }

    [Fact]
    public async Task IfMatch_with_a_stale_fingerprint_fails_with_conflict_and_keeps_the_content()
    {
        var first = await WriteTextAsync(P("f"), "first");
        var stale = first.Fingerprint ?? (await Resource.StatAsync(P("f")))?.Fingerprint;
        Assert.NotNull(stale);
        await WriteTextAsync(P("f"), "second, longer");
        await AssertFailsAsync(ResourceError.Conflict, () => WriteTextAsync(P("f"), "third", new WriteOptions(IfMatch: stale)));
        Assert.Equal("second, longer", await ReadTextAsync(P("f")));
    }

    [Fact]
    public async Task IfMatch_with_the_current_fingerprint_succeeds()
    {
        await WriteTextAsync(P("f"), "first");
        var current = (await Resource.StatAsync(P("f")))?.Fingerprint;
        Assert.NotNull(current);
        await WriteTextAsync(P("f"), "second", new WriteOptions(IfMatch: current));
        Assert.Equal("second", await ReadTextAsync(P("f")));
    }

    [Fact]
    public async Task IfMatch_on_a_missing_file_fails_with_conflict()
    {
        await AssertFailsAsync(ResourceError.Conflict, () => WriteTextAsync(P("f"), "x", new WriteOptions(IfMatch: "anything")));
        Assert.Null(await Resource.StatAsync(P("f")));
    }

    // ---- rename and copy (capabilities with fallbacks) ----

    [Fact]
    public async Task Capabilities_are_exactly_the_declared_ones()
    {
        Assert.Equal(SupportsRename, Resource.TryGetCapability<IRenamable>(out _));
        Assert.Equal(SupportsServerSideCopy, Resource.TryGetCapability<IServerSideCopy>(out _));
        Assert.Equal(SupportsSymlinks, Resource.TryGetCapability<ISymlinks>(out _));
        Assert.Equal(SupportsTimestamps, Resource.TryGetCapability<ITimestamps>(out _));
        Assert.Equal(SupportsModes, Resource.TryGetCapability<IChangeMode>(out _));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Rename_moves_a_file()
    {
        await WriteTextAsync(P("a.txt"), "content");
        await MoveAsync(P("a.txt"), P("b.txt"));
        Assert.Null(await Resource.StatAsync(P("a.txt")));
        Assert.Equal("content", await ReadTextAsync(P("b.txt")));
    }

    [Fact]
    public async Task Rename_moves_a_directory_with_its_children()
    {
        await Resource.CreateDirectoryAsync(P("src"));
        await Resource.CreateDirectoryAsync(P("src/inner"));
        await WriteTextAsync(P("src/one.txt"), "1");
        await WriteTextAsync(P("src/inner/two.txt"), "2");
        await MoveAsync(P("src"), P("dst"));
        Assert.Null(await Resource.StatAsync(P("src")));
        Assert.Equal(["inner", "one.txt"], await ListNamesAsync(P("dst")));
        Assert.Equal("1", await ReadTextAsync(P("dst/one.txt")));
        Assert.Equal("2", await ReadTextAsync(P("dst/inner/two.txt")));
    }

    [Fact]
    public async Task Rename_over_an_existing_file_replaces_it()
    {
        await WriteTextAsync(P("a"), "new");
        await WriteTextAsync(P("b"), "old, and longer");
        await MoveAsync(P("a"), P("b"));
        Assert.Null(await Resource.StatAsync(P("a")));
        Assert.Equal("new", await ReadTextAsync(P("b")));
        Assert.Equal(["b"], await ListNamesAsync(Base));
    }

    [Fact]
    public async Task Rename_of_a_missing_source_fails_with_not_found()
    {
        await AssertFailsAsync(ResourceError.NotFound, () => MoveAsync(P("missing"), P("b")));
        Assert.Null(await Resource.StatAsync(P("b")));
    }

    [Fact]
    public async Task Rename_into_a_missing_directory_fails_with_not_found_and_keeps_the_source()
    {
        await WriteTextAsync(P("a"), "x");
        await AssertFailsAsync(ResourceError.NotFound, () => MoveAsync(P("a"), P("no/b")));
        Assert.Equal("x", await ReadTextAsync(P("a")));
    }

    [Fact]
    public async Task Copy_duplicates_a_file_and_leaves_the_source()
    {
        var content = RandomBytes(100_000, seed: 3);
        await WriteBytesAsync(P("a.bin"), content);
        EntryInfo copied;
        if (SupportsServerSideCopy)
        {
            Assert.True(Resource.TryGetCapability<IServerSideCopy>(out var copier));
            copied = await copier.CopyAsync(P("a.bin"), P("b.bin"));
        }
        else
        {
            Assert.False(Resource.TryGetCapability<IServerSideCopy>(out _));
            copied = await ResourceOperations.CopyFileAsync(Resource, P("a.bin"), Resource, P("b.bin"));
        }
        Assert.Equal(content.Length, copied.Size);
        Assert.Equal(content, await ReadBytesAsync(P("a.bin")));
        Assert.Equal(content, await ReadBytesAsync(P("b.bin")));
    }

    [Fact]
    public async Task Copy_is_independent_of_its_source_afterwards()
    {
        await WriteTextAsync(P("a"), "original");
        await ResourceOperations.CopyFileAsync(Resource, P("a"), Resource, P("b"));
        await WriteTextAsync(P("a"), "changed");
        Assert.Equal("original", await ReadTextAsync(P("b")));
    }

    [Fact]
    public async Task Moving_a_tree_to_the_other_area_carries_every_file()
    {
        await Resource.CreateDirectoryAsync(P("tree"));
        await Resource.CreateDirectoryAsync(P("tree/sub"));
        await WriteTextAsync(P("tree/a.txt"), "a");
        await WriteBytesAsync(P("tree/sub/b.bin"), RandomBytes(300_000, seed: 9));
        var destination = OtherBase is { } other ? other / "moved" : P("moved");
        if (OtherBase is null) Assert.Null(OtherBase); // One backend: the move stays inside it.
        await MoveAsync(P("tree"), destination);
        Assert.Null(await Resource.StatAsync(P("tree")));
        Assert.Equal(["a.txt", "sub"], await ListNamesAsync(destination));
        Assert.Equal("a", await ReadTextAsync(destination / "a.txt"));
        Assert.Equal(RandomBytes(300_000, seed: 9), await ReadBytesAsync(destination / "sub/b.bin"));
    }

    [Fact]
    public async Task Copying_a_file_to_the_other_area_streams_it_whole()
    {
        var content = RandomBytes(2 * 1024 * 1024 + 3, seed: 11);
        await WriteBytesAsync(P("big.bin"), content);
        var destination = OtherBase is { } other ? other / "copy.bin" : P("copy.bin");
        if (OtherBase is null) Assert.Null(OtherBase); // One backend: the copy stays inside it.
        var copied = await ResourceOperations.CopyFileAsync(Resource, P("big.bin"), Resource, destination);
        Assert.Equal(content.Length, copied.Size);
        Assert.Equal(content, await ReadBytesAsync(destination));
        Assert.Equal(content, await ReadBytesAsync(P("big.bin")));
    }

    // ---- names ----

    [Theory]
    [InlineData("with space.txt")]
    [InlineData(" leading and trailing ")]
    [InlineData(".hidden")]
    [InlineData("..dots")]
    [InlineData("...")]
    [InlineData("ünïcödé-名前-😀")]
    [InlineData("hash#tag")]
    [InlineData("100%")]
    [InlineData("%41%2F")]
    [InlineData("q?u*e[r]y")]
    [InlineData("semi;colon&amp 'quote' \"double\"")]
    [InlineData("back\\slash")]
    [InlineData("-dash-first")]
    public async Task Odd_names_round_trip_through_write_stat_list_and_read(string name)
    {
        await Resource.CreateDirectoryAsync(P("d"));
        var path = P("d") / name;
        Assert.Equal(name, path.Name);
        await WriteTextAsync(path, name);
        Assert.Equal(name, (await Resource.StatAsync(path))?.Name);
        Assert.Equal([name], await ListNamesAsync(P("d")));
        Assert.Equal(name, await ReadTextAsync(path));
        await Resource.RemoveAsync(path);
        Assert.Empty(await ListAsync(P("d")));
    }

    [Fact]
    public async Task Directory_with_odd_name_holds_files()
    {
        var dir = P("my dir #1 %20 .x");
        await Resource.CreateDirectoryAsync(dir);
        await WriteTextAsync(dir / ".env", "A=1");
        Assert.Equal([".env"], await ListNamesAsync(dir));
        Assert.Equal("A=1", await ReadTextAsync(dir / ".env"));
    }

    // ---- concurrency ----

    [Fact]
    public async Task Concurrent_writers_to_one_file_leave_one_writers_full_content()
    {
        const int writers = 8;
        const int size = 256 * 1024;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(i => Task.Run(async () =>
        {
            var content = new byte[size];
            Array.Fill(content, (byte)('a' + i));
            await WriteBytesAsync(P("contended.bin"), content);
        })));
        var result = await ReadBytesAsync(P("contended.bin"));
        Assert.Equal(size, result.Length);
        Assert.InRange(result[0], (byte)'a', (byte)('a' + writers - 1));
        Assert.All(result, b => Assert.Equal(result[0], b));
    }

    [Fact]
    public async Task Concurrent_writers_to_different_files_all_land()
    {
        const int writers = 16;
        await Resource.CreateDirectoryAsync(P("many"));
        await Task.WhenAll(Enumerable.Range(0, writers).Select(i => Task.Run(async () =>
            await WriteTextAsync(P("many") / $"file-{i:D2}.txt", new string((char)('a' + i), 1000 + i)))));
        var names = await ListNamesAsync(P("many"));
        Assert.Equal(Enumerable.Range(0, writers).Select(static i => $"file-{i:D2}.txt"), names);
        for (var i = 0; i < writers; i++)
            Assert.Equal(new string((char)('a' + i), 1000 + i), await ReadTextAsync(P("many") / $"file-{i:D2}.txt"));
    }

    [Fact]
    public async Task Reader_opened_before_a_replace_returns_the_old_or_the_new_content_whole()
    {
        const int size = 1024 * 1024;
        var oldContent = new byte[size];
        Array.Fill(oldContent, (byte)'o');
        var newContent = new byte[size];
        Array.Fill(newContent, (byte)'n');
        await WriteBytesAsync(P("f"), oldContent);
        var stream = await Resource.OpenReadAsync(P("f"));
        byte[] seen;
        await using (stream)
        {
            var buffer = new MemoryStream();
            var chunk = new byte[4096];
            var read = await stream.ReadAsync(chunk);
            buffer.Write(chunk, 0, read);
            await WriteBytesAsync(P("f"), newContent);
            await stream.CopyToAsync(buffer);
            seen = buffer.ToArray();
        }
        if (ReadersSeeSnapshots)
        {
            Assert.Equal(size, seen.Length);
            Assert.All(seen, b => Assert.Equal(seen[0], b));
        }
        else
        {
            // Without snapshots a reader may fail or mix, but the file itself must be the new content.
            Assert.False(ReadersSeeSnapshots);
        }
        Assert.Equal(newContent, await ReadBytesAsync(P("f")));
    }

    // ---- metadata ----

    [Fact]
    public async Task Sizes_match_the_content_after_every_kind_of_write()
    {
        await WriteBytesAsync(P("f"), new byte[1234]);
        Assert.Equal(1234, (await Resource.StatAsync(P("f")))?.Size);
        await WriteBytesAsync(P("f"), new byte[10], new WriteOptions(Append: true));
        Assert.Equal(1244, (await Resource.StatAsync(P("f")))?.Size);
        await WriteBytesAsync(P("f"), new byte[1]);
        Assert.Equal(1, (await Resource.StatAsync(P("f")))?.Size);
    }

    [Fact]
    public async Task Modification_times_are_close_to_now()
    {
        var before = DateTimeOffset.UtcNow;
        await WriteTextAsync(P("f"), "x");
        await Resource.CreateDirectoryAsync(P("d"));
        var after = DateTimeOffset.UtcNow;
        // Generous bounds: a remote backend's clock may be a little off ours; this catches unset or local-time values.
        var slack = TimeSpan.FromMinutes(5);
        foreach (var path in new[] { P("f"), P("d") })
        {
            var modified = (await Resource.StatAsync(path))?.Modified;
            Assert.NotNull(modified);
            Assert.InRange(modified.Value, before - slack, after + slack);
        }
    }

    [Fact]
    public async Task Fingerprint_changes_after_a_write_of_the_same_length()
    {
        await WriteTextAsync(P("f"), "aaaa");
        var first = (await Resource.StatAsync(P("f")))?.Fingerprint;
        await WriteTextAsync(P("f"), "bbbb");
        var second = (await Resource.StatAsync(P("f")))?.Fingerprint;
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Fingerprint_is_stable_without_writes()
    {
        await WriteTextAsync(P("f"), "stable");
        var first = (await Resource.StatAsync(P("f")))?.Fingerprint;
        await ReadTextAsync(P("f"));
        Assert.Equal(first, (await Resource.StatAsync(P("f")))?.Fingerprint);
    }

    // ---- failed and cancelled writes ----

    [Fact]
    public async Task Cancelled_write_leaves_the_old_content()
    {
        await WriteTextAsync(P("f"), "old content");
        using var cancel = new CancellationTokenSource();
        var source = new FailingStream(RandomBytes(200_000, seed: 1), cancel);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Resource.WriteAsync(P("f"), source, default, cancel.Token));
        Assert.Equal("old content", await ReadTextAsync(P("f")));
        Assert.Equal(["f"], await ListNamesAsync(Base));
    }

    [Fact]
    public async Task Write_whose_source_fails_midway_leaves_the_old_content()
    {
        await WriteTextAsync(P("f"), "old content");
        var source = new FailingStream(RandomBytes(200_000, seed: 2));
        await Assert.ThrowsAnyAsync<IOException>(async () => await Resource.WriteAsync(P("f"), source));
        Assert.Equal("old content", await ReadTextAsync(P("f")));
        Assert.Equal(["f"], await ListNamesAsync(Base));
    }

    [Fact]
    public async Task Write_whose_source_fails_midway_creates_nothing()
    {
        await Assert.ThrowsAnyAsync<IOException>(async () => await Resource.WriteAsync(P("f"), new FailingStream(new byte[1000])));
        Assert.Null(await Resource.StatAsync(P("f")));
        Assert.Empty(await ListAsync(Base));
    }

    // ---- optional capabilities ----

    [Fact]
    public async Task Symlink_to_a_file_reads_through_and_reports_itself_as_a_link()
    {
        if (!SupportsSymlinks)
        {
            Assert.False(Resource.TryGetCapability<ISymlinks>(out _));
            return;
        }
        Assert.True(Resource.TryGetCapability<ISymlinks>(out var links));
        await WriteTextAsync(P("target.txt"), "through the link");
        await links.CreateSymlinkAsync(P("link"), "target.txt");
        Assert.Equal("through the link", await ReadTextAsync(P("link")));
        Assert.Equal("target.txt", await links.ReadLinkAsync(P("link")));
        Assert.Null(await links.ReadLinkAsync(P("target.txt")));
        var info = await Resource.StatAsync(P("link"));
        Assert.Equal(EntryKind.Symlink, info?.Kind);
        Assert.Equal("target.txt", info?.LinkTarget);
        Assert.Contains(await ListAsync(Base), static e => e.Name == "link" && e.Kind == EntryKind.Symlink);
    }

    [Fact]
    public async Task Symlink_to_a_directory_lists_and_writes_through()
    {
        if (!SupportsSymlinks)
        {
            Assert.False(Resource.TryGetCapability<ISymlinks>(out _));
            return;
        }
        Assert.True(Resource.TryGetCapability<ISymlinks>(out var links));
        await Resource.CreateDirectoryAsync(P("real"));
        await WriteTextAsync(P("real/a.txt"), "a");
        await links.CreateSymlinkAsync(P("alias"), "real");
        Assert.Equal(["a.txt"], await ListNamesAsync(P("alias")));
        await WriteTextAsync(P("alias/b.txt"), "b");
        Assert.Equal("b", await ReadTextAsync(P("real/b.txt")));
        await Resource.RemoveAsync(P("alias"));
        Assert.Equal(["a.txt", "b.txt"], await ListNamesAsync(P("real")));
    }

    [Fact]
    public async Task Symlink_loop_fails_with_too_many_links()
    {
        if (!SupportsSymlinks)
        {
            Assert.False(Resource.TryGetCapability<ISymlinks>(out _));
            return;
        }
        Assert.True(Resource.TryGetCapability<ISymlinks>(out var links));
        await links.CreateSymlinkAsync(P("ping"), "pong");
        await links.CreateSymlinkAsync(P("pong"), "ping");
        await AssertFailsAsync(ResourceError.TooManyLinks, () => ReadBytesAsync(P("ping")));
        await AssertFailsAsync(ResourceError.AlreadyExists, () => links.CreateSymlinkAsync(P("ping"), "elsewhere").AsTask());
    }

    [Fact]
    public async Task Dangling_symlink_is_listed_but_reading_it_fails_with_not_found()
    {
        if (!SupportsSymlinks)
        {
            Assert.False(Resource.TryGetCapability<ISymlinks>(out _));
            return;
        }
        Assert.True(Resource.TryGetCapability<ISymlinks>(out var links));
        await links.CreateSymlinkAsync(P("dangling"), "nothing-here");
        Assert.Equal(["dangling"], await ListNamesAsync(Base));
        await AssertFailsAsync(ResourceError.NotFound, () => ReadBytesAsync(P("dangling")));
    }

    [Fact]
    public async Task Renaming_a_symlink_moves_the_link_not_its_target()
    {
        if (!SupportsSymlinks || !SupportsRename)
        {
            Assert.False(Resource.TryGetCapability<ISymlinks>(out _) && Resource.TryGetCapability<IRenamable>(out _));
            return;
        }
        Assert.True(Resource.TryGetCapability<ISymlinks>(out var links));
        Assert.True(Resource.TryGetCapability<IRenamable>(out var renamer));
        await Resource.CreateDirectoryAsync(P("dir"));
        await WriteTextAsync(P("dir/f.txt"), "f");
        await links.CreateSymlinkAsync(P("to-dir"), "dir");
        await links.CreateSymlinkAsync(P("to-file"), "dir/f.txt");
        await renamer.RenameAsync(P("to-dir"), P("renamed-dir-link"));
        await renamer.RenameAsync(P("to-file"), P("renamed-file-link"));
        Assert.Equal(["dir", "renamed-dir-link", "renamed-file-link"], await ListNamesAsync(Base));
        Assert.Equal("dir", await links.ReadLinkAsync(P("renamed-dir-link")));
        Assert.Equal(["f.txt"], await ListNamesAsync(P("renamed-dir-link")));
        Assert.Equal("f", await ReadTextAsync(P("renamed-file-link")));
        Assert.Equal(["f.txt"], await ListNamesAsync(P("dir")));
    }

    [Fact]
    public async Task Native_rename_of_a_directory_replaces_an_empty_one_but_not_a_full_one()
    {
        if (!SupportsRename)
        {
            Assert.False(Resource.TryGetCapability<IRenamable>(out _));
            return;
        }
        Assert.True(Resource.TryGetCapability<IRenamable>(out var renamer));
        await Resource.CreateDirectoryAsync(P("a"));
        await WriteTextAsync(P("a/x"), "x");
        await Resource.CreateDirectoryAsync(P("empty"));
        await Resource.CreateDirectoryAsync(P("full"));
        await WriteTextAsync(P("full/y"), "y");
        await AssertFailsAsync(ResourceError.DirectoryNotEmpty, () => renamer.RenameAsync(P("a"), P("full")).AsTask());
        Assert.Equal(["y"], await ListNamesAsync(P("full")));
        await renamer.RenameAsync(P("a"), P("empty"));
        Assert.Equal(["x"], await ListNamesAsync(P("empty")));
        Assert.Null(await Resource.StatAsync(P("a")));
    }

    [Fact]
    public async Task Setting_the_modification_time_is_seen_by_stat()
    {
        await WriteTextAsync(P("f"), "x");
        var when = new DateTimeOffset(2001, 2, 3, 4, 5, 6, TimeSpan.Zero);
        if (!SupportsTimestamps)
        {
            Assert.False(Resource.TryGetCapability<ITimestamps>(out _));
            return;
        }
        Assert.True(Resource.TryGetCapability<ITimestamps>(out var times));
        await times.SetModifiedAsync(P("f"), when);
        var modified = (await Resource.StatAsync(P("f")))?.Modified;
        Assert.NotNull(modified);
        Assert.InRange(modified.Value, when.AddSeconds(-1), when.AddSeconds(1));
        Assert.Equal("x", await ReadTextAsync(P("f")));
    }

    [Fact]
    public async Task Changed_modes_are_seen_by_stat_and_listing()
    {
        if (!SupportsModes)
        {
            Assert.False(Resource.TryGetCapability<IChangeMode>(out _));
            return;
        }
        Assert.True(Resource.TryGetCapability<IChangeMode>(out var modes));
        await WriteTextAsync(P("f"), "x");
        await Resource.CreateDirectoryAsync(P("d"));
        // Asked first, so a cache in front has the old answers to forget.
        Assert.NotNull((await Resource.StatAsync(P("f")))?.Mode);
        Assert.Equal(2, (await ListAsync(Base)).Count);
        await modes.ChangeModeAsync(P("f"), 0b111_101_000); // 0750
        await modes.ChangeModeAsync(P("d"), 0b111_000_000); // 0700
        Assert.Equal(0b111_101_000, (await Resource.StatAsync(P("f")))?.Mode & 0xFFF);
        Assert.Equal(0b111_000_000, (await Resource.StatAsync(P("d")))?.Mode & 0xFFF);
        var listed = (await ListAsync(Base)).ToDictionary(e => e.Name, e => e.Mode & 0xFFF);
        Assert.Equal(0b111_101_000, listed["f"]);
        Assert.Equal(0b111_000_000, listed["d"]);
        Assert.Equal("x", await ReadTextAsync(P("f")));
    }

    [Fact]
    public async Task Overwriting_a_file_keeps_its_mode()
    {
        if (!SupportsModes) return;
        Assert.True(Resource.TryGetCapability<IChangeMode>(out var modes));
        await WriteTextAsync(P("f"), "old");
        await modes.ChangeModeAsync(P("f"), 0b111_000_000);
        await WriteTextAsync(P("f"), "new");
        await WriteBytesAsync(P("f"), "!"u8.ToArray(), new WriteOptions(Append: true));
        Assert.Equal(0b111_000_000, (await Resource.StatAsync(P("f")))?.Mode & 0xFFF);
        Assert.Equal("new!", await ReadTextAsync(P("f")));
    }

    [Fact]
    public async Task Changing_the_mode_of_a_missing_path_fails_with_not_found()
    {
        if (!SupportsModes) return;
        Assert.True(Resource.TryGetCapability<IChangeMode>(out var modes));
        await AssertFailsAsync(ResourceError.NotFound, async () => await modes.ChangeModeAsync(P("missing"), 0b110_100_100));
        Assert.Null(await Resource.StatAsync(P("missing")));
    }

    // ---- helpers ----

    /// <summary>A path below <see cref="Base"/>.</summary>
    protected VPath P(string relative) => Base / relative;

    protected async Task MoveAsync(VPath source, VPath destination)
    {
        if (SupportsRename)
        {
            Assert.True(Resource.TryGetCapability<IRenamable>(out var renamer));
            await renamer.RenameAsync(source, destination);
        }
        else
        {
            // The fallback (copy, then remove) must do the same job without NotSupported.
            Assert.False(Resource.TryGetCapability<IRenamable>(out _));
            await ResourceOperations.MoveAsync(Resource, source, Resource, destination);
        }
    }

    protected async Task<EntryInfo> WriteBytesAsync(VPath path, byte[] content, WriteOptions options = default)
    {
        using var stream = new MemoryStream(content, writable: false);
        return await Resource.WriteAsync(path, stream, options with { Length = options.Append ? null : content.Length });
    }

    protected Task<EntryInfo> WriteTextAsync(VPath path, string text, WriteOptions options = default) =>
        WriteBytesAsync(path, Encoding.UTF8.GetBytes(text), options);

    protected async Task<byte[]> ReadBytesAsync(VPath path, ByteRange range = default)
    {
        var stream = await Resource.OpenReadAsync(path, range);
        await using (stream)
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer);
            return buffer.ToArray();
        }
    }

    protected async Task<string> ReadTextAsync(VPath path, ByteRange range = default) =>
        Encoding.UTF8.GetString(await ReadBytesAsync(path, range));

    protected async Task<List<EntryInfo>> ListAsync(VPath directory)
    {
        var entries = new List<EntryInfo>();
        await foreach (var entry in Resource.ListAsync(directory)) entries.Add(entry);
        return entries;
    }

    /// <summary>Names in the order the resource yields them (which the contract says is ordinal).</summary>
    /// <summary>The names-and-kinds listing, through the capability where the resource has it.</summary>
    protected async Task<List<EntryInfo>> ListOnlyNamesAsync(VPath directory)
    {
        var entries = new List<EntryInfo>();
        await foreach (var entry in ResourceOperations.ListNamesAsync(Resource, directory)) entries.Add(entry);
        return entries;
    }

    protected async Task<List<string>> ListNamesAsync(VPath directory) =>
        [.. (await ListAsync(directory)).Select(static e => e.Name)];

    protected static Task<ResourceException> AssertFailsAsync(ResourceError expected, Func<Task> action) =>
        AssertFailsAsync([expected], action);

    protected static async Task<ResourceException> AssertFailsAsync(ResourceError[] allowed, Func<Task> action)
    {
        var error = await Assert.ThrowsAsync<ResourceException>(action);
        Assert.Contains(error.Error, allowed);
        return error;
    }

    protected static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
