using Mirage.Vfs;

namespace Mirage.Commands;

/// <summary>One command (cat, grep, ...): a function of its context to an exit status.</summary>
public interface ICommand
{
    string Name { get; }

    ValueTask<int> RunAsync(CommandContext context);
}

/// <summary>Runs another command by argv in the caller's directory and environment (xargs, find -exec, env, timeout).</summary>
public interface ICommandRunner
{
    ValueTask<int> RunAsync(IReadOnlyList<string> arguments, Stream stdin, Stream stdout, Stream stderr, CancellationToken cancellationToken);

    /// <summary>True when <paramref name="name"/> is a command this runner can start (execvp would find it).</summary>
    bool CanRun(string name);
}

public sealed class CommandContext
{
    /// <summary>The name the command was invoked by (argv[0]); error messages start with it.</summary>
    public required string Name { get; init; }

    /// <summary>argv[1..].</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    public required Stream Stdin { get; init; }

    public required Stream Stdout { get; init; }

    public required Stream Stderr { get; init; }

    public required VPath WorkingDirectory { get; init; }

    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    /// <summary>The whole virtual tree (every mount), as one resource.</summary>
    public required IResource Files { get; init; }

    public required ICommandRunner Runner { get; init; }

    public CancellationToken CancellationToken { get; init; }

    /// <summary>The shell's umask: permission bits that new files and directories do not get.</summary>
    public int Umask { get; init; } = 0x12;

    /// <summary>Resolves an operand against the working directory.</summary>
    public VPath ResolvePath(string path) => VPath.Combine(WorkingDirectory, path);
}
