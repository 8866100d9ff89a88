using System.Buffers;
using System.Buffers.Text;
using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem;

/// <summary>base64: encodes (wrapped at 76 columns unless -w says otherwise) or decodes (-d), streaming.</summary>
public sealed class Base64Command() : GnuCommand("base64")
{
    private static readonly ArgParser Options = new("diw:", "decode=d", "ignore-garbage=i", "wrap=w", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "Simon Josefsson";

    protected override string Help => "Usage: base64 [OPTION]... [FILE]\nBase64 encode or decode FILE, or standard input, to standard output.\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        if (arguments.Operands.Count > 1) return await io.UsageErrorAsync($"extra operand {Quoting.ShellAlways(arguments.Operands[1])}").ConfigureAwait(false);
        var wrap = 76;
        if (arguments.Last("w") is { } wrapText && (!int.TryParse(wrapText, out wrap) || wrap < 0))
        {
            await io.ErrorAsync($"invalid wrap size: {Quoting.Locale(wrapText)}").ConfigureAwait(false);
            return 1;
        }
        var operand = arguments.Operands.Count == 1 ? arguments.Operands[0] : "-";
        Stream input;
        try
        {
            input = await io.OpenInputAsync(operand).ConfigureAwait(false);
        }
        catch (ResourceException e)
        {
            await io.FileErrorAsync(operand, e).ConfigureAwait(false);
            return 1;
        }
        await using (input.ConfigureAwait(false))
        {
            return arguments.Has("d")
                ? await DecodeAsync(io, input, arguments.Has("i")).ConfigureAwait(false)
                : await EncodeAsync(io, input, wrap).ConfigureAwait(false);
        }
    }

    private static async ValueTask<int> EncodeAsync(CommandIO io, Stream input, int wrap)
    {
        var buffer = new byte[48 * 1024];
        var carry = 0;
        var column = 0;
        var encoded = new byte[Base64.GetMaxEncodedToUtf8Length(buffer.Length)];
        while (true)
        {
            var read = await input.ReadAsync(buffer.AsMemory(carry), io.CancellationToken).ConfigureAwait(false);
            var available = carry + read;
            var final = read == 0;
            var take = final ? available : available / 3 * 3;
            if (take > 0)
            {
                Base64.EncodeToUtf8(buffer.AsSpan(0, take), encoded, out _, out var written);
                column = await WriteWrappedAsync(io, encoded.AsMemory(0, written), wrap, column).ConfigureAwait(false);
            }
            carry = available - take;
            if (carry > 0) Buffer.BlockCopy(buffer, take, buffer, 0, carry);
            if (final) break;
        }
        if (wrap > 0 && column > 0) await io.Out.WriteAsync((byte)'\n').ConfigureAwait(false);
        return 0;
    }

    private static async ValueTask<int> WriteWrappedAsync(CommandIO io, ReadOnlyMemory<byte> text, int wrap, int column)
    {
        if (wrap == 0)
        {
            await io.Out.WriteAsync(text).ConfigureAwait(false);
            return 0;
        }
        while (text.Length > 0)
        {
            var room = wrap - column;
            var piece = text[..Math.Min(room, text.Length)];
            await io.Out.WriteAsync(piece).ConfigureAwait(false);
            column += piece.Length;
            text = text[piece.Length..];
            if (column == wrap)
            {
                await io.Out.WriteAsync((byte)'\n').ConfigureAwait(false);
                column = 0;
            }
        }
        return column;
    }

    private static async ValueTask<int> DecodeAsync(CommandIO io, Stream input, bool ignoreGarbage)
    {
        var buffer = new byte[64 * 1024];
        var pending = new List<byte>(4);
        var output = new byte[3];
        var finished = false;
        int read;
        while ((read = await input.ReadAsync(buffer, io.CancellationToken).ConfigureAwait(false)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                var b = buffer[i];
                if (b is (byte)'\n' or (byte)'\r') continue;
                var valid = b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or (byte)'+' or (byte)'/' or (byte)'=';
                if (!valid)
                {
                    if (ignoreGarbage) continue;
                    return await InvalidAsync(io).ConfigureAwait(false);
                }
                if (finished) return await InvalidAsync(io).ConfigureAwait(false);
                pending.Add(b);
                if (pending.Count < 4) continue;
                var status = Base64.DecodeFromUtf8(pending.ToArray(), output, out _, out var written);
                if (status != OperationStatus.Done) return await InvalidAsync(io).ConfigureAwait(false);
                await io.Out.WriteAsync(output.AsMemory(0, written)).ConfigureAwait(false);
                if (pending[3] == (byte)'=') finished = true;
                pending.Clear();
            }
        }
        if (pending.Count > 0)
        {
            // Unpadded tail: decode what it holds, then report it as GNU does.
            while (pending.Count < 4) pending.Add((byte)'=');
            if (Base64.DecodeFromUtf8(pending.ToArray(), output, out _, out var written) == OperationStatus.Done)
                await io.Out.WriteAsync(output.AsMemory(0, written)).ConfigureAwait(false);
            return await InvalidAsync(io).ConfigureAwait(false);
        }
        return 0;
    }

    private static async ValueTask<int> InvalidAsync(CommandIO io)
    {
        await io.ErrorAsync("invalid input").ConfigureAwait(false);
        return 1;
    }
}
