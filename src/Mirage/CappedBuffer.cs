using Mirage.Vfs;

namespace Mirage;

/// <summary>
/// A write-only memory buffer that keeps the first <c>capacity</c> bytes and counts the rest, so a
/// script that prints without end cannot fill the caller's memory.
/// </summary>
internal sealed class CappedBuffer(long? capacity) : WriteOnlyStream
{
    private readonly MemoryStream _kept = new();

    public long OmittedBytes { get; private set; }

    public byte[] ToArray() => _kept.ToArray();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (_kept)
        {
            var room = capacity is { } limit ? (int)Math.Clamp(limit - _kept.Length, 0, buffer.Length) : buffer.Length;
            _kept.Write(buffer[..room]);
            OmittedBytes += buffer.Length - room;
        }
    }

    /// <summary>Adds text past the cap: a notice about the run must reach the caller whatever the script printed.</summary>
    public void AppendUncapped(ReadOnlySpan<byte> notice)
    {
        lock (_kept) _kept.Write(notice);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _kept.Dispose();
        base.Dispose(disposing);
    }
}
