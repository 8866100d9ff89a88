namespace Mirage.Commands.Data.Awk;

/// <summary>One index as "for (k in a)" hands it out: its text and whether gawk gives it as a number.</summary>
internal readonly record struct AwkIndex(string Key, AwkKind Kind);

/// <summary>
/// The shape gawk 5.2 gives an array (str_array.c, int_array.c, cint_array.c), kept beside our dictionary
/// so "for (k in a)" walks the indices in gawk's order. The first index an empty array receives picks
/// its kind: a non-negative integer a "cint" array (power-of-two groups walked in ascending order), a
/// negative integer an "int" hash table, anything else a string hash table; indices the kind cannot hold
/// go to a side table that is walked first. Deleting the last index makes the array untyped again.
/// </summary>
internal sealed class AwkArrayLayout(bool stringsOnly = false)
{
    private LayoutTable? _root;

    public void Add(string key, bool fromInput)
    {
        var integer = ParseInteger(key);
        _root ??= stringsOnly || integer is null ? new StringTable() : integer >= 0 ? new ConsecutiveIntegerTable() : new IntegerTable();
        _root.Add(key, integer, fromInput);
    }

    public void Remove(string key)
    {
        if (_root is null) return;
        _root = _root.Remove(key, ParseInteger(key));
        if (_root is not null && _root.Count == 0) _root = null;
    }

    public void Clear() => _root = null;

    /// <summary>Every index in gawk's order; <paramref name="integersAsStrings"/> as under "@ind_str_*" sorting.</summary>
    public List<AwkIndex> List(bool integersAsStrings)
    {
        var list = new List<AwkIndex>(_root?.Count ?? 0);
        _root?.List(list, integersAsStrings ? AwkKind.String : AwkKind.Number);
        return list;
    }

    /// <summary>gawk's is_integer: "0" or -?[1-9][0-9]* within 32 bits (what sprintf("%d") gives back).</summary>
    internal static int? ParseInteger(string key)
    {
        if (key.Length == 0 || key.Length > 11) return null;
        if (key == "0") return 0;
        var start = key[0] == '-' ? 1 : 0;
        if (start == key.Length || key[start] is < '1' or > '9') return null;
        long value = 0;
        for (var i = start; i < key.Length; i++)
        {
            if (key[i] is < '0' or > '9') return null;
            value = value * 10 + (key[i] - '0');
        }
        if (start == 1) value = -value;
        return value is >= int.MinValue and <= int.MaxValue ? (int)value : null;
    }
}

internal abstract class LayoutTable
{
    /// <summary>The hash table sizes gawk grows through (str_array.c, int_array.c).</summary>
    protected static readonly int[] Primes =
    [
        13, 127, 1021, 8191, 16381, 32749, 65497, 131101, 262147, 524309, 1048583, 2097169, 4194319, 8388617,
        16777259, 33554467, 67108879, 134217757, 268435459, 536870923, 1073741827,
    ];

    /// <summary>A hash table grows once it holds more than this many entries per slot (STR_CHAIN_MAX, INT_CHAIN_MAX in gawk 5.2).</summary>
    protected const int ChainMax = 2;

    public abstract int Count { get; }

    public abstract void Add(string key, int? integer, bool fromInput);

    /// <summary>Removes a present index; returns the table that now stands for the array (a side table is promoted when the main part empties).</summary>
    public abstract LayoutTable? Remove(string key, int? integer);

    public abstract void List(List<AwkIndex> list, AwkKind integerKind);

    /// <summary>An empty table of chain heads (-1: no entry).</summary>
    protected static int[] NewHeads(int size)
    {
        var heads = new int[size];
        Array.Fill(heads, -1);
        return heads;
    }

    protected static int NextPrime(int size)
    {
        foreach (var prime in Primes)
        {
            if (size < prime) return prime;
        }
        return size;
    }
}

/// <summary>str_array.c: chains of at most ~2 per slot on average, new entries at the head of their chain.</summary>
internal sealed class StringTable : LayoutTable
{
    private struct Entry
    {
        public string Key;
        public uint Code;
        public int Next;
        public bool FromInput;
    }

    private int[] _heads = NewHeads(Primes[0]);
    private Entry[] _entries = new Entry[8];
    private int _used;
    private int _free = -1;
    private int _count;

    public override int Count => _count;

    public override void Add(string key, int? integer, bool fromInput)
    {
        var code = Hash(key);
        _count++;
        if (_count / _heads.Length > ChainMax && _heads.Length < Primes[^1]) Grow();
        var slot = (int)(code % (uint)_heads.Length);
        var index = Allocate();
        _entries[index] = new Entry { Key = key, Code = code, Next = _heads[slot], FromInput = fromInput };
        _heads[slot] = index;
    }

    public override LayoutTable? Remove(string key, int? integer)
    {
        var slot = (int)(Hash(key) % (uint)_heads.Length);
        var previous = -1;
        for (var index = _heads[slot]; index >= 0; previous = index, index = _entries[index].Next)
        {
            if (!string.Equals(_entries[index].Key, key, StringComparison.Ordinal)) continue;
            if (previous < 0) _heads[slot] = _entries[index].Next;
            else _entries[previous].Next = _entries[index].Next;
            _entries[index] = new Entry { Next = _free };
            _free = index;
            _count--;
            break;
        }
        return _count == 0 ? null : this;
    }

