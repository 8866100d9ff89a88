using System.Text;
using Amazon.S3;
using Mirage.Configuration;
using Mirage.Testing;
using Mirage.Vfs;

namespace Mirage.Resources.S3.Tests;

/// <summary>What the contract cannot see: bytes on the wire, the keys behind the paths, markers, failures.</summary>
public sealed class S3ResourceTests : IAsyncLifetime
{
    private readonly WireCounter _wire = new();
    private readonly S3TestPrefix _s3 = new("specific");
    private S3Resource? _resource;

    private S3Resource Resource => _resource!;

    private AmazonS3Client Raw => _s3.Raw;

    public async Task InitializeAsync()
    {
        await _s3.InitializeAsync();
        _resource = _s3.CountedResource(_wire);
    }

    public async Task DisposeAsync()
    {
        if (_resource is not null) await _resource.DisposeAsync();
        await _s3.DisposeAsync();
    }

    [Fact]
    public async Task Ranged_reads_fetch_only_the_range_not_the_object()
    {
        var content = RandomBytes(4 * 1024 * 1024, seed: 1);
        await WriteAsync("/big.bin", content);

        _wire.Reset();
        Assert.Equal(content.AsSpan(3_000_000, 100).ToArray(), await ReadAsync("/big.bin", new Vfs.ByteRange(3_000_000, 100)));
        Assert.Equal(content.AsSpan(0, 10).ToArray(), await ReadAsync("/big.bin", new Vfs.ByteRange(0, 10)));
        Assert.Equal(content.AsSpan(content.Length - 10).ToArray(), await ReadAsync("/big.bin", Vfs.ByteRange.FromOffset(content.Length - 10)));

        // Three small slices of a 4 MiB object: the bodies on the wire are the slices, plus headers.
        Assert.Equal(120, _wire.BodyBytes);
        Assert.Equal(3, _wire.Requests);
    }

    [Fact]
    public async Task Server_side_copy_moves_no_bytes_through_this_process()
    {
        var content = RandomBytes(2 * 1024 * 1024, seed: 2);
        await WriteAsync("/a.bin", content);
        _wire.Reset();
        var copied = await Resource.CopyAsync("/a.bin", "/b.bin");
        Assert.True(_wire.BodyBytes < 64 * 1024, $"{_wire.BodyBytes} body bytes came back for a copy");
        Assert.Equal(content.Length, copied.Size);
        Assert.Equal(content, await ReadAsync("/b.bin"));
    }

    [Fact]
    public async Task Failed_multipart_upload_leaves_the_old_object_and_no_partial_one()
    {
        await WriteAsync("/f.bin", Encoding.UTF8.GetBytes("old"));
        // 12 MiB of source before it fails: two parts were uploaded when the failure comes.
        var failing = new FailingStream(RandomBytes(12 * 1024 * 1024, seed: 3));
        await Assert.ThrowsAnyAsync<IOException>(async () => await Resource.WriteAsync("/f.bin", failing));
        Assert.Equal("old", Encoding.UTF8.GetString(await ReadAsync("/f.bin")));

        var fresh = new FailingStream(RandomBytes(11 * 1024 * 1024, seed: 4));
        await Assert.ThrowsAnyAsync<IOException>(async () => await Resource.WriteAsync("/new.bin", fresh));
        Assert.Null(await Resource.StatAsync("/new.bin"));
        Assert.Equal([_s3.Key("f.bin")], await _s3.KeysAsync());
    }

    [Fact]
    public async Task Large_write_is_a_multipart_upload_that_reads_back_whole()
    {
        var content = RandomBytes((2 * S3ResourceOptions.MinimumPartSize) + 12345, seed: 5);
        var written = await WriteAsync("/three-parts.bin", content);
        Assert.Equal(content.Length, written.Size);
        Assert.Equal(3, _wire.RequestLines.Count(static line => line.StartsWith("PUT ", StringComparison.Ordinal) && line.Contains("partNumber=", StringComparison.Ordinal)));
        Assert.Equal(content, await ReadAsync("/three-parts.bin"));
        Assert.Equal(written.Fingerprint, (await Resource.StatAsync("/three-parts.bin"))?.Fingerprint);
    }

    [Fact]
    public async Task Write_of_exactly_one_part_is_a_single_put()
    {
        var content = RandomBytes(S3ResourceOptions.MinimumPartSize, seed: 6);
        await WriteAsync("/one-part.bin", content);
        Assert.DoesNotContain(_wire.RequestLines, static line => line.Contains("partNumber=", StringComparison.Ordinal) || line.Contains("uploads", StringComparison.Ordinal));
        Assert.Single(_wire.RequestLines, static line => line.StartsWith("PUT ", StringComparison.Ordinal));
        Assert.Equal(content, await ReadAsync("/one-part.bin"));
    }

