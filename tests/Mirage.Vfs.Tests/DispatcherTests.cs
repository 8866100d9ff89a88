using System.Text;
using Mirage.Testing;
using Mirage.Vfs;
using Mirage.Vfs.Ram;

namespace Mirage.Vfs.Tests;

public sealed class DispatcherTests
{
    private static Dispatcher Create(params (string Prefix, MountMode Mode)[] mounts) =>
        new(new MountTable(mounts.Select(m => new Mount(VPath.Parse(m.Prefix), new RamResource(), m.Mode))));

    private static async Task<List<string>> NamesAsync(IResource resource, string directory) =>
        (await ResourceOperations.ListSortedAsync(resource, VPath.Parse(directory))).Select(e => e.Name).ToList();

    private static ValueTask<EntryInfo> WriteAsync(IResource resource, string path, string text) =>
        ResourceOperations.WriteAllBytesAsync(resource, VPath.Parse(path), Encoding.UTF8.GetBytes(text));

    private static async Task<string> ReadAsync(IResource resource, string path) =>
        Encoding.UTF8.GetString(await ResourceOperations.ReadAllBytesAsync(resource, VPath.Parse(path)));

    [Fact]
    public async Task Root_lists_the_mount_points()
    {
        var files = Create(("/data", MountMode.Write), ("/s3", MountMode.Read));
        Assert.Equal(["data", "s3"], await NamesAsync(files, "/"));
    }

    [Fact]
    public async Task Ancestors_of_a_deep_mount_are_directories()
    {
        var files = Create(("/a/b/c", MountMode.Write));
        Assert.Equal(["a"], await NamesAsync(files, "/"));
        Assert.Equal(["b"], await NamesAsync(files, "/a"));
        Assert.Equal(["c"], await NamesAsync(files, "/a/b"));
        var stat = await files.StatAsync(VPath.Parse("/a/b"));
        Assert.NotNull(stat);
        Assert.True(stat.IsDirectory);
        Assert.Null(await files.StatAsync(VPath.Parse("/a/x")));
    }

    [Fact]
    public async Task Longest_prefix_owns_a_path_and_nested_mounts_show_in_their_parent()
    {
        var files = Create(("/data", MountMode.Write), ("/data/inner", MountMode.Write));
        await WriteAsync(files, "/data/outer.txt", "outer");
        await WriteAsync(files, "/data/inner/deep.txt", "deep");
        Assert.Equal(["inner", "outer.txt"], await NamesAsync(files, "/data"));
        Assert.Equal(["deep.txt"], await NamesAsync(files, "/data/inner"));
        var inner = files.Mounts.Mounts.Single(m => m.Prefix == VPath.Parse("/data/inner")).Resource;
        Assert.Equal("deep", await ReadAsync(inner, "/deep.txt"));
    }

    [Fact]
    public async Task Paths_are_rewritten_to_the_whole_tree()
    {
        var files = Create(("/data", MountMode.Write));
        await WriteAsync(files, "/data/a.txt", "x");
        var stat = await files.StatAsync(VPath.Parse("/data/a.txt"));
        Assert.Equal(VPath.Parse("/data/a.txt"), stat!.Path);
        var listed = await ResourceOperations.ListSortedAsync(files, VPath.Parse("/data"));
        Assert.Equal(VPath.Parse("/data/a.txt"), listed.Single().Path);
    }

    [Fact]
    public async Task A_read_only_mount_refuses_every_change_and_keeps_its_content()
    {
        var ram = new RamResource();
        await WriteAsync(ram, "/keep.txt", "original");
        await ram.CreateDirectoryAsync(VPath.Parse("/dir"));
        var files = new Dispatcher(new MountTable([new Mount(VPath.Parse("/ro"), ram, MountMode.Read)]));

        async Task AssertReadOnly(Func<Task> action)
        {
            var error = await Assert.ThrowsAsync<ResourceException>(action);
            Assert.Equal(ResourceError.ReadOnly, error.Error);
            Assert.Equal("Read-only file system", error.Reason);
        }

        await AssertReadOnly(async () => await WriteAsync(files, "/ro/keep.txt", "changed"));
        await AssertReadOnly(async () => await WriteAsync(files, "/ro/new.txt", "new"));
        await AssertReadOnly(async () => await files.CreateDirectoryAsync(VPath.Parse("/ro/sub")));
        await AssertReadOnly(async () => await files.RemoveAsync(VPath.Parse("/ro/keep.txt")));
        await AssertReadOnly(async () => await files.RemoveAsync(VPath.Parse("/ro/dir"), recursive: true));
        await AssertReadOnly(async () => await files.RenameAsync(VPath.Parse("/ro/keep.txt"), VPath.Parse("/ro/moved.txt")));
        await AssertReadOnly(async () => await files.SetModifiedAsync(VPath.Parse("/ro/keep.txt"), DateTimeOffset.UnixEpoch));
        await AssertReadOnly(async () => await files.ChangeModeAsync(VPath.Parse("/ro/keep.txt"), 0x1FF));

        Assert.Equal("original", await ReadAsync(files, "/ro/keep.txt"));
        Assert.Equal(["dir", "keep.txt"], await NamesAsync(files, "/ro"));
    }

