using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mirage.Commands.Text.Sort;

/// <summary>
/// Where one line lies in a <see cref="LineStore"/>, with the comparer's <see cref="LineComparer.Prefix"/> of it so
/// most comparisons never touch the bytes. Block and offset grow with input order, which makes ties stable.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal readonly record struct StoredLine(ulong Prefix, int Block, int Offset, int Length)
{
    public int CompareInputOrder(in StoredLine other) =>
        Block != other.Block ? Block.CompareTo(other.Block) : Offset.CompareTo(other.Offset);
}

/// <summary>
/// Lines copied one after another into a few large blocks: memory close to the input's size, not an array per line.
/// Blocks come from the shared pool and go back on <see cref="Clear"/>, so sorting again reuses them.
/// </summary>
internal sealed class LineStore
{
    private const int FirstBlock = 4 * 1024;
    private const int LargestBlock = 1024 * 1024;

    private readonly List<byte[]> _blocks = [];
    private int _used;

    /// <summary>Bytes held by the blocks.</summary>
    public long Capacity { get; private set; }

    public StoredLine Add(ReadOnlySpan<byte> line, ulong prefix)
    {
        if (_blocks.Count == 0 || _blocks[^1].Length - _used < line.Length)
        {
            // Blocks double up to 1 MiB, so a few short lines cost little; a longer line gets a block of its own size.
            var size = _blocks.Count == 0 ? FirstBlock : Math.Min(LargestBlock, _blocks[^1].Length * 2);
            var block = ArrayPool<byte>.Shared.Rent(Math.Max(size, line.Length));
            _blocks.Add(block);
            Capacity += block.Length;
            _used = 0;
        }
        var offset = _used;
        line.CopyTo(_blocks[^1].AsSpan(offset));
        _used += line.Length;
        return new StoredLine(prefix, _blocks.Count - 1, offset, line.Length);
    }

    public ReadOnlySpan<byte> this[in StoredLine line]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(_blocks[line.Block], line.Offset, line.Length);
    }

    public ReadOnlyMemory<byte> Memory(in StoredLine line) => new(_blocks[line.Block], line.Offset, line.Length);

    public void Clear()
    {
        foreach (var block in _blocks) ArrayPool<byte>.Shared.Return(block);
        _blocks.Clear();
        _used = 0;
        Capacity = 0;
    }
}

/// <summary>
/// Collects lines; sorts them in memory, or in runs spilled to temporary files and merged when they outgrow the budget.
/// The line records are kept in pooled segments, each sorted on its own and merged on the way out: no array as long as
/// the input ever has to be grown (and copied, and left behind for the collector).
/// </summary>
internal sealed class ExternalSorter(LineComparer comparer, long budget, int lineOverhead, bool stable) : IDisposable
{
    private const int SegmentLength = 1 << 16;

    private readonly LineStore _store = new();
    private readonly List<StoredLine[]> _segments = [];
    private readonly List<string> _runs = [];
    private int _lastLength;

    private long Count => _segments.Count == 0 ? 0 : (long)(_segments.Count - 1) * SegmentLength + _lastLength;

    /// <summary>Keeps a copy of <paramref name="line"/>; true when the budget is spent and <see cref="SpillAsync"/> should run.</summary>
    public bool Add(ReadOnlySpan<byte> line)
    {
        if (_segments.Count == 0 || _lastLength == SegmentLength)
        {
            _segments.Add(ArrayPool<StoredLine>.Shared.Rent(SegmentLength));
            _lastLength = 0;
        }
        _segments[^1][_lastLength++] = _store.Add(line, comparer.Prefix(line));
        var count = Count;
        return _store.Capacity + count * lineOverhead > budget && count > 1;
    }

    /// <summary>Sorts what is held into a run file and lets it go.</summary>
    public async ValueTask SpillAsync(CancellationToken cancellationToken)
    {
        SortHeld();
        var path = Path.Combine(Path.GetTempPath(), "mirage-sort-" + Guid.NewGuid().ToString("N") + ".run");
        _runs.Add(path);
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        await using (file.ConfigureAwait(false))
        {
            var header = new byte[4];
            foreach (var line in HeldInOrder())
            {
                BinaryPrimitives.WriteInt32LittleEndian(header, line.Length);
                await file.WriteAsync(header, cancellationToken).ConfigureAwait(false);
                await file.WriteAsync(_store.Memory(line), cancellationToken).ConfigureAwait(false);
            }
        }
        ReleaseHeld();
    }

