using Mirage.Vfs;

namespace Mirage.Shell.Interpreter;

/// <summary>
/// Everything the interpreter needs from the world outside the shell: files for redirections and
/// globbing, and commands that are neither functions nor builtins. Paths arrive already resolved
/// against the shell's working directory.
/// </summary>
public interface IShellHost
{
    ValueTask<EntryInfo?> StatAsync(VPath path, CancellationToken cancellationToken);

    IAsyncEnumerable<EntryInfo> ListAsync(VPath directory, CancellationToken cancellationToken);

    ValueTask<Stream> OpenReadAsync(VPath path, CancellationToken cancellationToken);

    /// <summary>
    /// A stream whose content replaces (or, with <paramref name="append"/>, extends) the file when disposed.
    /// A file it creates gets 0666 less <paramref name="umask"/>.
    /// </summary>
    ValueTask<Stream> OpenWriteAsync(VPath path, bool append, int umask, CancellationToken cancellationToken);

    /// <summary>True when <see cref="ExecuteAsync"/> knows a command by this name (type, command -v, which).</summary>
    bool HasCommand(string name);

    /// <summary>Runs a registered command; the interpreter reports unknown names itself (status 127).</summary>
    ValueTask<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken);
}

/// <param name="Arguments">argv, the command name first.</param>
/// <param name="Environment">The exported variables.</param>
public sealed record CommandInvocation(
    IReadOnlyList<string> Arguments,
    Stream Stdin,
    Stream Stdout,
    Stream Stderr,
    VPath WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>The stream open on descriptor N of the invoking shell, for <c>/dev/fd/N</c> (process substitutions, <c>exec 3&lt;file</c>); null when closed.</summary>
    public Func<int, Stream?>? FindDescriptor { get; init; }

    /// <summary>The invoking shell's umask, for the files and directories the command creates.</summary>
    public int Umask { get; init; } = 0x12;
}
