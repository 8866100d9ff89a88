namespace Mirage.AI;

/// <summary>Limits and settings of the tools over one workspace.</summary>
public sealed record WorkspaceToolOptions
{
    /// <summary>The session whose working directory, variables and functions <c>execute</c> keeps.</summary>
    public string SessionId { get; init; } = Workspace.DefaultSessionId;

    /// <summary>Bytes of standard output (and, separately, of standard error) one tool call returns.</summary>
    public int MaxOutputBytes { get; init; } = 30_000;

    /// <summary>Wall time of one <c>execute</c>, <c>grep</c> or <c>glob</c>.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Characters kept of one line in <c>read_file</c>.</summary>
    public int MaxLineLength { get; init; } = 2000;

    /// <summary>Matches or paths <c>grep</c> and <c>glob</c> return.</summary>
    public int MaxResults { get; init; } = 500;

    /// <summary>When true, write_file and edit_file refuse every call, whatever the mounts allow.</summary>
    public bool ReadOnly { get; init; }
}
