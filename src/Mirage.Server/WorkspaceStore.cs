using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Mirage.Configuration;

namespace Mirage.Server;

/// <summary>One workspace kept warm by the daemon, with the configuration it was made from (for snapshots).</summary>
public sealed record HostedWorkspace(string Id, Workspace Workspace, WorkspaceConfig Config, DateTimeOffset Created);

/// <summary>The daemon's workspaces by id.</summary>
public sealed partial class WorkspaceStore : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, HostedWorkspace> _workspaces = new(StringComparer.Ordinal);

    public int Count => _workspaces.Count;

    public IReadOnlyList<HostedWorkspace> All => _workspaces.Values.OrderBy(w => w.Created).ThenBy(w => w.Id, StringComparer.Ordinal).ToList();

    public static bool IsValidId(string id) => IdPattern().IsMatch(id);

    public static string NewId() => "ws_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));

    public HostedWorkspace Get(string id) =>
        _workspaces.TryGetValue(id, out var hosted) ? hosted : throw new ApiException(404, $"workspace '{id}' not found");

    /// <summary>Adds a workspace; an id already in use is refused and the existing workspace is kept.</summary>
    public HostedWorkspace Add(string id, Workspace workspace, WorkspaceConfig config)
    {
        var hosted = new HostedWorkspace(id, workspace, config, DateTimeOffset.UtcNow);
        if (!_workspaces.TryAdd(id, hosted)) throw new ApiException(409, $"workspace '{id}' already exists");
        return hosted;
    }

    public async Task<bool> RemoveAsync(string id)
    {
        if (!_workspaces.TryRemove(id, out var hosted)) return false;
        await hosted.Workspace.DisposeAsync().ConfigureAwait(false);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _workspaces.Keys.ToList()) await RemoveAsync(id).ConfigureAwait(false);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex IdPattern();
}

/// <summary>A request the API refuses: the status and a one-line reason, answered as <c>{"detail": ...}</c>.</summary>
public sealed class ApiException : Exception
{
    public ApiException(int status, string detail, IReadOnlyList<string>? errors = null)
        : base(detail)
    {
        Status = status;
        Errors = errors ?? [];
    }

    public ApiException()
        : this(500, "internal error")
    {
    }

    public ApiException(string message)
        : this(400, message)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 400;
        Errors = [];
    }

    public int Status { get; }

    public IReadOnlyList<string> Errors { get; }

    /// <summary>The mounts whose secrets a snapshot load still needs.</summary>
    public IReadOnlyList<string> Redacted { get; init; } = [];
}
