using System.Text;
using Mirage.Vfs;
using Mirage.Vfs.Ram;

namespace Mirage.Commands.Tests;

/// <summary>What one command run printed and returned.</summary>
public sealed record RunResult(int Status, string Stdout, string Stderr)
{
    public required byte[] StdoutBytes { get; init; }

    public static RunResult From(int status, byte[] stdout, byte[] stderr) =>
        new(status, Encoding.UTF8.GetString(stdout), Encoding.UTF8.GetString(stderr)) { StdoutBytes = stdout };
}

/// <summary>A dispatcher over RAM mounts (a writable "/" unless told otherwise) and a way to run commands on it.</summary>
public class Sandbox : IAsyncDisposable, ICommandRunner
{
    private readonly CommandRegistry _registry;

    /// <summary>The file commands, with USER and TZ set.</summary>
    public Sandbox(params Mount[] mounts)
        : this(FileSystemCommands.All(), new Dictionary<string, string> { ["USER"] = "user", ["TZ"] = "UTC" }, mounts)
    {
    }

    protected Sandbox(IEnumerable<ICommand> commands, Dictionary<string, string> environment, params Mount[] mounts)
    {
        _registry = new CommandRegistry(commands);
        Environment = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        Files = new Dispatcher(new MountTable(mounts.Length == 0 ? [new Mount(VPath.Root, new RamResource())] : mounts));
    }

    public Dispatcher Files { get; }

    public VPath WorkingDirectory { get; set; } = VPath.Root;

    public Dictionary<string, string> Environment { get; }

    public async Task WriteAsync(string path, string text) => await WriteAsync(path, Encoding.UTF8.GetBytes(text));

    public async Task WriteAsync(string path, byte[] bytes)
    {
        var target = VPath.Combine(WorkingDirectory, path);
        await ResourceOperations.CreateDirectoriesAsync(Files, target.Parent);
        await ResourceOperations.WriteAllBytesAsync(Files, target, bytes);
    }

    public async Task MkdirAsync(string path) => await ResourceOperations.CreateDirectoriesAsync(Files, VPath.Combine(WorkingDirectory, path));

    public async Task<string> ReadAsync(string path) => Encoding.UTF8.GetString(await ResourceOperations.ReadAllBytesAsync(Files, VPath.Combine(WorkingDirectory, path)));

    public async Task<bool> ExistsAsync(string path) => await Files.StatAsync(VPath.Combine(WorkingDirectory, path)) is not null;

    public Task<RunResult> RunAsync(params string[] argv) => RunWithInputAsync(string.Empty, argv);

    public Task<RunResult> RunWithInputAsync(string stdin, params string[] argv) => RunAsync(new MemoryStream(Encoding.UTF8.GetBytes(stdin)), argv);

    public async Task<RunResult> RunAsync(Stream stdin, params string[] argv)
    {
        using var output = new MemoryStream();
        using var error = new MemoryStream();
        var status = await ((ICommandRunner)this).RunAsync(argv, stdin, output, error, CancellationToken.None);
        return RunResult.From(status, output.ToArray(), error.ToArray());
    }

    async ValueTask<int> ICommandRunner.RunAsync(IReadOnlyList<string> arguments, Stream stdin, Stream stdout, Stream stderr, CancellationToken cancellationToken)
    {
        if (!_registry.TryGet(arguments[0], out var command))
        {
            await stderr.WriteAsync(Encoding.UTF8.GetBytes($"{arguments[0]}: command not found\n"), cancellationToken);
            return 127;
        }
        var context = new CommandContext
        {
            Name = arguments[0],
            Arguments = arguments.Skip(1).ToList(),
            Stdin = stdin,
            Stdout = stdout,
            Stderr = stderr,
            WorkingDirectory = WorkingDirectory,
            Environment = Environment,
            Files = Files,
            Runner = this,
            CancellationToken = cancellationToken,
        };
        return await command.RunAsync(context);
    }

    bool ICommandRunner.CanRun(string name) => _registry.TryGet(name, out _);

    public ValueTask DisposeAsync() => Files.DisposeAsync();
}