    public override void List(List<AwkIndex> list, AwkKind integerKind)
    {
        foreach (var head in _heads)
        {
            for (var index = head; index >= 0; index = _entries[index].Next)
            {
                list.Add(new AwkIndex(_entries[index].Key, _entries[index].FromInput ? AwkKind.StrNum : AwkKind.String));
            }
        }
    }

    /// <summary>gawk's awk_hash: sdbm (h * 65599 + c) over the bytes as signed chars, kept to 32 bits.</summary>
    internal static uint Hash(string key)
    {
        uint hash = 0;
        foreach (var c in key) hash = unchecked((uint)(sbyte)(byte)c + hash * 65599);
        return hash;
    }

    private int Allocate()
    {
        if (_free >= 0)
        {
            var index = _free;
            _free = _entries[index].Next;
            return index;
        }
        if (_used == _entries.Length) Array.Resize(ref _entries, _entries.Length * 2);
        return _used++;
    }

    private void Grow()
    {
        var size = NextPrime(_heads.Length);
        var heads = NewHeads(size);
        foreach (var head in _heads)
        {
            for (var index = head; index >= 0;)
            {
                var next = _entries[index].Next;
                var slot = (int)(_entries[index].Code % (uint)size);
                _entries[index].Next = heads[slot];
                heads[slot] = index;
                index = next;
            }
        }
        _heads = heads;
    }
}

/// <summary>int_array.c: integers hashed into buckets of two; strings in a side string table listed first.</summary>
internal sealed class IntegerTable : LayoutTable
{
    private struct Bucket
    {
        public int First;
        public int Second;
        public int Used;
        public int Next;
    }

    private int[] _heads = NewHeads(Primes[0]);
    private Bucket[] _buckets = new Bucket[8];
    private int _allocated;
    private int _free = -1;
    private int _integers;
    private StringTable? _strings;

    public override int Count => _integers + (_strings?.Count ?? 0);

    public override void Add(string key, int? integer, bool fromInput)
    {
        if (integer is not { } k)
        {
            (_strings ??= new StringTable()).Add(key, null, fromInput);
            return;
        }
        _integers++;
        if (_integers / _heads.Length > ChainMax && _heads.Length < Primes[^1]) Grow();
        Insert(k);
    }

    public override LayoutTable? Remove(string key, int? integer)
    {
        if (integer is not { } k)
        {
            if (_strings is not null && _strings.Remove(key, null) is null) _strings = null;
            return this;
        }
        var slot = Slot(k, _heads.Length);
        var previous = -1;
        for (var index = _heads[slot]; index >= 0; previous = index, index = _buckets[index].Next)
        {
            ref var bucket = ref _buckets[index];
            var position = bucket.First == k ? 0 : bucket.Used == 2 && bucket.Second == k ? 1 : -1;
            if (position < 0) continue;
            if (position == 0 && bucket.Used == 2) bucket.First = bucket.Second;
            bucket.Used--;
            if (bucket.Used == 0)
            {
                if (previous < 0) _heads[slot] = bucket.Next;
                else _buckets[previous].Next = bucket.Next;
                Release(index);
            }
            else if (index != _heads[slot])
            {
                // Keep every bucket but the head full: the head gives up its last number.
                var headIndex = _heads[slot];
                ref var head = ref _buckets[headIndex];
                head.Used--;
                bucket.Second = head.Used == 1 ? head.Second : head.First;
                bucket.Used++;
                if (head.Used == 0)
                {
                    _heads[slot] = head.Next;
                    Release(headIndex);
                }
            }
            _integers--;
            break;
        }
        if (_integers == 0) return _strings;
        return this;
    }

    public override void List(List<AwkIndex> list, AwkKind integerKind)
    {
        _strings?.List(list, integerKind);
        foreach (var head in _heads)
        {
            for (var index = head; index >= 0; index = _buckets[index].Next)
            {
                list.Add(Index(_buckets[index].First, integerKind));
                if (_buckets[index].Used == 2) list.Add(Index(_buckets[index].Second, integerKind));
            }
        }
    }

    internal static AwkIndex Index(long value, AwkKind kind) => new(value.ToString(System.Globalization.CultureInfo.InvariantCulture), kind);

    /// <summary>gawk's int_hash (the final mix of Paul Hsieh's SuperFastHash) over the 32-bit value.</summary>
    internal static int Slot(int value, int size)
    {
        var k = unchecked((uint)value);
        k ^= k << 3;
        k += k >> 5;
        k ^= k << 4;
        k += k >> 17;
        k ^= k << 25;
        k += k >> 6;
        return (int)(k % (uint)size);
    }

    private void Insert(int k)
    {
        var slot = Slot(k, _heads.Length);
        var head = _heads[slot];
        if (head >= 0 && _buckets[head].Used < 2)
        {
            _buckets[head].Second = k;
            _buckets[head].Used = 2;
            return;
        }
        var index = Allocate();
        _buckets[index] = new Bucket { First = k, Used = 1, Next = head };
        _heads[slot] = index;
    }

