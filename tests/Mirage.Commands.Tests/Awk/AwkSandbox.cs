using System.Text;
using Mirage.Vfs;
using Mirage.Vfs.Ram;

namespace Mirage.Commands.Tests.Awk;

/// <summary>A RAM tree with awk, gawk and the text commands registered.</summary>
public sealed class AwkSandbox : ICommandRunner, IAsyncDisposable
{
    private static readonly CommandRegistry Registry = new(FileSystemCommands.All().Concat(TextCommands.All()).Concat(AwkCommands.All()));

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

    public Task<(int Status, string Stdout, string Stderr)> AwkAsync(string input, params string[] arguments) =>
        RunAsync(new MemoryStream(Encoding.UTF8.GetBytes(input)), ["awk", .. arguments]);

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
            Environment = new Dictionary<string, string> { ["LC_ALL"] = "C", ["HOME"] = "/home/me" },
            Files = Files,
            Runner = this,
            CancellationToken = cancellationToken,
        });
    }

    public ValueTask DisposeAsync() => Files.DisposeAsync();
}
