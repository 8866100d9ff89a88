namespace Mirage.Server;

// Wire shapes of the HTTP API; property names go out in snake_case (exit_code, session_id).

public sealed record HealthResponse(string Status, string Version, int Pid, int Workspaces);

/// <param name="Errors">One line per problem, when a configuration has several.</param>
/// <param name="Redacted">The mounts whose secrets a snapshot load still needs.</param>
public sealed record ErrorResponse(string Detail, IReadOnlyList<string>? Errors = null, IReadOnlyList<string>? Redacted = null);

/// <param name="Yaml">The workspace file's text.</param>
/// <param name="FileName">Named in error messages ("workspace.yaml:3: ...").</param>
/// <param name="BaseFolder">Relative disk roots are taken from here (the file's folder on the caller's machine).</param>
/// <param name="Variables">Values for <c>${VAR}</c> from the caller's environment; the daemon's own environment is not used.</param>
public sealed record CreateWorkspaceRequest(
    string? Yaml,
    string? Id = null,
    string? FileName = null,
    string? BaseFolder = null,
    Dictionary<string, string>? Variables = null);

public sealed record MountInfo(string Prefix, string Type, string Mode, string Description);

public sealed record SessionInfo(string Id, string Cwd);

public sealed record WorkspaceInfo(string Id, DateTimeOffset Created, IReadOnlyList<MountInfo> Mounts, IReadOnlyList<SessionInfo> Sessions);

/// <param name="Stdin">Text for standard input; <paramref name="StdinBase64"/> for arbitrary bytes.</param>
public sealed record ExecuteRequest(
    string? Command,
    string? SessionId = null,
    string? Cwd = null,
    string? Stdin = null,
    string? StdinBase64 = null);

/// <param name="Encoding">"utf-8" when both outputs are text as they are, "base64" when they are base64 of the bytes.</param>
/// <param name="Cwd">The session's working directory after the command (for prompts).</param>
public sealed record ExecuteResponse(int ExitCode, string Stdout, string Stderr, string Encoding, string Cwd);

public sealed record CreateSessionRequest(string? SessionId = null, string? Cwd = null);

public sealed record EntryResponse(string Path, string Kind, long? Size, DateTimeOffset? Modified);

public sealed record DeletedResponse(string Id, bool Deleted);

/// <summary>
/// One line of a streamed execute answer: a chunk of <see cref="Stdout"/> or <see cref="Stderr"/> (bytes, base64
/// on the wire), and last either the <see cref="ExitCode"/> with the session's <see cref="Cwd"/> or an <see cref="Error"/>.
/// </summary>
public sealed record ExecuteFrame
{
    public byte[]? Stdout { get; init; }

    public byte[]? Stderr { get; init; }

    public int? ExitCode { get; init; }

    public string? Cwd { get; init; }

    public string? Error { get; init; }
}
