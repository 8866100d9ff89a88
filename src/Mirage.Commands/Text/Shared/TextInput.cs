using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.Text.Shared;

/// <summary>Opening operands the way the small text filters report failures.</summary>
public static class TextInput
{
    /// <summary>Opens <paramref name="operand"/> or reports "name: operand: reason" (or a custom text) and returns null.</summary>
    public static async ValueTask<Stream?> OpenAsync(CommandIO io, string operand, Func<string, string, string>? message = null)
    {
        ArgumentNullException.ThrowIfNull(io);
        try
        {
            return await io.OpenInputAsync(operand).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ResourceException or IOException)
        {
            if (message is null) await io.FileErrorAsync(operand, e).ConfigureAwait(false);
            else await io.ErrorAsync(message(operand, CommandIO.Reason(e))).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>All bytes of a stream (for commands that must see everything: tac, column, shuf).</summary>
    public static async ValueTask<byte[]> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>Splits off the terminator: the line's content and whether it had one.</summary>
    public static (ReadOnlyMemory<byte> Content, bool Terminated) Trim(ReadOnlyMemory<byte> line, byte delimiter = (byte)'\n')
    {
        var length = line.Length;
        if (length > 0 && line.Span[length - 1] == delimiter) return (line[..(length - 1)], true);
        return (line, false);
    }
}
