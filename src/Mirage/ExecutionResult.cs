using System.Text;

namespace Mirage;

/// <summary>What one <see cref="Workspace.ExecuteAsync(string, ExecuteOptions?, CancellationToken)"/> produced.</summary>
public sealed record ExecutionResult(int ExitCode, byte[] Stdout, byte[] Stderr)
{
    public string StdoutText => Encoding.UTF8.GetString(Stdout);

    public string StderrText => Encoding.UTF8.GetString(Stderr);

    public bool Succeeded => ExitCode == 0;

    /// <summary>Bytes of standard output dropped past <see cref="ExecuteOptions.MaxOutputBytes"/>.</summary>
    public long StdoutOmittedBytes { get; init; }

    /// <summary>Bytes of standard error dropped past <see cref="ExecuteOptions.MaxOutputBytes"/>.</summary>
    public long StderrOmittedBytes { get; init; }

    public bool Truncated => StdoutOmittedBytes > 0 || StderrOmittedBytes > 0;

    /// <summary>The script was stopped at <see cref="ExecuteOptions.Timeout"/> (exit status 124).</summary>
    public bool TimedOut { get; init; }

    public override string ToString() => $"exit {ExitCode}: {StdoutText}{StderrText}";
}

/// <summary>Per-call settings; unset members keep the session's own.</summary>
public sealed record ExecuteOptions
{
    /// <summary>Bytes the script reads on standard input; empty when null.</summary>
    public Stream? Stdin { get; init; }

    /// <summary>Where standard output streams to; when set, <see cref="ExecutionResult.Stdout"/> is empty.</summary>
    public Stream? Stdout { get; init; }

    /// <summary>Where standard error streams to; when set, <see cref="ExecutionResult.Stderr"/> is empty.</summary>
    public Stream? Stderr { get; init; }

    /// <summary>Working directory for this call only.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Extra environment variables for this call only.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Positional parameters ($1, $2, ...) for this call; $0 is "bash" unless <see cref="ScriptName"/> is set.</summary>
    public IReadOnlyList<string>? Arguments { get; init; }

    /// <summary>$0, and the name error messages start with (a script file's name).</summary>
    public string? ScriptName { get; init; }

    /// <summary>The session whose state (cwd, variables, functions) the script uses and changes.</summary>
    public string? SessionId { get; init; }

    /// <summary>
    /// Bytes kept of each captured stream (standard output, standard error); the rest is counted in
    /// <see cref="ExecutionResult.StdoutOmittedBytes"/> and dropped while the script goes on. Null keeps all.
    /// Streams given in <see cref="Stdout"/> and <see cref="Stderr"/> are not capped.
    /// </summary>
    public long? MaxOutputBytes { get; init; }

    /// <summary>Wall time after which the script is stopped: exit status 124 and a notice on standard error.</summary>
    public TimeSpan? Timeout { get; init; }
}
