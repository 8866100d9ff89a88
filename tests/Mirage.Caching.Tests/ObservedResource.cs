using System.Runtime.CompilerServices;
using Mirage.Vfs;
using Mirage.Vfs.Ram;

namespace Mirage.Caching.Tests;

/// <summary>
/// A RAM tree that counts the calls reaching it and can be told to fail the next reads part-way, so tests can see
/// exactly what a cache in front of it asked for.
/// </summary>
internal sealed class ObservedResource : IResource
{
    private int _stats;
    private int _lists;
    private int _reads;
    private int _failNextReads;

    public RamResource Backend { get; } = new();

    public ResourceInfo Info => Backend.Info;

    public int Stats => Volatile.Read(ref _stats);

    public int Lists => Volatile.Read(ref _lists);

    public int Reads => Volatile.Read(ref _reads);

    /// <summary>The next <paramref name="count"/> reads deliver a few bytes, then fail.</summary>
    public void FailNextReads(int count) => Volatile.Write(ref _failNextReads, count);

    public ValueTask<EntryInfo?> StatAsync(VPath path, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _stats);
        return Backend.StatAsync(path, cancellationToken);
    }

    public async IAsyncEnumerable<EntryInfo> ListAsync(VPath directory, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _lists);
        await foreach (var entry in Backend.ListAsync(directory, cancellationToken)) yield return entry;
    }

    public async ValueTask<Stream> OpenReadAsync(VPath path, ByteRange range = default, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reads);
        var stream = await Backend.OpenReadAsync(path, range, cancellationToken);
        if (Interlocked.Decrement(ref _failNextReads) >= 0) return new FailingAfterStream(stream, 3);
        Interlocked.Exchange(ref _failNextReads, 0);
        return stream;
    }

    public ValueTask<EntryInfo> WriteAsync(VPath path, Stream content, WriteOptions options = default, CancellationToken cancellationToken = default) =>
        Backend.WriteAsync(path, content, options, cancellationToken);

    public ValueTask CreateDirectoryAsync(VPath path, CancellationToken cancellationToken = default) => Backend.CreateDirectoryAsync(path, cancellationToken);

    public ValueTask RemoveAsync(VPath path, bool recursive = false, CancellationToken cancellationToken = default) => Backend.RemoveAsync(path, recursive, cancellationToken);

    public ValueTask DisposeAsync() => Backend.DisposeAsync();

    /// <summary>Delivers <c>good</c> bytes, then throws as a dropped connection would.</summary>
    private sealed class FailingAfterStream(Stream inner, int good) : ReadOnlyStream
    {
        private int _left = good;

        public override int Read(Span<byte> buffer)
        {
            if (_left <= 0) throw new IOException("connection reset by peer");
            var read = inner.Read(buffer[..Math.Min(buffer.Length, _left)]);
            _left -= read;
            return read;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
