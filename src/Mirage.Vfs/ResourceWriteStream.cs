using System.IO.Pipelines;

namespace Mirage.Vfs;

/// <summary>
/// Adapts "the resource pulls a stream" (<see cref="IResource.WriteAsync"/>) to "the caller pushes bytes":
/// a pipe whose reading end is handed to the resource on first write. Backpressure comes from the pipe.
/// </summary>
internal sealed class ResourceWriteStream : WriteOnlyStream
{
    private readonly IResource _resource;
    private readonly VPath _path;
    private readonly WriteOptions _options;
    private readonly CancellationToken _cancellationToken;
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19, useSynchronizationContext: false));
    private Task<EntryInfo>? _write;
    private bool _disposed;

    public ResourceWriteStream(IResource resource, VPath path, WriteOptions options, CancellationToken cancellationToken)
    {
        _resource = resource;
        _path = path;
        _options = options;
        _cancellationToken = cancellationToken;
    }

    public override bool CanWrite => !_disposed;

    private Task<EntryInfo> Start() => _write ??= Task.Run(async () =>
    {
        var reader = _pipe.Reader.AsStream();
        await using (reader.ConfigureAwait(false))
        {
            return await _resource.WriteAsync(_path, reader, _options, _cancellationToken).ConfigureAwait(false);
        }
    }, _cancellationToken);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var write = Start();
        var result = await _pipe.Writer.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (result.IsCompleted)
        {
            // The resource stopped reading: its failure is the one to report.
            await write.ConfigureAwait(false);
            throw new IOException($"{_path}: write ended early");
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    /// <summary>Finishes the write and returns what the resource reports.</summary>
    public async ValueTask<EntryInfo> CompleteAsync()
    {
        var write = Start();
        if (!_disposed)
        {
            _disposed = true;
            await _pipe.Writer.CompleteAsync().ConfigureAwait(false);
        }
        return await write.ConfigureAwait(false);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_disposed && _write is null) return;
        await CompleteAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed) CompleteAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose(disposing);
    }
}
