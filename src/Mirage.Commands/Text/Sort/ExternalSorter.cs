using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mirage.Commands.Text.Sort;

/// <summary>
/// Lines copied one after another into a few large blocks, each behind its length (a varint: one byte for a line
/// shorter than 128), so memory stays close to the input's size and a line is found from one 32-bit position:
/// the block's index in the high 7 bits, the offset in it in the low 25. Positions grow with input order, which makes
/// ties stable. The blocks are native memory, freed on <see cref="Clear"/>.
/// </summary>
internal sealed class LineStore
{
    private const int OffsetBits = 25;
    private const uint OffsetMask = (1u << OffsetBits) - 1;

    /// <summary>
    /// 32 MiB, past the largest size the C library would serve from its own heaps: a block is mapped from the system
    /// on its own and unmapped when freed (smaller ones would stay in those heaps, one per thread that allocated), and
    /// its pages cost memory only once written, so a sort of three lines takes a page, not 32 MiB.
    /// </summary>
    private const int Block = 1 << OffsetBits;
    private const int MostBlocks = 1 << (32 - OffsetBits);

    private readonly List<NativeBuffer<byte>> _blocks = [];
    private int _used;

    /// <summary>Bytes written into the blocks (the rest of a block is not touched, so takes no memory).</summary>
    public long Used { get; private set; }

    /// <summary>The positions are nearly spent: the lines held must be spilled before more are added.</summary>
    public bool IsFull => _blocks.Count >= MostBlocks - 1;

    /// <summary>Copies a line in behind its length; returns its position.</summary>
    public uint Add(ReadOnlySpan<byte> line)
    {
        var header = LengthSize(line.Length);
        var target = Reserve(header + line.Length, out var position);
        WriteLength(target, line.Length);
        line.CopyTo(target[header..]);
        return position;
    }

    /// <summary>Room for <paramref name="length"/> bytes kept as they are, found again from the position by <see cref="Bytes"/>.</summary>
    public Span<byte> Reserve(int length, out uint position)
    {
        if (_blocks.Count == 0 || _blocks[^1].Length - _used < length)
        {
            // A longer line gets a block of its own size, at offset 0, so every offset still fits its bits.
            _blocks.Add(new NativeBuffer<byte>(Math.Max(Block, length)));
            _used = 0;
        }
        position = (uint)(_blocks.Count - 1) << OffsetBits | (uint)_used;
        var target = _blocks[^1].Span.Slice(_used, length);
        _used += length;
        Used += length;
        return target;
    }

    public ReadOnlySpan<byte> Bytes(uint position, int length) =>
        _blocks[(int)(position >> OffsetBits)].Span.Slice((int)(position & OffsetMask), length);

    public ReadOnlySpan<byte> this[uint position]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            var block = _blocks[(int)(position >> OffsetBits)].Span;
            var offset = (int)(position & OffsetMask);
            var length = ReadLength(block, ref offset);
            return block.Slice(offset, length);
        }
    }

    public ReadOnlyMemory<byte> Memory(uint position)
    {
        var block = _blocks[(int)(position >> OffsetBits)];
        var offset = (int)(position & OffsetMask);
        var length = ReadLength(block.Span, ref offset);
        return block.Memory.Slice(offset, length);
    }

    public void Clear()
    {
        foreach (var block in _blocks) ((IDisposable)block).Dispose();
        _blocks.Clear();
        _used = 0;
        Used = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ReadLength(Span<byte> block, ref int offset)
    {
        int length = block[offset++];
        return length < 0x80 ? length : ReadLongLength(block, ref offset, length);
    }

    private static int ReadLongLength(Span<byte> block, ref int offset, int first)
    {
        var length = first & 0x7F;
        for (var shift = 7; ; shift += 7)
        {
            var next = block[offset++];
            length |= (next & 0x7F) << shift;
            if (next < 0x80) return length;
        }
    }

    private static int LengthSize(int length)
    {
        var size = 1;
        for (var rest = (uint)length >> 7; rest != 0; rest >>= 7) size++;
        return size;
    }

    private static void WriteLength(Span<byte> target, int length)
    {
        var written = 0;
        var rest = (uint)length;
        while (rest >= 0x80)
        {
            target[written++] = (byte)(rest | 0x80);
            rest >>= 7;
        }
        target[written] = (byte)rest;
    }
}

