using Mirage.Vfs;
using Mirage.Vfs.Ram;

namespace Mirage.Commands.Tests;

/// <summary>What the commands do over several mounts: ranged reads, streaming between mounts, read-only mounts, mount roots.</summary>
public sealed class MountBehaviourTests
{
    private static async Task<Sandbox> BigFileAsync(long size)
    {
        var box = new Sandbox(new Mount(VPath.Parse("/data"), new RamResource()));
        var content = new byte[size];
        for (var i = 0; i < content.Length; i++) content[i] = (byte)(i % 61 == 60 ? '\n' : 'a' + i % 26);
        content[^1] = (byte)'\n';
        await box.WriteAsync("/data/big", content);
        return box;
    }

    private static long BytesRead(Sandbox box, long since) =>
        box.Files.Log.Snapshot(since).Where(r => r.Kind == OperationKind.Read).Sum(r => r.Bytes);

    [Fact]
    public async Task Head_c_64_of_a_100_MB_file_reads_at_most_1_MB()
    {
        await using var box = await BigFileAsync(100L * 1024 * 1024);
        var before = box.Files.Log.Position;
        var result = await box.RunAsync("head", "-c", "64", "/data/big");
        Assert.Equal(0, result.Status);
        Assert.Equal(64, result.StdoutBytes.Length);
        Assert.InRange(BytesRead(box, before), 1, 1024 * 1024);
    }

    [Fact]
    public async Task Head_n_stops_reading_early()
    {
        await using var box = await BigFileAsync(20L * 1024 * 1024);
        var before = box.Files.Log.Position;
        var result = await box.RunAsync("head", "-n", "3", "/data/big");
        Assert.Equal(3, result.Stdout.Count(c => c == '\n'));
        Assert.InRange(BytesRead(box, before), 1, 1024 * 1024);
    }

    [Fact]
    public async Task Tail_n_reads_ranges_from_the_end()
    {
        await using var box = await BigFileAsync(20L * 1024 * 1024);
        var before = box.Files.Log.Position;
        var result = await box.RunAsync("tail", "-n", "2", "/data/big");
        Assert.Equal(2, result.Stdout.Count(c => c == '\n'));
        Assert.InRange(BytesRead(box, before), 1, 1024 * 1024);
        var tailBytes = await box.RunAsync("tail", "-c", "10", "/data/big");
        Assert.Equal(10, tailBytes.StdoutBytes.Length);
    }

    [Fact]
    public async Task Cp_and_mv_work_across_mounts()
    {
        await using var box = new Sandbox(new Mount(VPath.Parse("/a"), new RamResource()), new Mount(VPath.Parse("/b"), new RamResource()));
        await box.WriteAsync("/a/x.txt", "hello\n");
        await box.WriteAsync("/a/tree/one.txt", "1\n");
        await box.WriteAsync("/a/tree/sub/two.txt", "2\n");
        Assert.Equal(0, (await box.RunAsync("cp", "/a/x.txt", "/b/x.txt")).Status);
        Assert.Equal("hello\n", await box.ReadAsync("/b/x.txt"));
        Assert.Equal(0, (await box.RunAsync("cp", "-r", "/a/tree", "/b/")).Status);
        Assert.Equal("2\n", await box.ReadAsync("/b/tree/sub/two.txt"));
        var moved = await box.RunAsync("mv", "-v", "/a/tree", "/b/moved");
        Assert.Equal(0, moved.Status);
        Assert.Equal("renamed '/a/tree' -> '/b/moved'\n", moved.Stdout);
        Assert.False(await box.ExistsAsync("/a/tree"));
        Assert.Equal("1\n", await box.ReadAsync("/b/moved/one.txt"));
    }