    [Fact]
    public async Task Keys_with_spaces_and_unicode_are_stored_as_written()
    {
        await Resource.CreateDirectoryAsync("/my dir");
        await WriteAsync("/my dir/ünï côdé 😀 #1.txt", Encoding.UTF8.GetBytes("x"));
        var keys = await _s3.KeysAsync();
        Assert.Equal([_s3.Key("my dir/"), _s3.Key("my dir/ünï côdé 😀 #1.txt")], keys.Order(StringComparer.Ordinal));
        var listed = Assert.Single(await ListAsync("/my dir"));
        Assert.Equal("ünï côdé 😀 #1.txt", listed.Name);
    }

    [Fact]
    public async Task Prefix_confines_the_tree_to_its_keys()
    {
        await S3TestServer.PutRawAsync(Raw, $"{_s3.Prefix}-sibling/outside.txt", "outside");
        await _s3.PutAsync("inside.txt", "inside");
        try
        {
            await using var nested = new S3Resource(S3TestServer.Options(_s3.Prefix + "/"));
            Assert.Equal(["inside.txt"], (await ListAsync("/", nested)).Select(static e => e.Name));
            Assert.Null(await nested.StatAsync("/outside.txt"));
            await ResourceOperations.WriteAllBytesAsync(nested, "/written.txt", Encoding.UTF8.GetBytes("w"));
            Assert.Contains(_s3.Key("written.txt"), await _s3.KeysAsync());
        }
        finally
        {
            await Raw.DeleteObjectAsync(S3TestServer.BucketName, $"{_s3.Prefix}-sibling/outside.txt");
        }
    }

    [Fact]
    public async Task Mkdir_writes_a_marker_object_so_empty_directories_last()
    {
        await Resource.CreateDirectoryAsync("/empty");
        Assert.Equal([_s3.Key("empty/")], await _s3.KeysAsync());
        Assert.True((await Resource.StatAsync("/empty"))?.IsDirectory);
        Assert.Empty(await ListAsync("/empty"));
    }

    [Fact]
    public async Task Directories_implied_by_deeper_keys_exist_without_markers()
    {
        // s3rver reports a common prefix only when a key lies directly in it, so each level here holds a file.
        await _s3.PutAsync("implicit/top.txt", "top");
        await _s3.PutAsync("implicit/deep/file.txt", "data");
        Assert.True((await Resource.StatAsync("/implicit"))?.IsDirectory);
        Assert.True((await Resource.StatAsync("/implicit/deep"))?.IsDirectory);
        Assert.Equal(["implicit"], (await ListAsync("/")).Select(static e => e.Name));
        Assert.Equal(["deep", "top.txt"], (await ListAsync("/implicit")).Select(static e => e.Name));
        Assert.Equal(["file.txt"], (await ListAsync("/implicit/deep")).Select(static e => e.Name));
        Assert.Equal("data", Encoding.UTF8.GetString(await ReadAsync("/implicit/deep/file.txt")));
    }

    [Fact]
    public async Task Removing_the_last_file_of_an_implied_directory_keeps_the_directory()
    {
        await _s3.PutAsync("dir/only.txt", "x");
        await Resource.RemoveAsync("/dir/only.txt");
        Assert.True((await Resource.StatAsync("/dir"))?.IsDirectory);
        Assert.Equal([_s3.Key("dir/")], await _s3.KeysAsync());
    }

    [Fact]
    public async Task Recursive_remove_deletes_every_key_below_in_batches()
    {
        await Resource.CreateDirectoryAsync("/tree");
        for (var i = 0; i < 25; i++) await _s3.PutAsync($"tree/sub{i % 3}/file{i:D2}.txt", "x");
        await _s3.PutAsync("keep.txt", "k");
        await Resource.RemoveAsync("/tree", recursive: true);
        Assert.Equal([_s3.Key("keep.txt")], await _s3.KeysAsync());
    }