/// <summary>A line waiting to be sorted: where it lies, and the comparer's <see cref="LineComparer.Prefix"/> of it.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal readonly record struct PendingLine(ulong Prefix, uint Position);

/// <summary>
/// Collects lines; sorts them in memory, or in runs spilled to temporary files and merged when they outgrow the budget.
/// Lines arrive in a buffer of (prefix, position) pairs, up to 65,536 of them; each time it fills it is sorted (most
/// comparisons end at the prefixes) and only the positions are kept, 4 bytes a line, as one sorted segment written into
/// the line store. On the way out the segments are merged, each segment's next line getting its prefix worked out again.
/// So beside the lines themselves a million lines cost 4 MB, nothing as long as the input is ever grown and copied, and
/// all of it is given back the moment the sort ends.
/// </summary>
internal sealed class ExternalSorter(LineComparer comparer, long budget, bool stable) : IDisposable
{
    private const int SegmentLength = 1 << 16;

    private readonly LineStore _store = new();
    private readonly List<(uint Position, int Length)> _segments = [];
    private readonly List<string> _runs = [];

    /// <summary>Native like the blocks, and for the same reasons: its pages are only written as lines arrive.</summary>
    private readonly NativeBuffer<PendingLine> _pending = new(SegmentLength);
    private int _pendingCount;
    private long _segmentLines;

    private long Count => _segmentLines + _pendingCount;

    /// <summary>Keeps a copy of <paramref name="line"/>; true when the budget is spent and <see cref="SpillAsync"/> should run.</summary>
    public bool Add(ReadOnlySpan<byte> line)
    {
        if (_pendingCount == SegmentLength) SealPending();
        _pending.Span[_pendingCount++] = new PendingLine(comparer.Prefix(line), _store.Add(line));
        var held = _store.Used + (long)_pendingCount * Unsafe.SizeOf<PendingLine>();
        return (held > budget || _store.IsFull) && Count > 1;
    }

