using Mirage.Vfs;
using Mirage.Vfs.Ram;

namespace Mirage.Commands.Tests;

/// <summary>tree has no GNU tool on this machine to compare with; tar and gzip are checked by round trips across mounts.</summary>
public sealed class ArchiveAndTreeTests
{
    private static async Task<Sandbox> ProjectAsync()
    {
        var box = new Sandbox();
        await box.WriteAsync("p/b.txt", "b\n");
        await box.WriteAsync("p/a/x.txt", "x\n");
        await box.WriteAsync("p/a/deep/y.txt", "y\n");
        await box.WriteAsync("p/.hidden", "h\n");
        await box.MkdirAsync("p/empty");
        return box;
    }

    [Fact]
    public async Task Tree_draws_ascii_with_a_report()
    {
        await using var box = await ProjectAsync();
        var result = await box.RunAsync("tree", "p");
        Assert.Equal("p\n|-- a\n|   |-- deep\n|   |   `-- y.txt\n|   `-- x.txt\n|-- b.txt\n`-- empty\n\n3 directories, 3 files\n", result.Stdout);
    }

    [Fact]
    public async Task Tree_limits_depth_and_filters()
    {
        await using var box = await ProjectAsync();
        Assert.Equal("p\n|-- a\n|-- b.txt\n`-- empty\n\n2 directories, 1 file\n", (await box.RunAsync("tree", "-L", "1", "p")).Stdout);
        Assert.Equal("p\n|-- a\n|   `-- deep\n`-- empty\n\n3 directories\n", (await box.RunAsync("tree", "-d", "p")).Stdout);
        Assert.Equal("p\n|-- .hidden\n|-- b.txt\n`-- empty\n", (await box.RunAsync("tree", "-a", "-I", "a", "--noreport", "p")).Stdout);
        Assert.Equal("p\n|-- p/a\n|-- p/b.txt\n`-- p/empty\n", (await box.RunAsync("tree", "-f", "-L", "1", "--noreport", "p")).Stdout);
    }

    [Fact]
    public async Task Tar_round_trips_a_tree_between_mounts_with_gzip()
    {
        await using var box = new Sandbox(new Mount(VPath.Parse("/src"), new RamResource()), new Mount(VPath.Parse("/dst"), new RamResource()));
        await box.WriteAsync("/src/p/a.txt", "alpha\n");
        await box.WriteAsync("/src/p/sub/b.bin", new byte[] { 0, 1, 2, 255 });
        box.WorkingDirectory = VPath.Parse("/src");
        Assert.Equal(0, (await box.RunAsync("tar", "-czf", "/dst/p.tgz", "p")).Status);
        Assert.Equal("p/\np/a.txt\np/sub/\np/sub/b.bin\n", (await box.RunAsync("tar", "-tzf", "/dst/p.tgz")).Stdout);
        Assert.Equal(0, (await box.RunAsync("tar", "-xzf", "/dst/p.tgz", "-C", "/dst")).Status);
        Assert.Equal("alpha\n", await box.ReadAsync("/dst/p/a.txt"));
        var cmp = await box.RunAsync("cmp", "/src/p/sub/b.bin", "/dst/p/sub/b.bin");
        Assert.Equal(0, cmp.Status);
    }

    [Fact]
    public async Task Gzip_replaces_the_file_and_gunzip_restores_it()
    {
        await using var box = new Sandbox();
        await box.WriteAsync("n.txt", "hello hello hello\n");
        Assert.Equal(0, (await box.RunAsync("gzip", "n.txt")).Status);
        Assert.False(await box.ExistsAsync("n.txt"));
        Assert.Equal("hello hello hello\n", (await box.RunAsync("zcat", "n.txt.gz")).Stdout);
        Assert.Equal(0, (await box.RunAsync("gunzip", "n.txt.gz")).Status);
        Assert.Equal("hello hello hello\n", await box.ReadAsync("n.txt"));
        Assert.False(await box.ExistsAsync("n.txt.gz"));
    }

    [Fact]
    public async Task Split_and_cat_reassemble()
    {
        await using var box = new Sandbox();
        await box.WriteAsync("f", string.Concat(Enumerable.Range(1, 25).Select(i => $"{i}\n")));
        Assert.Equal(0, (await box.RunAsync("split", "-l", "10", "f", "part.")).Status);
        Assert.Equal("21\n22\n23\n24\n25\n", await box.ReadAsync("part.ac"));
        Assert.Equal(await box.ReadAsync("f"), (await box.RunAsync("cat", "part.aa", "part.ab", "part.ac")).Stdout);
    }

    [Fact]
    public async Task Find_delete_removes_depth_first()
    {
        await using var box = await ProjectAsync();
        var result = await box.RunAsync("find", "p/a", "-delete");
        Assert.Equal(0, result.Status);
        Assert.False(await box.ExistsAsync("p/a"));
        Assert.True(await box.ExistsAsync("p/b.txt"));
    }

    [Fact]
    public async Task Df_lists_each_mount()
    {
        await using var box = new Sandbox(new Mount(VPath.Parse("/data"), new RamResource()), new Mount(VPath.Parse("/ro"), new RamResource(), MountMode.Read));
        await box.WriteAsync("/data/x", new byte[5000]);
        var result = await box.RunAsync("df");
        Assert.Equal("Filesystem 1K-blocks Used Available Use% Mounted on\nram                -    8         -    - /data\nram                -    0         -    - /ro\n", result.Stdout);
    }

    [Fact]
    public async Task Date_parses_and_formats_in_utc()
    {
        await using var box = new Sandbox();
        Assert.Equal("2020-01-03 00:00:00\n", (await box.RunAsync("date", "-d", "2020-01-02 +1 day", "+%F %T")).Stdout);
        Assert.Equal("Thu Jan  2 03:04:05 UTC 2020\n", (await box.RunAsync("date", "-d", "2020-01-02 03:04:05")).Stdout);
        var bad = await box.RunAsync("date", "-d", "nonsense");
        Assert.Equal("date: invalid date 'nonsense'\n", bad.Stderr);
        Assert.Equal(1, bad.Status);
    }
}