    [Fact]
    public async Task Copy_out_of_a_read_only_mount_works_and_copy_into_it_does_not()
    {
        var files = Create(("/ro", MountMode.Read), ("/rw", MountMode.Write));
        var ro = files.Mounts.Mounts.Single(m => m.Prefix == VPath.Parse("/ro")).Resource;
        await WriteAsync(ro, "/a.txt", "payload");
        await files.CopyAsync(VPath.Parse("/ro/a.txt"), VPath.Parse("/rw/a.txt"));
        Assert.Equal("payload", await ReadAsync(files, "/rw/a.txt"));
        var error = await Assert.ThrowsAsync<ResourceException>(async () => await files.CopyAsync(VPath.Parse("/rw/a.txt"), VPath.Parse("/ro/b.txt")));
        Assert.Equal(ResourceError.ReadOnly, error.Error);
        Assert.Null(await files.StatAsync(VPath.Parse("/ro/b.txt")));
    }

    [Fact]
    public async Task Mount_points_and_the_root_cannot_be_removed()
    {
        var files = Create(("/data", MountMode.Write), ("/x/y", MountMode.Write));
        foreach (var path in new[] { "/", "/data", "/x", "/x/y" })
        {
            var error = await Assert.ThrowsAsync<ResourceException>(async () => await files.RemoveAsync(VPath.Parse(path), recursive: true));
            Assert.Equal(ResourceError.Busy, error.Error);
        }
        Assert.Equal(["data", "x"], await NamesAsync(files, "/"));
    }

    [Fact]
    public async Task Nothing_can_be_written_outside_every_mount()
    {
        var files = Create(("/data", MountMode.Write));
        var error = await Assert.ThrowsAsync<ResourceException>(async () => await WriteAsync(files, "/elsewhere.txt", "x"));
        Assert.Equal(ResourceError.ReadOnly, error.Error);
        await Assert.ThrowsAsync<ResourceException>(async () => await files.CreateDirectoryAsync(VPath.Parse("/newdir")));
        Assert.Equal(["data"], await NamesAsync(files, "/"));
    }

    [Fact]
    public async Task Rename_across_mounts_moves_a_tree()
    {
        var files = Create(("/a", MountMode.Write), ("/b", MountMode.Write));
        await files.CreateDirectoryAsync(VPath.Parse("/a/dir"));
        await WriteAsync(files, "/a/dir/one.txt", "1");
        await WriteAsync(files, "/a/dir/two.txt", "2");
        await files.RenameAsync(VPath.Parse("/a/dir"), VPath.Parse("/b/dir"));
        Assert.Empty(await NamesAsync(files, "/a"));
        Assert.Equal(["one.txt", "two.txt"], await NamesAsync(files, "/b/dir"));
        Assert.Equal("2", await ReadAsync(files, "/b/dir/two.txt"));
    }

    [Fact]
    public async Task Rename_across_mounts_keeps_permission_bits()
    {
        var files = Create(("/a", MountMode.Write), ("/b", MountMode.Write));
        await files.CreateDirectoryAsync(VPath.Parse("/a/dir"));
        await WriteAsync(files, "/a/dir/run.sh", "echo");
        await files.ChangeModeAsync(VPath.Parse("/a/dir/run.sh"), 0x1E8); // 0750
        await files.ChangeModeAsync(VPath.Parse("/a/dir"), 0x1C0); // 0700
        await files.RenameAsync(VPath.Parse("/a/dir"), VPath.Parse("/b/dir"));
        Assert.Equal(0x1E8, (await files.StatAsync(VPath.Parse("/b/dir/run.sh")))?.Mode);
        Assert.Equal(0x1C0, (await files.StatAsync(VPath.Parse("/b/dir")))?.Mode);
    }

