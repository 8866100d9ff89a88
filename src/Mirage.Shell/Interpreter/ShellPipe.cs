using System.Buffers;
using System.IO.Pipelines;
using Mirage.Vfs;

namespace Mirage.Shell.Interpreter;

/// <summary>
/// An in-memory pipe between two pipeline stages, with backpressure. When the reading side is
/// closed, the writer's next write throws <see cref="BrokenPipeException"/> (SIGPIPE semantics).
/// </summary>
public sealed class ShellPipe
{
    private readonly Pipe pipe = new(new PipeOptions(pauseWriterThreshold: 64 * 1024, resumeWriterThreshold: 32 * 1024, useSynchronizationContext: false));
    private volatile bool readerClosed;

    public ShellPipe()
    {
        Writer = new WriterStream(this);
        Reader = new ReaderStream(this);
    }

    public Stream Writer { get; }

    public Stream Reader { get; }

    /// <summary>Ends the writing side: the reader sees end of input.</summary>
    public void CompleteWriter() => pipe.Writer.Complete();

    /// <summary>Ends the reading side: the writer gets a broken pipe.</summary>
    public void CompleteReader()
    {
        readerClosed = true;
        pipe.Reader.Complete();
    }

    private sealed class WriterStream(ShellPipe owner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Write(byte[] buffer, int offset, int count)
        {
            // Synchronous writers are buffered; the data goes out with the next async write or at completion.
            if (owner.readerClosed)
            {
                throw new BrokenPipeException();
            }

            owner.pipe.Writer.Write(buffer.AsSpan(offset, count));
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (owner.readerClosed)
            {
                throw new BrokenPipeException();
            }

            FlushResult result;
            try
            {
                result = await owner.pipe.Writer.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                throw new BrokenPipeException();
            }

            if (result.IsCompleted || owner.readerClosed)
            {
                throw new BrokenPipeException();
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private sealed class ReaderStream(ShellPipe owner) : Stream
    {
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

        public override int Read(byte[] buffer, int offset, int count) =>
            throw new NotSupportedException("pipes are read asynchronously");

        public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
        {
            if (owner.readerClosed)
            {
                return 0;
            }

            var reader = owner.pipe.Reader;
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var data = result.Buffer;
            if (data.IsEmpty && result.IsCompleted)
            {
                reader.AdvanceTo(data.End);
                return 0;
            }

            var length = (int)Math.Min(data.Length, destination.Length);
            var slice = data.Slice(0, length);
            System.Buffers.BuffersExtensions.CopyTo(slice, destination.Span);
            reader.AdvanceTo(slice.End);
            return length;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
