using System.Runtime.CompilerServices;
using Mirage.Vfs.Caching;

namespace Mirage.Vfs;

/// <summary>
/// The whole mounted tree seen as one resource: each call is routed to the mount that owns the path,
/// mount modes are enforced here and nowhere else, ancestors of mount points appear as directories,
/// operations between two mounts stream through <see cref="ResourceOperations"/>, and every backend call
/// is written to the <see cref="OperationLog"/>, flagged as a cache hit when a <see cref="CachedResource"/> answered it itself.
/// </summary>
public sealed class Dispatcher : IResource, IRenamable, IServerSideCopy, ISymlinks, ITimestamps, IChangeMode, INameLister
{
    private volatile MountTable _mounts;

    public Dispatcher(MountTable mounts, OperationLog? log = null)
    {
        _mounts = mounts;
        Log = log ?? new OperationLog();
    }

    public ResourceInfo Info { get; } = new("workspace", "All mounts of a workspace in one tree.");

    public MountTable Mounts => _mounts;

    public OperationLog Log { get; }

    public void Mount(Mount mount) => _mounts = _mounts.With(mount);

    public void Unmount(VPath prefix) => _mounts = _mounts.Without(prefix);

    public async ValueTask<EntryInfo?> StatAsync(VPath path, CancellationToken cancellationToken = default)
    {
        var table = _mounts;
        if (table.TryResolve(path, out var mount, out var inner))
        {
            var start = OperationLog.Start();
            var probe = CacheHitReport.Begin();
            var info = await mount.Resource.StatAsync(inner, cancellationToken).ConfigureAwait(false);
            Log.Record(OperationKind.Stat, mount.Prefix, inner, 0, OperationLog.Since(start), probe.Hit);
            if (info is not null) return info.WithPath(path);
        }
        return path.IsRoot || table.HasMountsBelow(path) ? SyntheticDirectory(path) : null;
    }

    public IAsyncEnumerable<EntryInfo> ListAsync(VPath directory, CancellationToken cancellationToken = default) =>
        ListAsync(directory, namesOnly: false, cancellationToken);

    /// <summary>Names and kinds, from each mount's <see cref="INameLister"/> where it has one.</summary>
    public IAsyncEnumerable<EntryInfo> ListNamesAsync(VPath directory, CancellationToken cancellationToken = default) =>
        ListAsync(directory, namesOnly: true, cancellationToken);

