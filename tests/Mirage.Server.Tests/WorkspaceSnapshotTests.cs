using System.Formats.Tar;
using System.Text;
using System.Text.Json.Nodes;
using Mirage.Configuration;
using Mirage.Snapshots;
using Mirage.Testing;
using Mirage.Vfs.Ram;

namespace Mirage.Server.Tests;

public sealed class WorkspaceSnapshotTests : IClassFixture<TemporaryFolder>
{
    private readonly TemporaryFolder _folder;

    public WorkspaceSnapshotTests(TemporaryFolder folder) => _folder = folder;

    /// <summary>A registry with a "vault" type whose config carries a token, like a remote backend's credentials.</summary>
    private static ResourceRegistry RegistryWithSecrets() => ResourceRegistry.CreateDefault().Add(new ResourceDescriptor("vault", "test", config =>
    {
        var token = config.String("api_token", required: true);
        config.String("region");
        return token is null ? null : new RamResource();
    }));

    private static async Task<byte[]> SnapshotAsync(WorkspaceConfig config, Func<Workspace, Task> prepare)
    {
        await using var workspace = config.CreateWorkspace();
        await prepare(workspace);
        using var buffer = new MemoryStream();
        await WorkspaceSnapshot.SaveAsync(workspace, config, buffer, "w1");
        return buffer.ToArray();
    }

    private static List<string> EntryNames(byte[] tar)
    {
        var names = new List<string>();
        using var reader = new TarReader(new MemoryStream(tar));
        while (reader.GetNextEntry() is { } entry) names.Add(entry.Name);
        return names;
    }

    private static JsonObject Manifest(byte[] tar)
    {
        using var reader = new TarReader(new MemoryStream(tar));
        var entry = reader.GetNextEntry()!;
        Assert.Equal(WorkspaceSnapshot.ManifestName, entry.Name);
        return JsonNode.Parse(entry.DataStream!)!.AsObject();
    }

    [Fact]
    public async Task The_tar_holds_the_manifest_first_and_the_ram_files_under_their_prefix()
    {
        var config = WorkspaceConfig.Parse("mounts:\n  /data: { type: ram }\n");
        var tar = await SnapshotAsync(config, ws => ws.ExecuteAsync("mkdir /data/d; echo x > /data/d/f"));
        Assert.Equal(["manifest.json", "mounts/data/", "mounts/data/d/", "mounts/data/d/f"], EntryNames(tar));
        var manifest = Manifest(tar);
        Assert.Equal(2, (int)manifest["version"]!);
        Assert.Equal("w1", (string?)manifest["id"]);
    }

    [Fact]
    public async Task Secrets_are_redacted_and_loading_without_them_is_refused_naming_the_mount()
    {
        var registry = RegistryWithSecrets();
        var config = WorkspaceConfig.Parse("mounts:\n  /v: { type: vault, config: { api_token: s3cr3t, region: eu } }\n", registry: registry);
        var tar = await SnapshotAsync(config, _ => Task.CompletedTask);
        Assert.DoesNotContain("s3cr3t", Encoding.UTF8.GetString(tar), StringComparison.Ordinal);
        var mount = Manifest(tar)["mounts"]![0]!;
        Assert.Equal(WorkspaceSnapshot.RedactedPlaceholder, (string?)mount["config"]!["api_token"]);
        Assert.Equal("eu", (string?)mount["config"]!["region"]);

        var refused = await Assert.ThrowsAsync<SnapshotException>(() => WorkspaceSnapshot.LoadAsync(new MemoryStream(tar), new SnapshotLoadOptions { Registry = registry }));
        Assert.Equal(["/v"], refused.RedactedPrefixes);

        var loaded = await WorkspaceSnapshot.LoadAsync(new MemoryStream(tar), new SnapshotLoadOptions
        {
            Registry = registry,
            OverridesYaml = "mounts:\n  /v:\n    config: { api_token: \"${TOKEN}\" }\n",
            Environment = name => name == "TOKEN" ? "again" : null,
        });
        await using var workspace = loaded.Workspace;
        Assert.Equal("again", loaded.Config.Declarations[0].Config["api_token"]!.Scalar);
    }

    [Fact]
    public async Task Another_format_version_is_refused_with_a_clear_message()
    {
        using var buffer = new MemoryStream();
        await using (var writer = new TarWriter(buffer, leaveOpen: true))
        {
            var manifest = Encoding.UTF8.GetBytes("{\"format\":\"mirage-snapshot\",\"version\":99,\"mounts\":[]}");
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "manifest.json") { DataStream = new MemoryStream(manifest) });
        }
        buffer.Position = 0;
        var refused = await Assert.ThrowsAsync<SnapshotException>(() => WorkspaceSnapshot.LoadAsync(buffer));
        Assert.Equal("snapshot format version 99 is not supported (this mirage reads versions 1 and 2)", refused.Message);
    }

    [Fact]
    public async Task A_truncated_snapshot_is_refused()
    {
        var config = WorkspaceConfig.Parse("mounts:\n  /data: { type: ram }\n");
        var tar = await SnapshotAsync(config, ws => ws.Files.WriteAllTextAsync("/data/big", new string('x', 5000)).AsTask());
        var truncated = tar[..1600];
        var refused = await Assert.ThrowsAsync<SnapshotException>(() => WorkspaceSnapshot.LoadAsync(new MemoryStream(truncated)));
        Assert.Contains("truncated", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disk_mounts_are_saved_whole_and_mounted_again_from_their_folder_when_asked_to_keep_it()
    {
        var host = _folder.CreateSubfolder();
        await File.WriteAllTextAsync(Path.Combine(host, "h.txt"), "host file\n");
        var config = WorkspaceConfig.Parse($"mounts:\n  /disk: {{ type: disk, mode: read, config: {{ root: '{host}' }} }}\n  /data: {{ type: ram }}\n");
        var tar = await SnapshotAsync(config, ws => ws.ExecuteAsync("cp /disk/h.txt /data/copy.txt"));
        Assert.Contains("mounts/disk/h.txt", EntryNames(tar));
        var loaded = await WorkspaceSnapshot.LoadAsync(new MemoryStream(tar), new SnapshotLoadOptions { OverridesYaml = "mounts:\n  /disk: { restore: keep }\n" });
        await using var workspace = loaded.Workspace;
        var result = await workspace.ExecuteAsync("cat /disk/h.txt /data/copy.txt; echo no > /disk/x");
        Assert.Equal("host file\nhost file\n", result.StdoutText);
        Assert.NotEqual(0, result.ExitCode);
    }

    [Fact]
    public async Task Dollar_signs_in_values_survive_a_round_trip()
    {
        var config = WorkspaceConfig.Parse("mounts:\n  /data: { type: ram }\nenv: { PRICE: \"$$5\" }\n");
        var tar = await SnapshotAsync(config, _ => Task.CompletedTask);
        var loaded = await WorkspaceSnapshot.LoadAsync(new MemoryStream(tar));
        await using var workspace = loaded.Workspace;
        Assert.Equal("$5\n", (await workspace.ExecuteAsync("echo \"$PRICE\"")).StdoutText);
    }
}
