using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Mirage.Shell.Expansion;

/// <summary>
/// An associative array that lists its keys in the order bash 5.2 does: bash keeps them in a hash
/// table (FNV-1 over the key's bytes, 1024 buckets growing fourfold once there are twice as many
/// entries as buckets, new entries at the head of their bucket's chain) and walks it bucket by bucket,
/// so <c>for k in "${!a[@]}"</c> visits the keys in the same order as bash.
/// </summary>
public sealed class AssociativeDictionary : IReadOnlyDictionary<string, string>
{
    private const int InitialBuckets = 1024;
    private const int GrowWhenEntriesPerBucket = 2;
    private const int GrowthFactor = 4;

    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private Entry?[] buckets = new Entry?[InitialBuckets];

    public AssociativeDictionary()
    {
    }

    /// <summary>A copy listing its keys in the same order.</summary>
    public AssociativeDictionary(AssociativeDictionary other)
    {
        ArgumentNullException.ThrowIfNull(other);
        buckets = new Entry?[other.buckets.Length];
        for (var i = 0; i < buckets.Length; i++)
        {
            Entry? last = null;
            for (var entry = other.buckets[i]; entry is not null; entry = entry.Next)
            {
                var copy = new Entry(entry.Key, entry.Hash) { Value = entry.Value };
                entries[copy.Key] = copy;
                if (last is null)
                {
                    buckets[i] = copy;
                }
                else
                {
                    last.Next = copy;
                }

                last = copy;
            }
        }
    }

    public int Count => entries.Count;

    public IEnumerable<string> Keys => this.Select(static pair => pair.Key);

    public IEnumerable<string> Values => this.Select(static pair => pair.Value);

    public string this[string key]
    {
        get => entries[key].Value;
        set
        {
            if (entries.TryGetValue(key, out var existing))
            {
                // bash replaces the value in place: the key keeps its position.
                existing.Value = value;
                return;
            }

            if (entries.Count >= buckets.Length * GrowWhenEntriesPerBucket)
            {
                Grow();
            }

            var entry = new Entry(key, Hash(key)) { Value = value };
            entries[key] = entry;
            var bucket = (int)(entry.Hash & (uint)(buckets.Length - 1));
            entry.Next = buckets[bucket];
            buckets[bucket] = entry;
        }
    }

    public void Add(string key, string value) => this[key] = value;

    public bool ContainsKey(string key) => entries.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        if (entries.TryGetValue(key, out var entry))
        {
            value = entry.Value;
            return true;
        }

        value = null;
        return false;
    }

    public bool Remove(string key)
    {
        if (!entries.Remove(key, out var entry))
        {
            return false;
        }

        var bucket = (int)(entry.Hash & (uint)(buckets.Length - 1));
        if (ReferenceEquals(buckets[bucket], entry))
        {
            buckets[bucket] = entry.Next;
            return true;
        }

        for (var previous = buckets[bucket]; previous is not null; previous = previous.Next)
        {
            if (ReferenceEquals(previous.Next, entry))
            {
                previous.Next = entry.Next;
                break;
            }
        }

        return true;
    }

    public void Clear()
    {
        entries.Clear();
        buckets = new Entry?[InitialBuckets];
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        foreach (var head in buckets)
        {
            for (var entry = head; entry is not null; entry = entry.Next)
            {
                yield return new KeyValuePair<string, string>(entry.Key, entry.Value);
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>bash's hash_string: FNV-1 over the bytes, each taken as a signed char as C on x86 does.</summary>
    internal static uint Hash(string key)
    {
        var hash = 2166136261u;
        foreach (var b in Mirage.Shell.Syntax.ShellEncoding.GetBytes(key))
        {
            hash *= 16777619u;
            hash ^= (uint)(sbyte)b;
        }

        return hash;
    }

    /// <summary>bash's hash_rehash: old buckets in order, each chain from its head, onto the heads of the new chains.</summary>
    private void Grow()
    {
        var grown = new Entry?[buckets.Length * GrowthFactor];
        foreach (var head in buckets)
        {
            var entry = head;
            while (entry is not null)
            {
                var next = entry.Next;
                var bucket = (int)(entry.Hash & (uint)(grown.Length - 1));
                entry.Next = grown[bucket];
                grown[bucket] = entry;
                entry = next;
            }
        }

        buckets = grown;
    }

    private sealed class Entry(string key, uint hash)
    {
        public string Key { get; } = key;

        public uint Hash { get; } = hash;

        public string Value { get; set; } = "";

        public Entry? Next { get; set; }
    }
}