    private async IAsyncEnumerable<EntryInfo> ListAsync(VPath directory, bool namesOnly, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = _mounts;
        var synthetic = table.SyntheticChildren(directory);
        var owned = table.TryResolve(directory, out var mount, out var inner);
        if (synthetic.Count == 0)
        {
            if (!owned) throw ResourceException.NotFound(directory);
            // The common case streams straight through, however large the directory.
            await foreach (var entry in ListOwnedAsync(mount!, inner, directory, namesOnly, cancellationToken).ConfigureAwait(false))
                yield return entry;
            yield break;
        }

        var merged = new List<EntryInfo>();
        if (owned)
        {
            try
            {
                await foreach (var entry in ListOwnedAsync(mount!, inner, directory, namesOnly, cancellationToken).ConfigureAwait(false))
                {
                    // A mount point hides whatever the parent resource has under the same name.
                    if (!synthetic.Contains(entry.Name)) merged.Add(entry);
                }
            }
            catch (ResourceException e) when (e.Error == ResourceError.NotFound)
            {
                // The directory exists only because a mount lies below it.
            }
        }
        foreach (var name in synthetic)
        {
            var child = directory / name;
            merged.Add(await StatAsync(child, cancellationToken).ConfigureAwait(false) ?? SyntheticDirectory(child));
        }
        merged.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var entry in merged) yield return entry;
    }

    private async IAsyncEnumerable<EntryInfo> ListOwnedAsync(Mount mount, VPath inner, VPath outer, bool namesOnly, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var start = OperationLog.Start();
        var count = 0L;
        // The probe must be open when the listing starts: a cache decides hit or miss on its first step.
        var probe = CacheHitReport.Begin();
        var entries = namesOnly ? ResourceOperations.ListNamesAsync(mount.Resource, inner, cancellationToken) : mount.Resource.ListAsync(inner, cancellationToken);
        await foreach (var entry in entries.ConfigureAwait(false))
        {
            count++;
            yield return entry.WithPath(outer / entry.Name);
        }
        Log.Record(OperationKind.List, mount.Prefix, inner, count, OperationLog.Since(start), probe.Hit);
    }

    public async ValueTask<Stream> OpenReadAsync(VPath path, ByteRange range = default, CancellationToken cancellationToken = default)
    {
        var (mount, inner) = Resolve(path);
        var start = OperationLog.Start();
        var probe = CacheHitReport.Begin();
        var stream = await mount.Resource.OpenReadAsync(inner, range, cancellationToken).ConfigureAwait(false);
        var hit = probe.Hit;
        return new LoggedReadStream(stream, bytes => Log.Record(OperationKind.Read, mount.Prefix, inner, bytes, OperationLog.Since(start), hit));
    }

    public async ValueTask<EntryInfo> WriteAsync(VPath path, Stream content, WriteOptions options = default, CancellationToken cancellationToken = default)
    {
        var (mount, inner) = ResolveWritable(path);
        if (inner.IsRoot) throw ResourceException.IsADirectory(path);
        var start = OperationLog.Start();
        var info = await mount.Resource.WriteAsync(inner, content, options, cancellationToken).ConfigureAwait(false);
        Log.Record(OperationKind.Write, mount.Prefix, inner, info.Size ?? 0, OperationLog.Since(start));
        return info.WithPath(path);
    }

    public async ValueTask CreateDirectoryAsync(VPath path, CancellationToken cancellationToken = default)
    {
        var table = _mounts;
        if (path.IsRoot || table.HasMountsBelow(path) || table.Mounts.Any(m => m.Prefix == path))
            throw ResourceException.AlreadyExists(path);
        var (mount, inner) = ResolveWritable(path);
        var start = OperationLog.Start();
        await mount.Resource.CreateDirectoryAsync(inner, cancellationToken).ConfigureAwait(false);
        Log.Record(OperationKind.CreateDirectory, mount.Prefix, inner, 0, OperationLog.Since(start));
    }

    public async ValueTask RemoveAsync(VPath path, bool recursive = false, CancellationToken cancellationToken = default)
    {
        RefuseMountPoints(path);
        var (mount, inner) = ResolveWritable(path);
        var start = OperationLog.Start();
        await mount.Resource.RemoveAsync(inner, recursive, cancellationToken).ConfigureAwait(false);
        Log.Record(OperationKind.Remove, mount.Prefix, inner, 0, OperationLog.Since(start));
    }

    public async ValueTask<EntryInfo> RenameAsync(VPath source, VPath destination, CancellationToken cancellationToken = default)
    {
        RefuseMountPoints(source);
        var (from, fromInner) = ResolveWritable(source);
        var (to, toInner) = ResolveWritable(destination);
        if (toInner.IsRoot) throw new ResourceException(ResourceError.Busy, destination);
        var start = OperationLog.Start();
        await ResourceOperations.MoveAsync(from.Resource, fromInner, to.Resource, toInner, cancellationToken).ConfigureAwait(false);
        Log.Record(OperationKind.Rename, from.Prefix, fromInner, 0, OperationLog.Since(start));
        return await StatAsync(destination, cancellationToken).ConfigureAwait(false) ?? throw ResourceException.NotFound(destination);
    }

    public async ValueTask<EntryInfo> CopyAsync(VPath source, VPath destination, CancellationToken cancellationToken = default)
    {
        var (from, fromInner) = Resolve(source);
        var (to, toInner) = ResolveWritable(destination);
        if (toInner.IsRoot) throw ResourceException.IsADirectory(destination);
        var start = OperationLog.Start();
        var info = await ResourceOperations.CopyFileAsync(from.Resource, fromInner, to.Resource, toInner, cancellationToken).ConfigureAwait(false);
        Log.Record(OperationKind.Copy, to.Prefix, toInner, info.Size ?? 0, OperationLog.Since(start));
        return info.WithPath(destination);
    }

    public async ValueTask<EntryInfo> CreateSymlinkAsync(VPath path, string target, CancellationToken cancellationToken = default)
    {
        var (mount, inner) = ResolveWritable(path);
        if (!mount.Resource.TryGetCapability<ISymlinks>(out var links)) throw ResourceException.NotSupported(path);
        var info = await links.CreateSymlinkAsync(inner, target, cancellationToken).ConfigureAwait(false);
        Log.Record(OperationKind.Symlink, mount.Prefix, inner, 0, TimeSpan.Zero);
        return info.WithPath(path);
    }

    public async ValueTask<string?> ReadLinkAsync(VPath path, CancellationToken cancellationToken = default)
    {
        if (!_mounts.TryResolve(path, out var mount, out var inner)) return null;
        return mount.Resource.TryGetCapability<ISymlinks>(out var links)
            ? await links.ReadLinkAsync(inner, cancellationToken).ConfigureAwait(false)
            : null;
    }

    public async ValueTask SetModifiedAsync(VPath path, DateTimeOffset modified, CancellationToken cancellationToken = default)
    {
        var (mount, inner) = ResolveWritable(path);
        if (!mount.Resource.TryGetCapability<ITimestamps>(out var times)) return; // Backends without mtimes ignore touch, as many object stores do.
        await times.SetModifiedAsync(inner, modified, cancellationToken).ConfigureAwait(false);
        Log.Record(OperationKind.SetTimes, mount.Prefix, inner, 0, TimeSpan.Zero);
    }

    public async ValueTask ChangeModeAsync(VPath path, int mode, CancellationToken cancellationToken = default)
    {
        var (mount, inner) = ResolveWritable(path);
        if (!mount.Resource.TryGetCapability<IChangeMode>(out var modes)) throw ResourceException.NotSupported(path);
        var start = OperationLog.Start();
        await modes.ChangeModeAsync(inner, mode, cancellationToken).ConfigureAwait(false);
        Log.Record(OperationKind.ChangeMode, mount.Prefix, inner, 0, OperationLog.Since(start));
    }

    /// <summary>The mount owning <paramref name="path"/>, if any.</summary>
    public Mount? FindMount(VPath path) => _mounts.TryResolve(path, out var mount, out _) ? mount : null;

    public async ValueTask DisposeAsync()
    {
        foreach (var mount in _mounts.Mounts) await mount.Resource.DisposeAsync().ConfigureAwait(false);
    }

    private (Mount Mount, VPath Inner) Resolve(VPath path)
    {
        var table = _mounts;
        if (table.TryResolve(path, out var mount, out var inner)) return (mount, inner);
        throw path.IsRoot || table.HasMountsBelow(path) ? ResourceException.IsADirectory(path) : ResourceException.NotFound(path);
    }

    /// <summary>The one place mount modes are enforced.</summary>
    private (Mount Mount, VPath Inner) ResolveWritable(VPath path)
    {
        var table = _mounts;
        if (!table.TryResolve(path, out var mount, out var inner))
        {
            // Outside every mount there is nothing to write to; the synthetic tree is read-only.
            throw path.IsRoot || table.HasMountsBelow(path) ? ResourceException.IsADirectory(path) : ResourceException.ReadOnly(path);
        }
        if (!mount.CanWrite) throw ResourceException.ReadOnly(path);
        return (mount, inner);
    }

    private void RefuseMountPoints(VPath path)
    {
        var table = _mounts;
        if (path.IsRoot || table.HasMountsBelow(path) || table.Mounts.Any(m => m.Prefix == path))
            throw new ResourceException(ResourceError.Busy, path);
    }

    private static EntryInfo SyntheticDirectory(VPath path) => new(path, EntryKind.Directory, Mode: 0x1ED /* 0755 */);
}
