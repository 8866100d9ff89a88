using System.Diagnostics;

namespace Mirage.Vfs;

public enum OperationKind
{
    Stat,
    List,
    Read,
    Write,
    CreateDirectory,
    Remove,
    Rename,
    Copy,
    Symlink,
    SetTimes,
    ChangeMode,
}

/// <summary>
/// One call to a mount. <see cref="Bytes"/> counts what a read actually delivered or a write stored;
/// <see cref="CacheHit"/> is true when a cache in front of the backend answered it without a backend call for the data.
/// </summary>
public readonly record struct OperationRecord(
    long Sequence,
    OperationKind Kind,
    VPath Mount,
    VPath Path,
    long Bytes,
    TimeSpan Duration,
    bool CacheHit);

/// <summary>
/// A bounded record of backend calls, newest last. A fixed ring: appending never copies the log, so a
/// long-lived workspace neither slows down nor grows.
/// </summary>
public sealed class OperationLog
{
    private readonly OperationRecord[] _ring;
    private readonly Lock _gate = new();
    private long _next;

    public OperationLog(int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new OperationRecord[capacity];
    }

    public int Capacity => _ring.Length;

    /// <summary>The sequence number the next record will get; take it before a command to see only what it did.</summary>
    public long Position
    {
        get
        {
            lock (_gate) return _next;
        }
    }

    public void Record(OperationKind kind, VPath mount, VPath path, long bytes, TimeSpan duration, bool cacheHit = false)
    {
        lock (_gate)
        {
            _ring[_next % _ring.Length] = new OperationRecord(_next, kind, mount, path, bytes, duration, cacheHit);
            _next++;
        }
    }

    /// <summary>The records kept, oldest first, optionally only those from <paramref name="since"/> on.</summary>
    public IReadOnlyList<OperationRecord> Snapshot(long since = 0)
    {
        lock (_gate)
        {
            var first = Math.Max(since, Math.Max(0, _next - _ring.Length));
            var result = new OperationRecord[Math.Max(0, _next - first)];
            for (var i = first; i < _next; i++) result[i - first] = _ring[i % _ring.Length];
            return result;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            Array.Clear(_ring);
            _next = 0;
        }
    }

    internal static long Start() => Stopwatch.GetTimestamp();

    internal static TimeSpan Since(long start) => Stopwatch.GetElapsedTime(start);
}