    private int Allocate()
    {
        if (_free >= 0)
        {
            var index = _free;
            _free = _buckets[index].Next;
            return index;
        }
        if (_allocated == _buckets.Length) Array.Resize(ref _buckets, _buckets.Length * 2);
        return _allocated++;
    }

    private void Release(int index)
    {
        _buckets[index] = new Bucket { Next = _free };
        _free = index;
    }

    private void Grow()
    {
        var old = _heads;
        var oldBuckets = _buckets;
        _heads = NewHeads(NextPrime(old.Length));
        _buckets = new Bucket[Math.Max(8, oldBuckets.Length)];
        _allocated = 0;
        _free = -1;
        foreach (var head in old)
        {
            for (var index = head; index >= 0; index = oldBuckets[index].Next)
            {
                Insert(oldBuckets[index].First);
                if (oldBuckets[index].Used == 2) Insert(oldBuckets[index].Second);
            }
        }
    }
}

/// <summary>
/// cint_array.c: non-negative integers in power-of-two groups of leaf arrays, walked in ascending order.
/// An index whose leaf would waste too much room goes to a side table (int or string, after its first
/// index), and so does anything that is not a non-negative integer.
/// </summary>
internal sealed class ConsecutiveIntegerTable : LayoutTable
{
    private const int Nhat = 10;
    private const long Threshold = 1L << (Nhat + 1);

    private sealed class Leaf(int size)
    {
        public readonly ulong[] Bits = new ulong[(size + 63) / 64];
        public readonly int Size = size;
        public int Used;
    }

    private readonly SortedDictionary<long, Leaf> _leaves = [];
    private long _capacity;
    private int _integers;
    private LayoutTable? _side;

    public override int Count => _integers + (_side?.Count ?? 0);

    public override void Add(string key, int? integer, bool fromInput)
    {
        if (integer is { } k && k >= 0 && FitsInGroups(k))
        {
            var (leafBase, size) = LeafOf(k);
            if (!_leaves.TryGetValue(leafBase, out var leaf))
            {
                leaf = new Leaf(size);
                _leaves.Add(leafBase, leaf);
                _capacity += size;
            }
            var offset = k - leafBase;
            leaf.Bits[offset >> 6] |= 1UL << (int)(offset & 63);
            leaf.Used++;
            _integers++;
            return;
        }
        _side ??= integer is null ? new StringTable() : new IntegerTable();
        _side.Add(key, integer, fromInput);
    }

    public override LayoutTable? Remove(string key, int? integer)
    {
        if (integer is { } k && k >= 0)
        {
            var (leafBase, _) = LeafOf(k);
            var offset = k - leafBase;
            if (_leaves.TryGetValue(leafBase, out var leaf) && (leaf.Bits[offset >> 6] & (1UL << (int)(offset & 63))) != 0)
            {
                leaf.Bits[offset >> 6] &= ~(1UL << (int)(offset & 63));
                if (--leaf.Used == 0)
                {
                    _leaves.Remove(leafBase);
                    _capacity -= leaf.Size;
                }
                _integers--;
                return _integers == 0 ? _side : this;
            }
        }
        if (_side is not null)
        {
            _side = _side.Remove(key, integer);
            if (_side is not null && _side.Count == 0) _side = null;
        }
        return this;
    }

    public override void List(List<AwkIndex> list, AwkKind integerKind)
    {
        _side?.List(list, integerKind);
        foreach (var (leafBase, leaf) in _leaves)
        {
            for (var word = 0; word < leaf.Bits.Length; word++)
            {
                var bits = leaf.Bits[word];
                while (bits != 0)
                {
                    var bit = System.Numerics.BitOperations.TrailingZeroCount(bits);
                    list.Add(IntegerTable.Index(leafBase + word * 64 + bit, integerKind));
                    bits &= bits - 1;
                }
            }
        }
    }

    /// <summary>cint_lookup's guard: the capacity the new leaf could add, less what is stored, must stay under the threshold.</summary>
    private bool FitsInGroups(int k)
    {
        var m = Group(k) - 1;
        var li = Math.Max(m, Nhat);
        while (li >= Nhat) li = (li + 1) / 2;
        return _capacity + (1L << li) - _integers <= Threshold;
    }

    /// <summary>cint_hash: 1 + floor(log2 k), with every k below 2^NHAT in group NHAT.</summary>
    private static int Group(long k)
    {
        if (k == 0) return Nhat;
        var r = 63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)k);
        return r < Nhat ? Nhat : r + 1;
    }

    /// <summary>The leaf array (first index, size) that holds k in the hashed array trees of its group.</summary>
    private static (long Base, int Size) LeafOf(long k)
    {
        var m = Group(k) - 1;
        long leafBase = 0;
        if (m < Nhat) m = Nhat;
        else leafBase = 1L << m;
        while (true)
        {
            var n = (m + 1) / 2;
            var size = 1L << n;
            leafBase += size * ((k - leafBase) / size);
            if (n <= Nhat) return (leafBase, (int)size);
            m = n;
        }
    }
}
