using System.Text;
using Mirage.Configuration;
using Mirage.Testing;
using Mirage.Vfs;
using StackExchange.Redis;

namespace Mirage.Resources.Redis.Tests;

/// <summary>What the contract cannot see: the key layout, paging, leftovers of failed writes, failures.</summary>
public sealed class RedisResourceTests : IAsyncLifetime
{
    private string _prefix = "";
    private RedisResource? _resource;

    private RedisResource Resource => _resource!;

    public Task InitializeAsync()
    {
        _prefix = RedisTestServer.NewPrefix("specific");
        _resource = RedisTestServer.Resource(_prefix);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_resource is not null) await _resource.DisposeAsync();
        await RedisTestServer.DeleteAllAsync(_prefix);
    }

    [Fact]
    public async Task Layout_is_one_hash_per_entry_one_sorted_set_per_directory_and_one_blob_per_file()
    {
        await Resource.CreateDirectoryAsync("/d");
        var written = await ResourceOperations.WriteAllBytesAsync(Resource, "/d/f.txt", Encoding.UTF8.GetBytes("hello"));
        Assert.Equal(
            [$"{_prefix}b:{written.Fingerprint}", $"{_prefix}l:/", $"{_prefix}l:/d", $"{_prefix}m:/d", $"{_prefix}m:/d/f.txt"],
            await RedisTestServer.KeysAsync(_prefix));
        var db = (await RedisTestServer.ConnectionAsync()).GetDatabase();
        Assert.Equal(["f.txt"], (await db.SortedSetRangeByValueAsync($"{_prefix}l:/d")).Select(static v => (string)v!));
        Assert.Equal("hello", (string?)await db.StringGetAsync($"{_prefix}b:{written.Fingerprint}"));
        Assert.Equal("f", (string?)await db.HashGetAsync($"{_prefix}m:/d/f.txt", "kind"));
    }

    [Fact]
    public async Task Listing_a_large_directory_pages_through_its_sorted_set()
    {
        await Resource.CreateDirectoryAsync("/many");
        var names = Enumerable.Range(0, 1_100).Select(static i => $"f{i:D4}").ToList();
        await Task.WhenAll(names.Select(name => ResourceOperations.WriteAllBytesAsync(Resource, "/many/" + name, Encoding.UTF8.GetBytes(name)).AsTask()));
        var listed = new List<string>();
        await foreach (var entry in Resource.ListAsync("/many")) listed.Add(entry.Name);
        Assert.Equal(names, listed);
    }

    [Fact]
    public async Task Failed_write_leaves_no_blob_behind()
    {
        var before = await RedisTestServer.KeysAsync(_prefix);
        await Assert.ThrowsAnyAsync<IOException>(async () => await Resource.WriteAsync("/f", new FailingStream(new byte[300_000])));
        Assert.Null(await Resource.StatAsync("/f"));
        Assert.Equal(before, await RedisTestServer.KeysAsync(_prefix));
    }

    [Fact]
    public async Task Replaced_content_lingers_only_for_the_reader_grace()
    {
        var first = await ResourceOperations.WriteAllBytesAsync(Resource, "/f", Encoding.UTF8.GetBytes("one"));
        await ResourceOperations.WriteAllBytesAsync(Resource, "/f", Encoding.UTF8.GetBytes("two"));
        var db = (await RedisTestServer.ConnectionAsync()).GetDatabase();
        var ttl = await db.KeyTimeToLiveAsync($"{_prefix}b:{first.Fingerprint}");
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        var current = await Resource.StatAsync("/f");
        Assert.Null(await db.KeyTimeToLiveAsync($"{_prefix}b:{current!.Fingerprint}"));
    }

    [Fact]
    public async Task Two_resources_with_different_prefixes_do_not_see_each_other()
    {
        var otherPrefix = RedisTestServer.NewPrefix("other");
        try
        {
            await using var other = new RedisResource(new RedisResourceOptions(RedisTestServer.Url, otherPrefix));
            await ResourceOperations.WriteAllBytesAsync(Resource, "/mine", Encoding.UTF8.GetBytes("m"));
            Assert.Null(await other.StatAsync("/mine"));
            Assert.Empty(await ResourceOperations.ListSortedAsync(other, VPath.Root));
        }
        finally
        {
            await RedisTestServer.DeleteAllAsync(otherPrefix);
        }
    }

    [Fact]
    public async Task Server_that_is_down_fails_as_transient_naming_the_url()
    {
        var port = LoopbackPort.Unused();
        await using var down = new RedisResource(new RedisResourceOptions($"redis://127.0.0.1:{port}") { Timeout = TimeSpan.FromSeconds(2) });
        var error = await Assert.ThrowsAsync<ResourceException>(async () => await down.StatAsync("/x"));
        Assert.Equal(ResourceError.Transient, error.Error);
        Assert.Contains($"redis redis://127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Urls_carry_host_port_credentials_and_database()
    {
        var options = RedisUrl.Parse("redis://app:s%40cret@cache.local:6380/3");
        Assert.Equal("cache.local:6380", options.EndPoints[0].ToString()?.Replace("Unspecified/", "", StringComparison.Ordinal));
        Assert.Equal("app", options.User);
        Assert.Equal("s@cret", options.Password);
        Assert.Equal(3, options.DefaultDatabase);
        Assert.False(options.Ssl);
        Assert.True(RedisUrl.Parse("rediss://h").Ssl);
        Assert.Equal("redis://***@cache.local:6380/3", RedisUrl.Redact("redis://app:s%40cret@cache.local:6380/3"));
        Assert.Equal("h:1,password=***,ssl=true", RedisUrl.Redact("h:1,password=x,ssl=true"));
    }

    [Fact]
    public void Registration_reads_the_yaml_keys()
    {
        var errors = new List<string>();
        var reader = new ConfigReader(YamlConfigLoader.Load("url: redis://127.0.0.1:6390\nprefix: \"team:\"\ntimeout: 3s\n", "workspace.yaml", static _ => null), errors);
        var options = RedisResourceRegistration.ReadOptions(reader);
        reader.RejectUnknownKeys();
        Assert.Empty(errors);
        Assert.Equal(new RedisResourceOptions("redis://127.0.0.1:6390", "team:") { Timeout = TimeSpan.FromSeconds(3) }, options);
        Assert.True(RedisResourceRegistration.Register(new ResourceRegistry()).TryGet("redis", out _));
    }
}
