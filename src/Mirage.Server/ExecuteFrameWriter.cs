using System.Text.Json;
using Mirage.Vfs;

namespace Mirage.Server;

/// <summary>
/// Writes <see cref="ExecuteFrame"/>s as newline-delimited JSON, one at a time, flushed as they come: the
/// command's stdout and stderr become two streams whose writes turn into frames, and the response body's own
/// back-pressure slows the command down when the client reads slowly.
/// </summary>
internal sealed class ExecuteFrameWriter
{
    private static readonly byte[] Newline = "\n"u8.ToArray();

    private readonly Stream _body;
    private readonly JsonSerializerOptions _json;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public ExecuteFrameWriter(Stream body, JsonSerializerOptions json)
    {
        _body = body;
        _json = json;
        Stdout = new FrameStream(this, bytes => new ExecuteFrame { Stdout = bytes });
        Stderr = new FrameStream(this, bytes => new ExecuteFrame { Stderr = bytes });
    }

    public Stream Stdout { get; }

    public Stream Stderr { get; }

    public async ValueTask WriteAsync(ExecuteFrame frame, CancellationToken cancellationToken)
    {
        var line = JsonSerializer.SerializeToUtf8Bytes(frame, _json);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _body.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            await _body.WriteAsync(Newline, cancellationToken).ConfigureAwait(false);
            await _body.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed class FrameStream(ExecuteFrameWriter writer, Func<byte[], ExecuteFrame> frame) : WriteOnlyStream
    {
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            buffer.IsEmpty ? ValueTask.CompletedTask : writer.WriteAsync(frame(buffer.ToArray()), cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) =>
            WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    }
}
