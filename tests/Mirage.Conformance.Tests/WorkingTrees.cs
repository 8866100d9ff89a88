using System.Diagnostics.CodeAnalysis;
using Mirage.Vfs;
using Mirage.Vfs.Ram;

namespace Mirage.Conformance.Tests;

/// <summary>Where our shell's working tree lives: it hands out a tree holding the fixture and takes it back after the case.</summary>
public interface IWorkingTree
{
    /// <summary>A tree holding exactly the fixture; the workspace it is mounted in disposes it.</summary>
    ValueTask<IResource> RentAsync();

    /// <param name="written">The paths the case wrote, removed, moved, made or set times of; null when that is unknown.</param>
    ValueTask ReturnAsync(IReadOnlySet<VPath>? written);
}

/// <summary>A fresh RAM tree per case, seeded in-process: the default, and the reference column of the matrix.</summary>
public sealed class FreshRamTree : IWorkingTree
{
    public async ValueTask<IResource> RentAsync()
    {
        var tree = new RamResource();
        await ConformanceRunner.SeedFixtureAsync(tree).ConfigureAwait(false);
        return tree;
    }

    public ValueTask ReturnAsync(IReadOnlySet<VPath>? written) => ValueTask.CompletedTask;
}

/// <summary>
/// One remote tree seeded once and lent to every case of a matrix column, so a column pays the upload once;
/// a case that wrote to it gets it put back (emptied and seeded again, through the same resource, so a cache
/// in front sees every change) before the next case runs.
/// </summary>
public abstract class SharedWorkingTree : IWorkingTree, IAsyncLifetime
{
    private IResource? _tree;

    /// <summary>The resource over a fresh, empty place on the server (a key prefix, a folder).</summary>
    protected abstract Task<IResource> OpenAsync();

    /// <summary>Removes what <see cref="OpenAsync"/> made on the server.</summary>
    protected abstract Task DeleteAsync();

    private IResource Tree => _tree ?? throw new InvalidOperationException("not initialised");

    public async Task InitializeAsync()
    {
        _tree = await OpenAsync().ConfigureAwait(false);
        await ConformanceRunner.SeedFixtureAsync(_tree).ConfigureAwait(false);
    }

    public ValueTask<IResource> RentAsync() => ValueTask.FromResult<IResource>(new Lent(Tree));

    public async ValueTask ReturnAsync(IReadOnlySet<VPath>? written)
    {
        if (written is null)
        {
            await foreach (var entry in Tree.ListAsync(VPath.Root).ConfigureAwait(false)) await Tree.RemoveAsync(entry.Path, recursive: true).ConfigureAwait(false);
            await ConformanceRunner.SeedFixtureAsync(Tree).ConfigureAwait(false);
        }
        else if (written.Count > 0)
        {
            await RestoreAsync(VPath.Root, new DirectoryInfo(ConformanceRunner.FixtureDirectory), written).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Puts one directory back as the fixture has it, touching only what differs: entries the case added go, entries it
    /// removed come back, files it wrote (or whose size changed) are written again. A remote tree pays a listing per
    /// directory instead of a whole upload.
    /// </summary>
    private async Task RestoreAsync(VPath directory, DirectoryInfo? host, IReadOnlySet<VPath> written)
    {
        var present = new Dictionary<string, EntryInfo>(StringComparer.Ordinal);
        await foreach (var entry in Tree.ListAsync(directory).ConfigureAwait(false)) present[entry.Path.Name] = entry;
        // A null source is an empty directory: the one SeedFixtureAsync makes, which the repository cannot keep.
        var expected = new Dictionary<string, FileSystemInfo?>(StringComparer.Ordinal);
        foreach (var entry in host?.EnumerateFileSystemInfos() ?? []) expected[entry.Name] = entry;
        if (directory.IsRoot) expected[EmptyDirectory] = null;
        foreach (var (name, entry) in present)
        {
            if (!expected.ContainsKey(name)) await Tree.RemoveAsync(entry.Path, recursive: true).ConfigureAwait(false);
        }
        foreach (var (name, source) in expected)
        {
            var path = directory / name;
            var isDirectory = source is null or DirectoryInfo;
            present.TryGetValue(name, out var current);
            // A directory the case wrote to itself (touch -d, a remove and re-create) is made again from scratch.
            if (current is not null && (current.IsDirectory != isDirectory || (isDirectory && written.Contains(path))))
            {
                await Tree.RemoveAsync(path, recursive: true).ConfigureAwait(false);
                current = null;
            }
            if (isDirectory)
            {
                if (current is null) await Tree.CreateDirectoryAsync(path).ConfigureAwait(false);
                await RestoreAsync(path, source as DirectoryInfo, written).ConfigureAwait(false);
            }
            else if (current is null || current.Size != ((FileInfo)source!).Length || written.Contains(path))
            {
                await ConformanceRunner.SeedFileAsync(Tree, (FileInfo)source!, path).ConfigureAwait(false);
                current = null; // an overwrite may keep the mode it found: ask again
            }
            await RestoreModeAsync(path, source, current).ConfigureAwait(false);
        }
    }

    /// <summary>A mode the case changed (chmod) goes back too.</summary>
    private async Task RestoreModeAsync(VPath path, FileSystemInfo? source, EntryInfo? listed)
    {
        if (!Tree.TryGetCapability<IChangeMode>(out var modes)) return;
        var expected = source is null || OperatingSystem.IsWindows() ? DirectoryMode : (int)File.GetUnixFileMode(source.FullName);
        var entry = listed ?? await Tree.StatAsync(path).ConfigureAwait(false);
        if (entry?.Mode is { } mode && (mode & 0xFFF) != expected) await modes.ChangeModeAsync(path, expected).ConfigureAwait(false);
    }

    private const int DirectoryMode = 0b111_101_101; // 0755, as the host folder made for the bash side gets it

    private const string EmptyDirectory = "empty-dir";

    public async Task DisposeAsync()
    {
        if (_tree is not null) await _tree.DisposeAsync().ConfigureAwait(false);
        await DeleteAsync().ConfigureAwait(false);
    }

    /// <summary>The shared tree as one case sees it: everything but disposal, which stays with the owner.</summary>
    private sealed class Lent(IResource tree) : IResource
    {
        public ResourceInfo Info => tree.Info;

        public ValueTask<EntryInfo?> StatAsync(VPath path, CancellationToken cancellationToken = default) => tree.StatAsync(path, cancellationToken);

        public IAsyncEnumerable<EntryInfo> ListAsync(VPath directory, CancellationToken cancellationToken = default) => tree.ListAsync(directory, cancellationToken);

        public ValueTask<Stream> OpenReadAsync(VPath path, ByteRange range = default, CancellationToken cancellationToken = default) =>
            tree.OpenReadAsync(path, range, cancellationToken);

        public ValueTask<EntryInfo> WriteAsync(VPath path, Stream content, WriteOptions options = default, CancellationToken cancellationToken = default) =>
            tree.WriteAsync(path, content, options, cancellationToken);

        public ValueTask CreateDirectoryAsync(VPath path, CancellationToken cancellationToken = default) => tree.CreateDirectoryAsync(path, cancellationToken);

        public ValueTask RemoveAsync(VPath path, bool recursive = false, CancellationToken cancellationToken = default) =>
            tree.RemoveAsync(path, recursive, cancellationToken);

        public bool TryGetCapability<T>([NotNullWhen(true)] out T? capability) where T : class => tree.TryGetCapability(out capability);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
