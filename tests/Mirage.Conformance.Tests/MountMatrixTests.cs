using Mirage.Resources.Redis;
using Mirage.Resources.Redis.Tests;
using Mirage.Resources.S3;
using Mirage.Resources.S3.Tests;
using Mirage.Resources.Ssh;
using Mirage.Resources.Ssh.Tests;
using Mirage.Vfs;
using Mirage.Vfs.Caching;

namespace Mirage.Conformance.Tests;

/// <summary>A column of the mount matrix: the tree its cases run over, and the backend whose exclusions apply.</summary>
public interface IMatrixColumn
{
    static abstract MatrixBackend Backend { get; }
}

/// <summary>The file and text cases with our shell's working tree on <typeparamref name="TTree"/>; bash runs on a host folder as ever.</summary>
public abstract class MountMatrixTests<TTree>(TTree tree) : IClassFixture<TTree>
    where TTree : SharedWorkingTree, IMatrixColumn
{
    public static TheoryData<string> CaseIds() => MountMatrix.CaseIds(TTree.Backend);

    [Theory]
    [MemberData(nameof(CaseIds))]
    public async Task Case_matches_bash(string id)
    {
        var testCase = ConformanceRunner.AllCases.Single(c => c.Id == id);
        var (bash, ours) = await ConformanceRunner.RunAsync(testCase, tree);
        Assert.True(ConformanceRunner.Same(testCase, bash, ours), ConformanceRunner.Describe(testCase, bash, ours));
    }
}

/// <summary>The working tree in s3rver, under a key prefix of its own.</summary>
public class S3Tree : SharedWorkingTree, IMatrixColumn
{
    private readonly string _prefix = S3TestServer.NewPrefix("conformance");

    public static MatrixBackend Backend => MatrixBackend.S3;

    protected override async Task<IResource> OpenAsync()
    {
        await S3TestServer.EnsureBucketAsync();
        return Front(new S3Resource(S3TestServer.Options(_prefix)));
    }

    /// <summary>What stands in front of the backend: nothing, or a cache.</summary>
    protected virtual IResource Front(IResource backend) => backend;

    protected override Task DeleteAsync() => S3TestServer.DeleteAllAsync(_prefix);
}

/// <summary>The same behind a cache held in this process, warm from case to case as in one long session.</summary>
public sealed class CachedS3Tree : S3Tree
{
    protected override IResource Front(IResource backend) => new CachedResource(backend, CacheOptions.InMemory());
}

/// <summary>The working tree in redis-server, under a key prefix of its own.</summary>
public class RedisTree : SharedWorkingTree, IMatrixColumn
{
    private readonly string _prefix = RedisTestServer.NewPrefix("conformance");

    public static MatrixBackend Backend => MatrixBackend.Redis;

    protected override Task<IResource> OpenAsync() => Task.FromResult(Front(new RedisResource(new RedisResourceOptions(RedisTestServer.Url, _prefix))));

    protected virtual IResource Front(IResource backend) => backend;

    protected override Task DeleteAsync() => RedisTestServer.DeleteAllAsync(_prefix);
}

public sealed class CachedRedisTree : RedisTree
{
    protected override IResource Front(IResource backend) => new CachedResource(backend, CacheOptions.InMemory());
}

/// <summary>The working tree on sshd over SFTP, in a folder of its own.</summary>
public class SshTree : SharedWorkingTree, IMatrixColumn
{
    private string _folder = "";

    public static MatrixBackend Backend => MatrixBackend.Ssh;

    protected override async Task<IResource> OpenAsync()
    {
        _folder = await SshTestServer.NewFolderAsync();
        return Front(new SshResource(SshTestServer.Options(_folder)));
    }

    protected virtual IResource Front(IResource backend) => backend;

    protected override Task DeleteAsync() => _folder.Length == 0 ? Task.CompletedTask : SshTestServer.DeleteFolderAsync(_folder);
}

public sealed class CachedSshTree : SshTree
{
    protected override IResource Front(IResource backend) => new CachedResource(backend, CacheOptions.InMemory());
}

public sealed class S3MatrixTests(S3Tree tree) : MountMatrixTests<S3Tree>(tree);

public sealed class CachedS3MatrixTests(CachedS3Tree tree) : MountMatrixTests<CachedS3Tree>(tree);

public sealed class RedisMatrixTests(RedisTree tree) : MountMatrixTests<RedisTree>(tree);

public sealed class CachedRedisMatrixTests(CachedRedisTree tree) : MountMatrixTests<CachedRedisTree>(tree);

public sealed class SshMatrixTests(SshTree tree) : MountMatrixTests<SshTree>(tree);

public sealed class CachedSshMatrixTests(CachedSshTree tree) : MountMatrixTests<CachedSshTree>(tree);

/// <summary>Exclusions stay tied to real cases: a renamed or deleted case must not leave a stale entry behind.</summary>
public sealed class MountMatrixExclusionTests
{
    [Theory]
    [InlineData(MatrixBackend.S3)]
    [InlineData(MatrixBackend.Redis)]
    [InlineData(MatrixBackend.Ssh)]
    public void Every_exclusion_names_an_existing_case_or_area(MatrixBackend backend)
    {
        var unknown = MountMatrix.ExclusionKeys(backend)
            .Where(key => !ConformanceRunner.AllCases.Any(c => key.EndsWith('/') ? c.Area + "/" == key : c.Id == key))
            .ToList();
        Assert.Empty(unknown);
    }
}
