using Mirage.Resources.S3;
using Mirage.Resources.S3.Tests;
using Mirage.Vfs;
using Mirage.Vfs.Caching;

namespace Mirage.Conformance.Tests;

/// <summary>
/// The read-only cases of the text commands again, with the working directory an S3 tree (s3rver) behind the cache
/// instead of RAM. The fixture is uploaded once; every case gets its own S3 client over it, while the cache stores
/// are shared, so most cases run on warm caches, as an agent's session would. Cases that write, or look at modes,
/// times or links (which S3 does not keep), stay on the RAM run only.
/// </summary>
public sealed class CachedS3ConformanceTests : IClassFixture<CachedS3Fixture>
{
    private static readonly string[] Files = ["grep", "cat", "head", "tail", "wc", "sort", "cut", "uniq", "tr"];
    private static readonly string[] Excluded = [">", "sort -o", "out.txt", "rm ", "mv ", "cp ", "touch", "mkdir", "chmod", "ln ", "ls", "stat", "-newer", "tee", "sed -i", "cd ", "find", "du ", "-L", "-R", "mktemp", "umask"];

    private readonly CachedS3Fixture _fixture;

    public CachedS3ConformanceTests(CachedS3Fixture fixture) => _fixture = fixture;

    public static TheoryData<string> CaseIds()
    {
        var data = new TheoryData<string>();
        foreach (var testCase in ConformanceRunner.AllCases.Where(IsReadOnlyTextCase)) data.Add(testCase.Id);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public async Task Case_matches_bash_over_cached_s3(string id)
    {
        var testCase = ConformanceRunner.AllCases.Single(c => c.Id == id);
        var options = await _fixture.ReadyAsync();
        var (bash, ours) = await ConformanceRunner.RunAsync(testCase, () => ValueTask.FromResult<IResource>(new CachedResource(new S3Resource(options), _fixture.Cache)));
        var same = bash.ExitCode == ours.ExitCode
            && bash.Stdout.AsSpan().SequenceEqual(ours.Stdout)
            && (!testCase.CompareStderr || bash.Stderr.AsSpan().SequenceEqual(ours.Stderr));
        if (testCase.Divergence is not null) return; // documented differences are checked by the RAM run
        Assert.True(same, ConformanceRunner.Describe(testCase, bash, ours));
    }

    private static bool IsReadOnlyTextCase(ConformanceCase testCase) =>
        Array.Exists(Files, file => testCase.Id.StartsWith(file + ":", StringComparison.Ordinal) || testCase.Id.StartsWith(file + "/", StringComparison.Ordinal))
        && !Array.Exists(Excluded, word => testCase.Script.Contains(word, StringComparison.Ordinal));
}

/// <summary>The fixture tree uploaded once under its own prefix, and the cache stores every case shares.</summary>
public sealed class CachedS3Fixture : IAsyncLifetime
{
    private readonly string _prefix = S3TestServer.NewPrefix("conformance");
    private S3ResourceOptions? _options;

    public CacheOptions Cache { get; } = CacheOptions.InMemory();

    public Task<S3ResourceOptions> ReadyAsync() => Task.FromResult(_options ?? throw new InvalidOperationException("not initialised"));

    public async Task InitializeAsync()
    {
        await S3TestServer.EnsureBucketAsync();
        var options = S3TestServer.Options(_prefix);
        await using (var s3 = new S3Resource(options)) await ConformanceRunner.SeedFixtureAsync(s3);
        _options = options;
    }

    public async Task DisposeAsync() => await S3TestServer.DeleteAllAsync(_prefix);
}
