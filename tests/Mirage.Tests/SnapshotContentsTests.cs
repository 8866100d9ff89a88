using System.Diagnostics;
using System.Formats.Tar;
using System.Text;
using System.Text.Json.Nodes;
using Mirage.Configuration;
using Mirage.Snapshots;
using Mirage.Testing;
using Mirage.Vfs.Caching;
using Mirage.Vfs.Ram;

namespace Mirage.Tests;

/// <summary>What a snapshot carries (RAM and disk files, cache settings, cached files) and how loading puts it back.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SnapshotContentsTests : IClassFixture<TemporaryFolder>
{
    private static readonly DateTimeOffset OldTime = new(2021, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private readonly TemporaryFolder _folder;

    public SnapshotContentsTests(TemporaryFolder folder) => _folder = folder;

    private static async Task<byte[]> SnapshotAsync(WorkspaceConfig config, Func<Workspace, Task>? prepare = null)
    {
        await using var workspace = config.CreateWorkspace();
        if (prepare is not null) await prepare(workspace);
        using var buffer = new MemoryStream();
        await WorkspaceSnapshot.SaveAsync(workspace, config, buffer, "w1");
        return buffer.ToArray();
    }

    private static JsonObject Manifest(byte[] tar)
    {
        using var reader = new TarReader(new MemoryStream(tar));
        return JsonNode.Parse(reader.GetNextEntry()!.DataStream!)!.AsObject();
    }

    /// <summary>A host folder with a nested file, an executable script and an old mtime, mounted at /disk.</summary>
    private (string Folder, WorkspaceConfig Config) DiskWorkspace()
    {
        var host = _folder.CreateSubfolder();
        Directory.CreateDirectory(Path.Combine(host, "logs"));
        File.WriteAllText(Path.Combine(host, "logs", "app.log"), "ok\nalert: disk full\n");
        File.SetLastWriteTimeUtc(Path.Combine(host, "logs", "app.log"), OldTime.UtcDateTime);
        File.WriteAllText(Path.Combine(host, "run.sh"), "echo run\n");
        File.SetUnixFileMode(Path.Combine(host, "run.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var config = WorkspaceConfig.Parse($"mounts:\n  /disk: {{ type: disk, mode: read, config: {{ root: '{host}' }} }}\n  /data: {{ type: ram }}\n");
        return (host, config);
    }

    private static Task<LoadedSnapshot> LoadAsync(byte[] tar, string? overrides = null) =>
        WorkspaceSnapshot.LoadAsync(new MemoryStream(tar), new SnapshotLoadOptions { OverridesYaml = overrides });

    [Fact]
    public async Task Disk_files_are_in_the_tar_under_their_mount_with_mtimes_and_modes()
    {
        var (_, config) = DiskWorkspace();
        var tar = await SnapshotAsync(config);
        var entries = new Dictionary<string, TarEntry>();
        using (var reader = new TarReader(new MemoryStream(tar)))
        {
            while (reader.GetNextEntry(copyData: true) is { } entry) entries[entry.Name] = entry;
        }
        Assert.Contains("mounts/disk/logs/", entries.Keys);
        Assert.Equal(OldTime, entries["mounts/disk/logs/app.log"].ModificationTime);
        Assert.Equal("ok\nalert: disk full\n", new StreamReader(entries["mounts/disk/logs/app.log"].DataStream!).ReadToEnd());
        Assert.True(entries["mounts/disk/run.sh"].Mode.HasFlag(UnixFileMode.UserExecute));
        var mount = Manifest(tar)["mounts"]!.AsArray().Single(m => (string?)m!["prefix"] == "/disk")!;
        Assert.Equal("mounts/disk", (string?)mount["contents"]);
        Assert.Equal(2, (int)Manifest(tar)["version"]!);
    }

    [Fact]
    public async Task GNU_tar_lists_the_snapshot()
    {
        var (_, config) = DiskWorkspace();
        var tar = await SnapshotAsync(config, ws => ws.ExecuteAsync("echo note > /data/note.txt"));
        var file = Path.Combine(_folder.CreateSubfolder(), "s.tar");
        await File.WriteAllBytesAsync(file, tar);
        var start = new ProcessStartInfo("tar", ["-tf", file]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var listed = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal((0, ""), (process.ExitCode, errors));
        Assert.Equal(
            "manifest.json\nmounts/data/\nmounts/data/note.txt\nmounts/disk/\nmounts/disk/logs/\nmounts/disk/logs/app.log\nmounts/disk/run.sh\n",
            listed);
    }

    [Fact]
    public async Task Modes_set_with_chmod_and_mkdir_m_in_ram_survive_a_snapshot()
    {
        var config = WorkspaceConfig.Parse("mounts:\n  /data: { type: ram }\n");
        var tar = await SnapshotAsync(config, async workspace =>
        {
            var made = await workspace.ExecuteAsync("echo hi > /data/run.sh && chmod 750 /data/run.sh && mkdir -m 700 /data/private");
            Assert.Equal(0, made.ExitCode);
        });
        var loaded = await LoadAsync(tar);
        await using var workspace = loaded.Workspace;
        var result = await workspace.ExecuteAsync("stat -c '%a %n' /data/run.sh /data/private; cat /data/run.sh");
        Assert.Equal("750 /data/run.sh\n700 /data/private\nhi\n", result.StdoutText);
    }

    [Fact]
    public async Task A_disk_mount_is_restored_into_its_folder_when_that_folder_is_gone()
    {
        var (host, config) = DiskWorkspace();
        var tar = await SnapshotAsync(config);
        Directory.Delete(host, recursive: true);

        var loaded = await LoadAsync(tar);
        await using var workspace = loaded.Workspace;
        Assert.Equal("ok\nalert: disk full\n", await File.ReadAllTextAsync(Path.Combine(host, "logs", "app.log")));
        Assert.Equal(OldTime.UtcDateTime, File.GetLastWriteTimeUtc(Path.Combine(host, "logs", "app.log")));
        Assert.True(File.GetUnixFileMode(Path.Combine(host, "run.sh")).HasFlag(UnixFileMode.UserExecute));
        var result = await workspace.ExecuteAsync("grep -r alert /disk; echo no > /disk/x");
        Assert.Equal("/disk/logs/app.log:alert: disk full\n", result.StdoutText);
        Assert.NotEqual(0, result.ExitCode);
    }

    [Fact]
    public async Task A_disk_mount_goes_into_a_new_folder_given_by_the_overrides()
    {
        var (host, config) = DiskWorkspace();
        var tar = await SnapshotAsync(config);
        File.WriteAllText(Path.Combine(host, "logs", "app.log"), "changed since\n");
        var elsewhere = Path.Combine(_folder.Path, "restored-" + Guid.NewGuid().ToString("N"));

        var loaded = await LoadAsync(tar, $"mounts:\n  /disk:\n    config: {{ root: '{elsewhere}' }}\n");
        await using var workspace = loaded.Workspace;
        Assert.Equal("ok\nalert: disk full\n", (await workspace.ExecuteAsync("cat /disk/logs/app.log")).StdoutText);
        Assert.Equal("changed since\n", await File.ReadAllTextAsync(Path.Combine(host, "logs", "app.log")));
        Assert.Equal(elsewhere, loaded.Config.Declarations.Single(d => d.Prefix == "/disk").Config["root"]!.Scalar);
    }

    [Fact]
    public async Task A_non_empty_host_folder_is_refused_unless_asked_to_keep_or_overwrite_it()
    {
        var (host, config) = DiskWorkspace();
        var tar = await SnapshotAsync(config);
        File.WriteAllText(Path.Combine(host, "logs", "app.log"), "changed since\n");
        File.WriteAllText(Path.Combine(host, "extra.txt"), "extra\n");

        var refused = await Assert.ThrowsAsync<SnapshotException>(() => LoadAsync(tar));
        Assert.Equal(
            $"/disk: the host folder {host} is not empty; give another root (mounts: {{/disk: {{config: {{root: DIR}}}}}}) or say restore: keep or restore: overwrite for it in an overrides file",
            refused.Message);
        Assert.Equal("changed since\n", await File.ReadAllTextAsync(Path.Combine(host, "logs", "app.log")));

        var kept = await LoadAsync(tar, "mounts:\n  /disk: { restore: keep }\n");
        await using (kept.Workspace)
            Assert.Equal("changed since\n", (await kept.Workspace.ExecuteAsync("cat /disk/logs/app.log")).StdoutText);

        var overwritten = await LoadAsync(tar, "mounts:\n  /disk: { restore: overwrite }\n");
        await using (overwritten.Workspace)
            Assert.Equal("ok\nalert: disk full\nextra\n", (await overwritten.Workspace.ExecuteAsync("cat /disk/logs/app.log /disk/extra.txt")).StdoutText);

        var wrong = await Assert.ThrowsAsync<ConfigurationException>(() => LoadAsync(tar, "mounts:\n  /disk: { restore: always }\n"));
        Assert.Equal("overrides.yaml:2: mounts./disk.restore: expected keep or overwrite, got 'always'", Assert.Single(wrong.Errors));
    }

    [Fact]
    public async Task A_truncated_snapshot_is_refused_and_a_disk_folder_it_began_is_taken_back()
    {
        var (host, config) = DiskWorkspace();
        await File.WriteAllTextAsync(Path.Combine(host, "zz-big"), new string('x', 20_000));
        var tar = await SnapshotAsync(config);
        Directory.Delete(host, recursive: true);
        // Cut inside the disk mount's last file, after its other files were written back; then inside the manifest.
        foreach (var length in new[] { tar.Length - 12_000, 700 })
        {
            var refused = await Assert.ThrowsAsync<SnapshotException>(() => LoadAsync(tar[..length]));
            Assert.Equal("the snapshot is truncated or not a tar archive", refused.Message);
            Assert.False(Directory.Exists(host), $"cut at {length}: the half-restored folder was left behind");
        }
    }

    [Fact]
    public async Task Cache_settings_of_the_workspace_and_of_each_mount_survive()
    {
        var registry = ResourceRegistry.CreateDefault().Add(new ResourceDescriptor("remote", "a stand-in for a remote type", _ => new RamResource()));
        var config = WorkspaceConfig.Parse(
            "mounts:\n  /r: { type: remote }\n  /scratch: { type: ram, cache: { type: ram, limit: 1MB }, index: { type: ram, ttl: 5m }, read: fresh }\n"
            + "cache: { type: ram, limit: 2MB }\nindex: { type: none }\nread: fresh\n", registry: registry);
        var tar = await SnapshotAsync(config);
        Assert.Equal("2MB", (string?)Manifest(tar)["caching"]!["cache"]!["limit"]);

        var loaded = await WorkspaceSnapshot.LoadAsync(new MemoryStream(tar), new SnapshotLoadOptions { Registry = registry });
        await using var workspace = loaded.Workspace;
        var remote = Assert.IsType<CachedResource>(workspace.Mounts.Single(m => m.Prefix.Value == "/r").Resource);
        Assert.Equal(2_000_000, remote.Options.Files!.Limit);
        Assert.Null(remote.Options.Index);
        Assert.Equal(ReadMode.Fresh, remote.Options.Read);
        var scratch = Assert.IsType<CachedResource>(workspace.Mounts.Single(m => m.Prefix.Value == "/scratch").Resource);
        Assert.Equal(1_000_000, scratch.Options.Files!.Limit);
        Assert.Equal(TimeSpan.FromMinutes(5), scratch.Options.Index!.TimeToLive);
        Assert.Equal(ReadMode.Fresh, scratch.Options.Read);
        Assert.Equal("fresh", loaded.Config.Caching.Read);
    }

    [Fact]
    public async Task A_cached_ram_mount_keeps_its_files_as_contents()
    {
        var config = WorkspaceConfig.Parse("mounts:\n  /scratch: { type: ram, cache: { type: ram } }\n");
        var tar = await SnapshotAsync(config, ws => ws.ExecuteAsync("echo kept > /scratch/a.txt"));
        var loaded = await LoadAsync(tar);
        await using var workspace = loaded.Workspace;
        Assert.Equal("kept\n", (await workspace.ExecuteAsync("cat /scratch/a.txt")).StdoutText);
    }

    [Fact]
    public async Task A_version_1_snapshot_still_loads_with_its_disk_mount_as_the_folder_it_names()
    {
        var host = _folder.CreateSubfolder();
        await File.WriteAllTextAsync(Path.Combine(host, "h.txt"), "host file\n");
        var manifest = $$"""
            {"format":"mirage-snapshot","version":1,"id":"old","created":"2026-01-02T03:04:05+00:00","cwd":null,"env":{"A":"1"},
             "mounts":[{"prefix":"/data","type":"ram","mode":"write","config":{},"contents":"mounts/data"},
                       {"prefix":"/disk","type":"disk","mode":"read","config":{"root":{{System.Text.Json.JsonSerializer.Serialize(host)}}},"contents":null}],
             "sessions":[{"id":"default","cwd":"/data"}]}
            """;
        using var buffer = new MemoryStream();
        await using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "manifest.json") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(manifest)) });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "mounts/data/"));
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "mounts/data/a.txt") { DataStream = new MemoryStream("from v1\n"u8.ToArray()) });
        }
        var loaded = await LoadAsync(buffer.ToArray());
        await using var workspace = loaded.Workspace;
        var result = await workspace.ExecuteAsync("cat /data/a.txt /disk/h.txt; echo $A");
        Assert.Equal("from v1\nhost file\n1\n", result.StdoutText);
    }
}
