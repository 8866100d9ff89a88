using System.Buffers;
using System.Text;

namespace Mirage.Shell.Syntax;

/// <summary>
/// How the shell holds bytes in .NET strings: UTF-8, except that a byte which is not part of valid UTF-8
/// (a lone <c>\xff</c>, Latin-1 text) becomes the lone surrogate U+DC00 + byte and is written back as
/// that byte. So <c>printf '\xff'</c> writes one byte 0xff and binary data survives <c>x=$(cat f)</c>.
/// </summary>
public static class ShellEncoding
{
    private const char FirstRawByte = '\uDC80';
    private const char LastRawByte = '\uDCFF';

    /// <summary>The char that stands for a raw byte: itself for ASCII, a lone surrogate from 0x80.</summary>
    public static char RawByte(int value) => value < 0x80 ? (char)value : (char)(0xDC00 + (value & 0xFF));

    public static byte[] GetBytes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAnyInRange(FirstRawByte, LastRawByte) < 0)
        {
            return Encoding.UTF8.GetBytes(text);
        }

        var output = new ArrayBufferWriter<byte>(text.Length + 8);
        var runStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var lone = c is >= FirstRawByte and <= LastRawByte && (i == 0 || !char.IsHighSurrogate(text[i - 1]));
            if (!lone)
            {
                continue;
            }

            Append(output, text.AsSpan(runStart, i - runStart));
            output.GetSpan(1)[0] = (byte)(c - 0xDC00);
            output.Advance(1);
            runStart = i + 1;
        }

        Append(output, text.AsSpan(runStart));
        return output.WrittenSpan.ToArray();
    }

    public static string GetString(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return Encoding.UTF8.GetString(bytes);
        }

        var builder = new StringBuilder(bytes.Length);
        while (!bytes.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(bytes, out var rune, out var consumed) == OperationStatus.Done)
            {
                builder.Append(rune.ToString());
                bytes = bytes[consumed..];
            }
            else
            {
                builder.Append(RawByte(bytes[0]));
                bytes = bytes[1..];
            }
        }

        return builder.ToString();
    }

    public static string GetString(byte[] bytes, int index, int count) => GetString(bytes.AsSpan(index, count));

    private static void Append(ArrayBufferWriter<byte> output, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
