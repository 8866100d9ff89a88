namespace Mirage.Shell.Interpreter;

/// <summary>
/// A readable stream with a push-back buffer, so <c>read</c> can take one line and leave the rest
/// for the next command reading the same descriptor (as bash does with <c>{ read a; cat; } &lt; f</c>).
/// </summary>
public sealed class ShellInputStream : Stream
{
    private readonly Stream inner;
    private readonly bool ownsInner;
    private byte[] buffer = new byte[8192];
    private int start;
    private int end;
    private bool endOfStream;

    public ShellInputStream(Stream inner, bool ownsInner)
    {
        this.inner = inner;
        this.ownsInner = ownsInner;
    }

    /// <summary>Wraps a stream unless it already is a <see cref="ShellInputStream"/>.</summary>
    public static ShellInputStream From(Stream stream) => stream as ShellInputStream ?? new ShellInputStream(stream, ownsInner: false);

    public bool Wraps(Stream stream) => ReferenceEquals(inner, stream);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (end > start)
        {
            var taken = Math.Min(count, end - start);
            Array.Copy(this.buffer, start, buffer, offset, taken);
            start += taken;
            return taken;
        }

        return endOfStream ? 0 : inner.Read(buffer, offset, count);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (end > start)
        {
            var taken = Math.Min(destination.Length, end - start);
            buffer.AsMemory(start, taken).CopyTo(destination);
            start += taken;
            return taken;
        }

        if (endOfStream)
        {
            return 0;
        }

        var read = await inner.ReadAsync(destination, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            endOfStream = true;
        }

        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>
    /// Reads up to the delimiter (consumed, not returned) or <paramref name="maxBytes"/> bytes.
    /// Returns null at end of input with nothing read; <c>Complete</c> is false when input ended first.
    /// </summary>
    public async ValueTask<(byte[]? Data, bool Complete)> ReadRecordAsync(int delimiter, int maxBytes, CancellationToken cancellationToken)
    {
        var collected = new List<byte>();
        while (true)
        {
            if (start == end)
            {
                if (!await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    return collected.Count == 0 ? (null, false) : ([.. collected], false);
                }
            }

            while (start < end)
            {
                var b = buffer[start++];
                if (delimiter >= 0 && b == delimiter)
                {
                    return ([.. collected], true);
                }

                collected.Add(b);
                if (collected.Count >= maxBytes)
                {
                    return ([.. collected], true);
                }
            }
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (endOfStream)
        {
            return false;
        }

        start = 0;
        end = 0;
        if (buffer.Length < 8192)
        {
            buffer = new byte[8192];
        }

        var read = await inner.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            endOfStream = true;
            return false;
        }

        end = read;
        return true;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && ownsInner)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (ownsInner)
        {
            await inner.DisposeAsync().ConfigureAwait(false);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }
}