    [Fact]
    public async Task Recursive_listing_yields_every_descendant_with_parents_first()
    {
        await _s3.PutAsync("a/b/c.txt", "c");
        await _s3.PutAsync("a/d.txt", "d");
        await Resource.CreateDirectoryAsync("/e");
        var seen = new List<EntryInfo>();
        await foreach (var entry in ResourceOperations.WalkAsync(Resource, VPath.Root)) seen.Add(entry);
        var paths = seen.Select(static e => e.Path.Value).ToList();
        Assert.Equal(["/a", "/a/b", "/a/b/c.txt", "/a/d.txt", "/e"], paths.Order(StringComparer.Ordinal));
        Assert.True(paths.IndexOf("/a") < paths.IndexOf("/a/b"));
        Assert.True(paths.IndexOf("/a/b") < paths.IndexOf("/a/b/c.txt"));
        Assert.All(seen.Where(static e => e.Path.Value is "/a" or "/a/b" or "/e"), static e => Assert.True(e.IsDirectory));
    }

    [Fact]
    public async Task Missing_bucket_fails_with_a_line_naming_the_bucket()
    {
        await using var missing = new S3Resource(S3TestServer.Options() with { Bucket = "no-such-bucket-here", MaxRetries = 0 });
        var error = await Assert.ThrowsAsync<ResourceException>(async () => await missing.StatAsync("/x"));
        Assert.Equal(ResourceError.NotFound, error.Error);
        Assert.Contains("bucket 'no-such-bucket-here' does not exist", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Wrong_credentials_fail_with_permission_denied()
    {
        await using var wrong = new S3Resource(_s3.Options with { AccessKeyId = "WRONG", SecretAccessKey = "WRONG", MaxRetries = 0 });
        var error = await Assert.ThrowsAsync<ResourceException>(async () => await ListAsync("/", wrong));
        Assert.Equal(ResourceError.PermissionDenied, error.Error);
        Assert.Contains("s3://mirage-tests/", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_that_is_down_fails_as_transient_naming_the_endpoint()
    {
        var closedPort = LoopbackPort.Unused();
        await using var down = new S3Resource(_s3.Options with { Endpoint = $"http://127.0.0.1:{closedPort}", MaxRetries = 0, Timeout = TimeSpan.FromSeconds(5) });
        var error = await Assert.ThrowsAsync<ResourceException>(async () => await down.StatAsync("/x"));
        Assert.Equal(ResourceError.Transient, error.Error);
        Assert.Contains($"127.0.0.1:{closedPort}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registration_reads_the_yaml_keys()
    {
        var yaml = """
            bucket: logs
            region: eu-west-1
            endpoint: http://127.0.0.1:4569
            prefix: app/2026
            access_key_id: AK
            secret_access_key: SK
            path_style: true
            part_size: 16MiB
            timeout: 30s
            """;
        var errors = new List<string>();
        var reader = new ConfigReader(YamlConfigLoader.Load(yaml, "workspace.yaml", static _ => null), errors);
        var options = S3ResourceRegistration.ReadOptions(reader);
        reader.RejectUnknownKeys();
        Assert.Empty(errors);
        Assert.NotNull(options);
        Assert.Equal(new S3ResourceOptions("logs", "eu-west-1", "http://127.0.0.1:4569", "app/2026", "AK", "SK", null, true) { PartSize = 16 * 1024 * 1024, Timeout = TimeSpan.FromSeconds(30) }, options);
        var registry = S3ResourceRegistration.Register(new ResourceRegistry());
        Assert.True(registry.TryGet("s3", out _));
    }

    [Fact]
    public void Registration_reports_a_missing_bucket_and_unknown_keys()
    {
        var errors = new List<string>();
        var reader = new ConfigReader(YamlConfigLoader.Load("regoin: x\n", "workspace.yaml", static _ => null), errors);
        Assert.Null(S3ResourceRegistration.ReadOptions(reader));
        reader.RejectUnknownKeys();
        Assert.Contains(errors, static e => e.Contains("bucket: required key is missing", StringComparison.Ordinal));
        Assert.Contains(errors, static e => e.Contains("regoin: unknown key", StringComparison.Ordinal));
    }

    // ---- helpers ----

    private Task<EntryInfo> WriteAsync(VPath path, byte[] content) =>
        ResourceOperations.WriteAllBytesAsync(Resource, path, content).AsTask();

    private async Task<byte[]> ReadAsync(VPath path, Vfs.ByteRange range = default)
    {
        await using var stream = await Resource.OpenReadAsync(path, range);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private async Task<List<EntryInfo>> ListAsync(VPath directory, IResource? resource = null)
    {
        var entries = new List<EntryInfo>();
        await foreach (var entry in (resource ?? Resource).ListAsync(directory)) entries.Add(entry);
        return entries;
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
