using System.Diagnostics.CodeAnalysis;
using Mirage.Vfs;
using Mirage.Vfs.Ram;

namespace Mirage.Commands.Tests;

/// <summary>Commands over a backend that is neither in memory nor on disk: listing costs a remote call each.</summary>
public sealed class RemoteListingTests
{
    /// <summary>A RAM tree that introduces itself as a remote object store.</summary>
    private sealed class RemoteLike : IResource
    {
        private readonly RamResource _inner = new();

        public ResourceInfo Info { get; } = new("s3", "objects");

        public ValueTask<EntryInfo?> StatAsync(VPath path, CancellationToken cancellationToken = default) => _inner.StatAsync(path, cancellationToken);

        public IAsyncEnumerable<EntryInfo> ListAsync(VPath directory, CancellationToken cancellationToken = default) => _inner.ListAsync(directory, cancellationToken);

        public ValueTask<Stream> OpenReadAsync(VPath path, ByteRange range = default, CancellationToken cancellationToken = default) => _inner.OpenReadAsync(path, range, cancellationToken);

        public ValueTask<EntryInfo> WriteAsync(VPath path, Stream content, WriteOptions options = default, CancellationToken cancellationToken = default) => _inner.WriteAsync(path, content, options, cancellationToken);

        public ValueTask CreateDirectoryAsync(VPath path, CancellationToken cancellationToken = default) => _inner.CreateDirectoryAsync(path, cancellationToken);

        public ValueTask RemoveAsync(VPath path, bool recursive = false, CancellationToken cancellationToken = default) => _inner.RemoveAsync(path, recursive, cancellationToken);

        public bool TryGetCapability<T>([NotNullWhen(true)] out T? capability) where T : class
        {
            capability = null;
            return false;
        }

        public ValueTask DisposeAsync() => _inner.DisposeAsync();
    }

    [Fact]
    public async Task Ls_l_lists_only_the_directory_asked_for()
    {
        await using var box = new Sandbox(new Mount(VPath.Parse("/s3"), new RemoteLike()));
        for (var i = 0; i < 20; i++) await box.WriteAsync($"/s3/bucket/p{i:00}/obj", "x");
        var before = box.Files.Log.Position;
        var result = await box.RunAsync("ls", "-l", "/s3/bucket");
        Assert.Equal(0, result.Status);
        Assert.Equal(21, result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Single(box.Files.Log.Snapshot(before), r => r.Kind == OperationKind.List);
        Assert.StartsWith("drwxr-xr-x 1 user user", result.Stdout.Split('\n')[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cp_streams_from_a_remote_mount_into_ram()
    {
        await using var box = new Sandbox(new Mount(VPath.Parse("/s3"), new RemoteLike()), new Mount(VPath.Parse("/data"), new RamResource()));
        await box.WriteAsync("/s3/x.csv", "a,b\n1,2\n");
        Assert.Equal(0, (await box.RunAsync("cp", "/s3/x.csv", "/data/x.csv")).Status);
        Assert.Equal("a,b\n1,2\n", await box.ReadAsync("/data/x.csv"));
    }
}
