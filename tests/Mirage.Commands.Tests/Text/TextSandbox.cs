using System.Text;
using Mirage.Vfs;
using Mirage.Vfs.Ram;

namespace Mirage.Commands.Tests.Text;

/// <summary>A RAM tree behind a dispatcher, with every file and text command registered.</summary>
public sealed class TextSandbox : ICommandRunner, IAsyncDisposable
{
    private static readonly CommandRegistry Registry = new(FileSystemCommands.All().Concat(TextCommands.All()));

    public Dispatcher Files { get; } = new(new MountTable([new Mount(VPath.Root, new RamResource())]));

    public async Task WriteAsync(string path, string text)
    {
        var target = VPath.Parse("/" + path);
        await ResourceOperations.CreateDirectoriesAsync(Files, target.Parent);
        await ResourceOperations.WriteAllBytesAsync(Files, target, Encoding.UTF8.GetBytes(text));
    }

    public async Task<string> ReadAsync(string path) => Encoding.UTF8.GetString(await ResourceOperations.ReadAllBytesAsync(Files, VPath.Parse("/" + path)));

    public async Task<(int Status, string Stdout, string Stderr)> RunAsync(Stream stdin, params string[] argv)
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        var status = await ((ICommandRunner)this).RunAsync(argv, stdin, stdout, stderr, CancellationToken.None);
        return (status, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    public Task<(int Status, string Stdout, string Stderr)> RunAsync(params string[] argv) => RunAsync(new MemoryStream(), argv);

    public Task<(int Status, string Stdout, string Stderr)> RunWithInputAsync(string input, params string[] argv) => RunAsync(new MemoryStream(Encoding.UTF8.GetBytes(input)), argv);

    async ValueTask<int> ICommandRunner.RunAsync(IReadOnlyList<string> arguments, Stream stdin, Stream stdout, Stream stderr, CancellationToken cancellationToken)
    {
        if (!Registry.TryGet(arguments[0], out var command))
        {
            await stderr.WriteAsync(Encoding.UTF8.GetBytes($"{arguments[0]}: command not found\n"), cancellationToken);
            return 127;
        }
        return await command.RunAsync(new CommandContext
        {
            Name = arguments[0],
            Arguments = arguments.Skip(1).ToList(),
            Stdin = stdin,
            Stdout = stdout,
            Stderr = stderr,
            WorkingDirectory = VPath.Root,
            Environment = new Dictionary<string, string> { ["LC_ALL"] = "C" },
            Files = Files,
            Runner = this,
            CancellationToken = cancellationToken,
        });
    }

    public ValueTask DisposeAsync() => Files.DisposeAsync();
}

/// <summary>An endless stream of one repeated line that counts what was read from it.</summary>
public sealed class EndlessLineStream(string line) : Stream
{
    private readonly byte[] _line = Encoding.UTF8.GetBytes(line);
    private long _position;

    public long BytesRead => _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        for (var i = 0; i < count; i++) buffer[offset + i] = _line[(int)((_position + i) % _line.Length)];
        _position += count;
        return count;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>One stream after another.</summary>
public sealed class ConcatenatedStream(Stream first, Stream second) : Stream
{
    private bool _firstDone;

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
        if (!_firstDone)
        {
            var read = first.Read(buffer, offset, count);
            if (read > 0) return read;
            _firstDone = true;
        }
        return second.Read(buffer, offset, count);
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
