namespace Mirage.Vfs.Caching;

/// <summary>The index tier in this process's memory. Expiry reads <see cref="TimeProvider"/>, so tests move time instead of waiting.</summary>
public sealed class RamIndexCacheStore : IIndexCacheStore
{
    /// <summary>How long answers are trusted when nothing else is said.</summary>
    public static readonly TimeSpan DefaultTimeToLive = TimeSpan.FromSeconds(600);

    private readonly Dictionary<(string Space, VPath Path), Slot> _slots = [];
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;

    public RamIndexCacheStore(TimeSpan? timeToLive = null, TimeProvider? time = null)
    {
        TimeToLive = timeToLive ?? DefaultTimeToLive;
        ArgumentOutOfRangeException.ThrowIfLessThan(TimeToLive, TimeSpan.Zero, nameof(timeToLive));
        _time = time ?? TimeProvider.System;
    }

    public TimeSpan TimeToLive { get; }

    /// <summary>Paths with something cached (expired answers included until they are next looked at).</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _slots.Count;
        }
    }

    public ValueTask<IndexAnswer?> GetStatAsync(string space, VPath path, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(Live(space, path)?.Stat is { } stat ? new IndexAnswer(stat.Entry) : null);
        }
    }

    public ValueTask SetStatAsync(string space, VPath path, EntryInfo? entry, CancellationToken cancellationToken = default)
    {
        var expires = Expiry();
        lock (_gate) SlotFor(space, path).Stat = new Timed<EntryInfo?>(entry, expires);
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<EntryInfo>?> GetListingAsync(string space, VPath directory, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(Live(space, directory)?.Listing?.Entry);
        }
    }

    public ValueTask SetListingAsync(string space, VPath directory, IReadOnlyList<EntryInfo> children, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(children);
        var expires = Expiry();
        lock (_gate)
        {
            SlotFor(space, directory).Listing = new Timed<IReadOnlyList<EntryInfo>?>(children, expires);
            foreach (var child in children) SlotFor(space, child.Path).Stat = new Timed<EntryInfo?>(child, expires);
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveAsync(string space, VPath path, CancellationToken cancellationToken = default)
    {
        lock (_gate) _slots.Remove((space, path));
        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveTreeAsync(string space, VPath root, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var key in _slots.Keys.Where(k => k.Space == space && k.Path.IsUnder(root)).ToList()) _slots.Remove(key);
        }
        return ValueTask.CompletedTask;
    }

    private DateTimeOffset Expiry() => _time.GetUtcNow() + TimeToLive;

    /// <summary>The slot with its expired parts dropped; null when nothing live is left.</summary>
    private Slot? Live(string space, VPath path)
    {
        if (!_slots.TryGetValue((space, path), out var slot)) return null;
        var now = _time.GetUtcNow();
        if (slot.Stat is { } stat && stat.Expires <= now) slot.Stat = null;
        if (slot.Listing is { } listing && listing.Expires <= now) slot.Listing = null;
        if (slot.Stat is null && slot.Listing is null)
        {
            _slots.Remove((space, path));
            return null;
        }
        return slot;
    }

    private Slot SlotFor(string space, VPath path)
    {
        if (!_slots.TryGetValue((space, path), out var slot))
        {
            slot = new Slot();
            _slots[(space, path)] = slot;
        }
        return slot;
    }

    private sealed class Slot
    {
        public Timed<EntryInfo?>? Stat { get; set; }

        public Timed<IReadOnlyList<EntryInfo>?>? Listing { get; set; }
    }

    private sealed record Timed<T>(T Entry, DateTimeOffset Expires);
}