    [Fact]
    public async Task Writes_on_a_read_only_mount_fail_and_change_nothing()
    {
        var source = new RamResource();
        await ResourceOperations.WriteAllBytesAsync(source, VPath.Parse("/keep.txt"), "kept\n"u8.ToArray());
        await using var box = new Sandbox(new Mount(VPath.Parse("/ro"), source, MountMode.Read), new Mount(VPath.Parse("/rw"), new RamResource()));
        await box.WriteAsync("/rw/new.txt", "new\n");

        var rm = await box.RunAsync("rm", "/ro/keep.txt");
        Assert.Equal(1, rm.Status);
        Assert.Equal("rm: cannot remove '/ro/keep.txt': Read-only file system\n", rm.Stderr);
        var cp = await box.RunAsync("cp", "/rw/new.txt", "/ro/new.txt");
        Assert.Equal(1, cp.Status);
        Assert.Contains("Read-only file system", cp.Stderr);
        var mkdir = await box.RunAsync("mkdir", "/ro/dir");
        Assert.Equal("mkdir: cannot create directory '/ro/dir': Read-only file system\n", mkdir.Stderr);
        var touch = await box.RunAsync("touch", "/ro/t");
        Assert.Equal("touch: cannot touch '/ro/t': Read-only file system\n", touch.Stderr);
        var mv = await box.RunAsync("mv", "/ro/keep.txt", "/rw/");
        Assert.Equal(1, mv.Status);

        Assert.Equal("keep.txt\n", (await box.RunAsync("ls", "/ro")).Stdout);
        Assert.Equal("kept\n", await box.ReadAsync("/ro/keep.txt"));
    }

    [Fact]
    public async Task Rm_rf_root_and_mount_roots_are_refused()
    {
        await using var box = new Sandbox(new Mount(VPath.Parse("/data"), new RamResource()));
        await box.WriteAsync("/data/x", "1");
        var root = await box.RunAsync("rm", "-rf", "/");
        Assert.Equal(1, root.Status);
        Assert.Equal("rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n", root.Stderr);
        var mount = await box.RunAsync("rm", "-rf", "/data");
        Assert.Equal(1, mount.Status);
        Assert.Equal("rm: cannot remove '/data': Device or resource busy\n", mount.Stderr);
        Assert.True(await box.ExistsAsync("/data/x"));
    }

    [Fact]
    public async Task Find_and_du_walk_across_mount_boundaries()
    {
        await using var box = new Sandbox(new Mount(VPath.Root, new RamResource()), new Mount(VPath.Parse("/mnt/s3"), new RamResource()));
        await box.WriteAsync("/top.txt", "t");
        await box.WriteAsync("/mnt/s3/bucket/obj.txt", "o");
        var find = await box.RunAsync("find", "/", "-name", "*.txt");
        Assert.Equal("/mnt/s3/bucket/obj.txt\n/top.txt\n", find.Stdout);
        var du = await box.RunAsync("du", "-s", "-b", "/mnt");
        Assert.Equal("12289\t/mnt\n", du.Stdout);
    }

    [Fact]
    public async Task Ls_l_uses_the_users_name_and_gnu_columns()
    {
        await using var box = new Sandbox();
        await box.WriteAsync("d/a", "12345");
        await box.WriteAsync("d/bb", new byte[5000]);
        await box.RunAsync("touch", "-d", "2020-01-02 03:04", "d/a", "d/bb");
        var result = await box.RunAsync("ls", "-l", "d");
        Assert.Equal("total 12\n-rw-r--r-- 1 user user    5 Jan  2  2020 a\n-rw-r--r-- 1 user user 5000 Jan  2  2020 bb\n", result.Stdout);
        var human = await box.RunAsync("ls", "-sh", "d");
        Assert.Equal("total 12K\n4.0K a\n8.0K bb\n", human.Stdout);
    }

    [Fact]
    public async Task Find_exec_runs_commands_through_the_runner()
    {
        await using var box = new Sandbox();
        await box.WriteAsync("d/a.txt", "A\n");
        await box.WriteAsync("d/b.txt", "B\n");
        var each = await box.RunAsync("find", "d", "-name", "*.txt", "-exec", "cat", "{}", ";");
        Assert.Equal("A\nB\n", each.Stdout);
        var batch = await box.RunAsync("find", "d", "-type", "f", "-exec", "wc", "-c", "{}", "+");
        Assert.Equal("2 d/a.txt\n2 d/b.txt\n4 total\n", batch.Stdout);
    }

    [Fact]
    public async Task Tee_writes_the_stream_to_files()
    {
        await using var box = new Sandbox();
        var result = await box.RunWithInputAsync("x\ny\n", "tee", "out1", "out2");
        Assert.Equal("x\ny\n", result.Stdout);
        Assert.Equal("x\ny\n", await box.ReadAsync("out2"));
        await box.RunWithInputAsync("z\n", "tee", "-a", "out1");
        Assert.Equal("x\ny\nz\n", await box.ReadAsync("out1"));
    }
}