    [Fact]
    public async Task Changing_a_mode_is_logged_and_refused_where_the_backend_has_no_modes()
    {
        var files = new Dispatcher(new MountTable([
            new Mount(VPath.Parse("/ram"), new RamResource()),
            new Mount(VPath.Parse("/plain"), new CoreVerbsOnly()),
        ]));
        await WriteAsync(files, "/ram/f", "x");
        await WriteAsync(files, "/plain/f", "x");
        await files.ChangeModeAsync(VPath.Parse("/ram/f"), 0x180);
        Assert.Contains(files.Log.Snapshot(), r => r.Kind == OperationKind.ChangeMode && r.Path == VPath.Parse("/f"));
        var error = await Assert.ThrowsAsync<ResourceException>(async () => await files.ChangeModeAsync(VPath.Parse("/plain/f"), 0x180));
        Assert.Equal(ResourceError.NotSupported, error.Error);
        Assert.Equal(0x1A4, (await files.StatAsync(VPath.Parse("/plain/f")))?.Mode);
    }

    [Fact]
    public async Task A_large_copy_between_mounts_keeps_every_byte()
    {
        var files = Create(("/a", MountMode.Write), ("/b", MountMode.Write));
        var content = new byte[3 * 1024 * 1024 + 17];
        new Random(7).NextBytes(content);
        await ResourceOperations.WriteAllBytesAsync(files, VPath.Parse("/a/big.bin"), content);
        await ResourceOperations.CopyTreeAsync(files, VPath.Parse("/a/big.bin"), files, VPath.Parse("/b/big.bin"));
        Assert.Equal(content, await ResourceOperations.ReadAllBytesAsync(files, VPath.Parse("/b/big.bin")));
    }

    [Fact]
    public async Task The_operation_log_counts_the_bytes_a_reader_took()
    {
        var files = Create(("/data", MountMode.Write));
        await ResourceOperations.WriteAllBytesAsync(files, VPath.Parse("/data/big.bin"), new byte[10 * 1024 * 1024]);
        var before = files.Log.Position;
        await using (var stream = await files.OpenReadAsync(VPath.Parse("/data/big.bin")))
        {
            var buffer = new byte[64];
            await stream.ReadExactlyAsync(buffer);
        }
        var reads = files.Log.Snapshot(before).Where(r => r.Kind == OperationKind.Read).ToList();
        var read = Assert.Single(reads);
        Assert.Equal(64, read.Bytes);
        Assert.Equal(VPath.Parse("/data"), read.Mount);
        Assert.Equal(VPath.Parse("/big.bin"), read.Path);
    }

    [Fact]
    public async Task Streamed_writes_land_whole_when_the_stream_is_disposed()
    {
        var files = Create(("/data", MountMode.Write));
        var stream = ResourceOperations.OpenWrite(files, VPath.Parse("/data/out.txt"));
        for (var i = 0; i < 1000; i++) await stream.WriteAsync(Encoding.UTF8.GetBytes($"line {i}\n"));
        await stream.DisposeAsync();
        var text = await ReadAsync(files, "/data/out.txt");
        Assert.StartsWith("line 0\n", text, StringComparison.Ordinal);
        Assert.EndsWith("line 999\n", text, StringComparison.Ordinal);
        Assert.Equal(1000, text.Count(c => c == '\n'));
    }

    [Fact]
    public async Task A_walk_crosses_into_nested_mounts()
    {
        var files = Create(("/data", MountMode.Write), ("/data/sub/mnt", MountMode.Write));
        await WriteAsync(files, "/data/a.txt", "a");
        await WriteAsync(files, "/data/sub/mnt/b.txt", "b");
        var paths = new List<string>();
        await foreach (var entry in ResourceOperations.WalkAsync(files, VPath.Root)) paths.Add(entry.Path.Value);
        paths.Sort(StringComparer.Ordinal);
        Assert.Equal(["/data", "/data/a.txt", "/data/sub", "/data/sub/mnt", "/data/sub/mnt/b.txt"], paths);
    }
}
