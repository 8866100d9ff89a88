namespace Mirage.Commands.Common;

/// <summary>Sizes read buffers: a small file needs no 64 KiB buffer, and ten thousand of them should not allocate one each.</summary>
public static class ReadBuffer
{
    /// <summary>
    /// <paramref name="maximum"/>, or less when the stream knows it holds fewer bytes (one more than those,
    /// so the first read can already see the end).
    /// </summary>
    public static int SizeFor(Stream stream, int maximum)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek) return maximum;
        try
        {
            var remaining = stream.Length - stream.Position;
            return remaining < 0 ? maximum : (int)Math.Clamp(remaining + 1, 64, maximum);
        }
        catch (NotSupportedException)
        {
            return maximum;
        }
        catch (IOException)
        {
            return maximum;
        }
    }
}