    /// <summary>Sorts what is held into a run file and lets it go.</summary>
    public async ValueTask SpillAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), "mirage-sort-" + Guid.NewGuid().ToString("N") + ".run");
        _runs.Add(path);
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        await using (file.ConfigureAwait(false))
        {
            var header = new byte[4];
            foreach (var position in HeldInOrder())
            {
                var line = _store.Memory(position);
                BinaryPrimitives.WriteInt32LittleEndian(header, line.Length);
                await file.WriteAsync(header, cancellationToken).ConfigureAwait(false);
                await file.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            }
        }
        ReleaseHeld();
    }

    /// <summary>Every line in order; each is valid until the next one is asked for.</summary>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> SortedAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_runs.Count == 0)
        {
            foreach (var position in HeldInOrder()) yield return _store.Memory(position);
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

    /// <summary>
    /// The sort order. Ties between lines that compare equal go by input order, which only matters when the sort must be
    /// stable (otherwise such lines are identical, the whole line being the last resort) and costs nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Order(in PendingLine a, in PendingLine b)
    {
        if (a.Prefix != b.Prefix) return a.Prefix < b.Prefix ? -1 : 1;
        var order = comparer.Compare(_store[a.Position], _store[b.Position]);
        return order != 0 || !stable ? order : a.Position.CompareTo(b.Position);
    }

    private ulong PrefixAt(uint position) => comparer.Prefix(_store[position]);

    /// <summary>Sorts the pending lines and keeps their positions as one more segment.</summary>
    private void SealPending()
    {
        var pending = _pending.Span[.._pendingCount];
        pending.Sort(new PendingOrder(this));
        var positions = MemoryMarshal.Cast<byte, uint>(_store.Reserve(pending.Length * sizeof(uint), out var start));
        for (var i = 0; i < pending.Length; i++) positions[i] = pending[i].Position;
        _segments.Add((start, pending.Length));
        _segmentLines += pending.Length;
        _pendingCount = 0;
    }

    /// <summary>The held lines' positions in order: the pending lines sorted, merged with the segments.</summary>
    private IEnumerable<uint> HeldInOrder()
    {
        _pending.Span[.._pendingCount].Sort(new PendingOrder(this));
        if (_segments.Count == 0)
        {
            for (var i = 0; i < _pendingCount; i++) yield return _pending.Span[i].Position;
            yield break;
        }
        var merge = new SegmentMerge(this);
        while (merge.TryNext(out var position)) yield return position;
    }

    private IEnumerable<byte[]> HeldLines()
    {
        foreach (var position in HeldInOrder()) yield return _store[position].ToArray();
    }

    private void ReleaseHeld()
    {
        _segments.Clear();
        _segmentLines = 0;
        _pendingCount = 0;
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
        ((IDisposable)_pending).Dispose();
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

    /// <summary>A struct comparer, so the sort's calls to <see cref="Order"/> are direct and inlined.</summary>
    private readonly struct PendingOrder(ExternalSorter sorter) : IComparer<PendingLine>
    {
        public int Compare(PendingLine a, PendingLine b) => sorter.Order(a, b);
    }

    /// <summary>
    /// A binary heap over the sorted segments and the sorted pending lines, holding each one's next line with its
    /// prefix (worked out again for a segment's line: the segments keep positions only).
    /// </summary>
    private sealed class SegmentMerge
    {
        private readonly ExternalSorter _sorter;
        private readonly PendingLine[] _heads;
        private readonly int[] _next;
        private readonly int[] _heap;
        private int _size;

        public SegmentMerge(ExternalSorter sorter)
        {
            _sorter = sorter;
            var sources = sorter._segments.Count + 1;
            _heads = new PendingLine[sources];
            _next = new int[sources];
            _heap = new int[sources];
            for (var source = 0; source < sources; source++)
            {
                if (!Advance(source)) continue;
                _heap[_size] = source;
                SiftUp(_size++);
            }
        }

        public bool TryNext(out uint position)
        {
            if (_size == 0)
            {
                position = 0;
                return false;
            }
            var top = _heap[0];
            position = _heads[top].Position;
            if (!Advance(top)) _heap[0] = _heap[--_size];
            SiftDown(0);
            return true;
        }

        /// <summary>Loads the source's next line into its head; false when the source is spent.</summary>
        private bool Advance(int source)
        {
            var index = _next[source]++;
            if (source < _sorter._segments.Count)
            {
                var (start, length) = _sorter._segments[source];
                if (index >= length) return false;
                var position = MemoryMarshal.Read<uint>(_sorter._store.Bytes(start + (uint)index * sizeof(uint), sizeof(uint)));
                _heads[source] = new PendingLine(_sorter.PrefixAt(position), position);
                return true;
            }
            if (index >= _sorter._pendingCount) return false;
            _heads[source] = _sorter._pending.Span[index];
            return true;
        }

        private bool Before(int a, int b) => _sorter.Order(_heads[_heap[a]], _heads[_heap[b]]) < 0;

        private void SiftUp(int at)
        {
            while (at > 0)
            {
                var parent = (at - 1) / 2;
                if (!Before(at, parent)) return;
                (_heap[at], _heap[parent]) = (_heap[parent], _heap[at]);
                at = parent;
            }
        }

        private void SiftDown(int at)
        {
            while (true)
            {
                var smallest = at;
                var left = 2 * at + 1;
                if (left < _size && Before(left, smallest)) smallest = left;
                if (left + 1 < _size && Before(left + 1, smallest)) smallest = left + 1;
                if (smallest == at) return;
                (_heap[at], _heap[smallest]) = (_heap[smallest], _heap[at]);
                at = smallest;
            }
        }
    }
}
