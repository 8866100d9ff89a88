using System.IO.Pipelines;
using Mirage.Vfs;

namespace Mirage.Commands.Data.Awk;

/// <summary>
/// A command run beside the interpreter for "print | cmd" (awk writes its stdin) or "cmd | getline"
/// (awk reads its stdout), joined by an in-memory pipe with backpressure, so data streams as it is
/// flushed. Once the far side is gone, writing to the pipe fails as a broken pipe.
/// </summary>
internal sealed class AwkCommandPipe
{
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 64 * 1024, resumeWriterThreshold: 32 * 1024, useSynchronizationContext: false));
    private readonly Task<int> _run;
    private readonly bool _toCommand;

    private AwkCommandPipe(ICommandRunner runner, string command, Stream output, Stream errors, bool toCommand, CancellationToken cancellationToken)
    {
        _toCommand = toCommand;
        Stream = toCommand ? new PipeWriteStream(_pipe.Writer) : _pipe.Reader.AsStream(leaveOpen: true);
        var stdin = toCommand ? _pipe.Reader.AsStream(leaveOpen: true) : System.IO.Stream.Null;
        var stdout = toCommand ? output : new PipeWriteStream(_pipe.Writer);
        _run = Task.Run(() => RunAsync(runner, command, stdin, stdout, errors, cancellationToken), cancellationToken);
    }

    /// <summary>awk's end: the command's stdin for output, its stdout for input.</summary>
    public Stream Stream { get; }

    /// <summary>Starts "sh -c command" reading what awk prints.</summary>
    public static AwkCommandPipe ToCommand(ICommandRunner runner, string command, Stream stdout, Stream stderr, CancellationToken cancellationToken) =>
        new(runner, command, stdout, stderr, toCommand: true, cancellationToken);

    /// <summary>Starts "sh -c command" for awk to read its output.</summary>
    public static AwkCommandPipe FromCommand(ICommandRunner runner, string command, Stream stderr, CancellationToken cancellationToken) =>
        new(runner, command, System.IO.Stream.Null, stderr, toCommand: false, cancellationToken);

    /// <summary>Ends awk's side (end of input for the command, or a broken pipe for its output) and waits for its status.</summary>
    public int Close()
    {
        if (_toCommand) _pipe.Writer.Complete();
        else _pipe.Reader.Complete();
        return _run.GetAwaiter().GetResult();
    }

    private async Task<int> RunAsync(ICommandRunner runner, string command, Stream stdin, Stream stdout, Stream stderr, CancellationToken cancellationToken)
    {
        try
        {
            return await runner.RunAsync(["sh", "-c", command], stdin, stdout, stderr, cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenPipeException)
        {
            return 141;
        }
        finally
        {
            // The command is done: what awk still prints has nowhere to go; what it reads is at its end.
            if (_toCommand) await _pipe.Reader.CompleteAsync().ConfigureAwait(false);
            else await _pipe.Writer.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The writing end: a write after the reader has gone is a broken pipe (SIGPIPE's EPIPE).</summary>
    private sealed class PipeWriteStream(PipeWriter writer) : WriteOnlyStream
    {
        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            FlushResult result;
            try
            {
                result = await writer.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                throw new BrokenPipeException();
            }
            if (result.IsCompleted) throw new BrokenPipeException();
        }
    }
}
