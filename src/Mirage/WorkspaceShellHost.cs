using System.Runtime.CompilerServices;
using Mirage.Commands;
using Mirage.Shell.Interpreter;
using Mirage.Vfs;

namespace Mirage;

/// <summary>
/// Connects the interpreter to the workspace: files through the dispatcher, commands from the registry.
/// The shell never sees mounts; this is the only place the two meet.
/// </summary>
internal sealed class WorkspaceShellHost : IShellHost
{
    private const int DefaultUmask = 0x12; // 022
    private const int NewFileMode = 0x1B6; // 0666

    private readonly Dispatcher _files;
    private readonly CommandRegistry _commands;
    private readonly Func<CommandInvocation, CancellationToken, ValueTask<int>> _runShell;

    /// <param name="runShell">Runs `bash`/`sh` invocations that arrive from commands (xargs, find -exec).</param>
    public WorkspaceShellHost(Dispatcher files, CommandRegistry commands, Func<CommandInvocation, CancellationToken, ValueTask<int>> runShell)
    {
        _files = files;
        _commands = commands;
        _runShell = runShell;
    }

    public ValueTask<EntryInfo?> StatAsync(VPath path, CancellationToken cancellationToken) => _files.StatAsync(path, cancellationToken);

    public IAsyncEnumerable<EntryInfo> ListAsync(VPath directory, CancellationToken cancellationToken) => _files.ListAsync(directory, cancellationToken);

    public ValueTask<Stream> OpenReadAsync(VPath path, CancellationToken cancellationToken) => _files.OpenReadAsync(path, ByteRange.All, cancellationToken);

    public async ValueTask<Stream> OpenWriteAsync(VPath path, bool append, int umask, CancellationToken cancellationToken)
    {
        // bash reports a bad redirection before the command runs, so check what the streamed write would only find at the end.
        var mount = _files.FindMount(path);
        var existing = await _files.StatAsync(path, cancellationToken).ConfigureAwait(false);
        if (existing is { IsDirectory: true }) throw ResourceException.IsADirectory(path);
        if (mount is null) throw ResourceException.NotFound(path);
        if (!mount.CanWrite) throw ResourceException.ReadOnly(path);
        if (existing is null)
        {
            var parent = await _files.StatAsync(path.Parent, cancellationToken).ConfigureAwait(false);
            if (parent is null) throw ResourceException.NotFound(path);
            if (!parent.IsDirectory) throw ResourceException.NotADirectory(path);
            // Another umask than the default the trees create with: make the file first, with its mode, then fill it.
            if (umask != DefaultUmask && mount.Resource.TryGetCapability<IChangeMode>(out _))
            {
                await _files.WriteAsync(path, Stream.Null, new WriteOptions(Length: 0), cancellationToken).ConfigureAwait(false);
                await _files.ChangeModeAsync(path, NewFileMode & ~umask, cancellationToken).ConfigureAwait(false);
            }
        }
        return ResourceOperations.OpenWrite(_files, path, new WriteOptions(Append: append), cancellationToken);
    }

    public bool HasCommand(string name) => _commands.TryGet(name, out _);

    public ValueTask<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var name = invocation.Arguments[0];
        if (!_commands.TryGet(name, out var command)) return ValueTask.FromResult(127);
        return RunCommandAsync(command, invocation, cancellationToken);
    }

    private async ValueTask<int> RunCommandAsync(ICommand command, CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var context = new CommandContext
        {
            Name = invocation.Arguments[0],
            Arguments = invocation.Arguments.Skip(1).ToArray(),
            Stdin = invocation.Stdin,
            Stdout = invocation.Stdout,
            Stderr = invocation.Stderr,
            WorkingDirectory = invocation.WorkingDirectory,
            Environment = invocation.Environment,
            Files = new DeviceFiles(_files, fd => fd switch
            {
                0 => invocation.Stdin,
                1 => invocation.Stdout,
                2 => invocation.Stderr,
                _ => invocation.FindDescriptor?.Invoke(fd),
            }),
            Runner = new Runner(this, invocation),
            CancellationToken = cancellationToken,
            Umask = invocation.Umask,
        };
        try
        {
            return await command.RunAsync(context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (OperationCanceledException or BrokenPipeException))
        {
            // A command that failed unexpectedly still answers like a program: a message and a status, never a trace.
            var message = e is ResourceException resource
                ? $"{context.Name}: {resource.Path}: {resource.Reason}\n"
                : $"{context.Name}: {e.Message}\n";
            await WriteErrorAsync(invocation.Stderr, message, cancellationToken).ConfigureAwait(false);
            return 1;
        }
    }

    private static async ValueTask WriteErrorAsync(Stream stderr, string message, CancellationToken cancellationToken)
    {
        try
        {
            await stderr.WriteAsync(System.Text.Encoding.UTF8.GetBytes(message), cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // Nobody is listening to stderr any more; the status still tells.
        }
    }

    /// <summary>Lets a command start another one (xargs, find -exec, env) in its own directory and environment.</summary>
    private sealed class Runner(WorkspaceShellHost host, CommandInvocation parent) : ICommandRunner
    {
        public ValueTask<int> RunAsync(IReadOnlyList<string> arguments, Stream stdin, Stream stdout, Stream stderr, CancellationToken cancellationToken)
        {
            var invocation = parent with { Arguments = arguments, Stdin = stdin, Stdout = stdout, Stderr = stderr };
            return arguments.Count > 0 && RunsInShell(arguments[0])
                ? host._runShell(invocation, cancellationToken)
                : host.ExecuteAsync(invocation, cancellationToken);
        }

        public bool CanRun(string name) => RunsInShell(name) || host.HasCommand(name);

        /// <summary>bash itself, and a path (<c>./script.sh</c>), which the shell opens and runs as a script.</summary>
        private static bool RunsInShell(string name) => name is "bash" or "sh" || name.Contains('/', StringComparison.Ordinal);
    }
}
