using System.Runtime.CompilerServices;

namespace Mirage.Vfs.Caching;

/// <summary>
/// The file tier in this process's memory: whole objects, least recently used evicted first, never more than
/// <see cref="Limit"/> bytes in all. Reads are served from the stored array without copying it.
/// </summary>
public sealed class RamFileCacheStore : IFileCacheStore, IFileCacheKeys
{
    /// <summary>The limit when nothing else is said.</summary>
    public const long DefaultLimit = 512L * 1000 * 1000;

    private readonly Dictionary<string, LinkedListNode<(string Key, ReadOnlyMemory<byte> Content)>> _byKey = new(StringComparer.Ordinal);
    // Most recently used first.
    private readonly LinkedList<(string Key, ReadOnlyMemory<byte> Content)> _recency = new();
    private readonly Lock _gate = new();
    private long _bytes;

    public RamFileCacheStore(long limit = DefaultLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        Limit = limit;
    }

    public long Limit { get; }

    /// <summary>The bytes held now.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate) return _bytes;
        }
    }

    public int Count
    {
        get
        {
            lock (_gate) return _byKey.Count;
        }
    }

    public bool Contains(string key)
    {
        lock (_gate) return _byKey.ContainsKey(key);
    }

    public ValueTask<Stream?> OpenReadAsync(string key, ByteRange range, CancellationToken cancellationToken = default)
    {
        ReadOnlyMemory<byte> content;
        lock (_gate)
        {
            if (!_byKey.TryGetValue(key, out var node)) return ValueTask.FromResult<Stream?>(null);
            _recency.Remove(node);
            _recency.AddFirst(node);
            content = node.Value.Content;
        }
        return ValueTask.FromResult<Stream?>(new MemoryReadStream(Slice(content, range)));
    }

    public ValueTask PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        if (content.Length > Limit) return ValueTask.CompletedTask;
        lock (_gate)
        {
            if (_byKey.Remove(key, out var old))
            {
                _recency.Remove(old);
                _bytes -= old.Value.Content.Length;
            }
            while (_bytes + content.Length > Limit && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _byKey.Remove(oldest.Value.Key);
                _bytes -= oldest.Value.Content.Length;
            }
            _byKey[key] = _recency.AddFirst((key, content));
            _bytes += content.Length;
        }
        return ValueTask.CompletedTask;
    }

    public async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<string> keys;
        lock (_gate) keys = _recency.Select(node => node.Key).Where(key => key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        foreach (var key in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return key;
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>The part of a whole object a range asks for; a range past the end is empty.</summary>
    public static ReadOnlyMemory<byte> Slice(ReadOnlyMemory<byte> content, ByteRange range)
    {
        var start = (int)Math.Min(range.Offset, content.Length);
        var available = content.Length - start;
        var length = range.Length is { } wanted ? (int)Math.Min(wanted, available) : available;
        return content.Slice(start, length);
    }
}

/// <summary>A read-only stream over memory that is not copied.</summary>
public sealed class MemoryReadStream(ReadOnlyMemory<byte> content) : ReadOnlyStream
{
    private int _position;

    public override bool CanSeek => true;

    public override long Length => content.Length;

    public override long Position
    {
        get => _position;
        set => _position = (int)Math.Clamp(value, 0, content.Length);
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => content.Length + offset,
    };

    public override int Read(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, content.Length - _position);
        content.Span.Slice(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }
}