    /// <summary>Every line in order; each is valid until the next one is asked for.</summary>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> SortedAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        SortHeld();
        if (_runs.Count == 0)
        {
            foreach (var line in HeldInOrder()) yield return _store.Memory(line);
            yield break;
        }
        // Runs are in input order, then the in-memory lines; ties go to the earlier source so the merge stays stable.
        var sources = new List<IEnumerator<byte[]>>();
        foreach (var run in _runs) sources.Add(ReadRun(run).GetEnumerator());
        sources.Add(HeldLines().GetEnumerator());
        var queue = new PriorityQueue<int, (byte[] Line, int Source)>(Comparer<(byte[] Line, int Source)>.Create((a, b) =>
        {
            var order = comparer.Compare(a.Line, b.Line);
            return order != 0 ? order : a.Source.CompareTo(b.Source);
        }));
        for (var i = 0; i < sources.Count; i++)
            if (sources[i].MoveNext()) queue.Enqueue(i, (sources[i].Current, i));
        try
        {
            while (queue.TryDequeue(out var source, out var entry))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return entry.Line;
                if (sources[source].MoveNext()) queue.Enqueue(source, (sources[source].Current, source));
            }
        }
        finally
        {
            foreach (var enumerator in sources) enumerator.Dispose();
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    private Span<StoredLine> Segment(int index) => _segments[index].AsSpan(0, index == _segments.Count - 1 ? _lastLength : SegmentLength);

    private void SortHeld()
    {
        Comparison<StoredLine> order = Order;
        for (var i = 0; i < _segments.Count; i++) Segment(i).Sort(order);
    }

    /// <summary>
    /// The sort order; ties between equal lines go by input order when the sort must be stable. Without that, lines
    /// that compare equal are identical (the whole line is the last resort) and their order does not matter.
    /// </summary>
    private int Order(StoredLine a, StoredLine b)
    {
        var order = a.Prefix != b.Prefix ? (a.Prefix < b.Prefix ? -1 : 1) : comparer.Compare(_store[a], _store[b]);
        return order != 0 || !stable ? order : a.CompareInputOrder(b);
    }

    /// <summary>The held lines in order (each segment sorted): the segments merged.</summary>
    private IEnumerable<StoredLine> HeldInOrder()
    {
        if (_segments.Count == 1)
        {
            for (var i = 0; i < _lastLength; i++) yield return _segments[0][i];
            yield break;
        }
        var queue = new PriorityQueue<(int Segment, int Index), StoredLine>(Comparer<StoredLine>.Create(Order));
        for (var s = 0; s < _segments.Count; s++)
            if (Segment(s).Length > 0) queue.Enqueue((s, 0), _segments[s][0]);
        while (queue.TryDequeue(out var at, out var line))
        {
            yield return line;
            if (at.Index + 1 < Segment(at.Segment).Length) queue.Enqueue((at.Segment, at.Index + 1), _segments[at.Segment][at.Index + 1]);
        }
    }

    private IEnumerable<byte[]> HeldLines()
    {
        foreach (var line in HeldInOrder()) yield return _store[line].ToArray();
    }

    private void ReleaseHeld()
    {
        foreach (var segment in _segments) ArrayPool<StoredLine>.Shared.Return(segment);
        _segments.Clear();
        _lastLength = 0;
        _store.Clear();
    }

    private static IEnumerable<byte[]> ReadRun(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var header = new byte[4];
        while (file.ReadAtLeast(header, 4, throwOnEndOfStream: false) == 4)
        {
            var line = new byte[BinaryPrimitives.ReadInt32LittleEndian(header)];
            file.ReadExactly(line);
            yield return line;
        }
    }

    public void Dispose()
    {
        ReleaseHeld();
        foreach (var run in _runs)
        {
            try
            {
                File.Delete(run);
            }
            catch (IOException)
            {
                // A leftover run file in the temp directory is harmless.
            }
        }
        _runs.Clear();
    }
}
