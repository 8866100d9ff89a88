using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Mirage.Snapshots;

/// <summary>
/// <c>manifest.json</c> at the top of a snapshot tar: what to mount again and where each mount's files are
/// in the archive. Secrets in mount configs are replaced by <see cref="WorkspaceSnapshot.RedactedPlaceholder"/>.
/// </summary>
public sealed record SnapshotManifest
{
    [JsonPropertyName("format")]
    public string Format { get; init; } = WorkspaceSnapshot.FormatName;

    [JsonPropertyName("version")]
    public int Version { get; init; } = WorkspaceSnapshot.FormatVersion;

    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("created")]
    public DateTimeOffset Created { get; init; }

    [JsonPropertyName("cwd")]
    public string? WorkingDirectory { get; init; }

    [JsonPropertyName("env")]
    public Dictionary<string, string> Environment { get; init; } = [];

    [JsonPropertyName("mounts")]
    public List<SnapshotMount> Mounts { get; init; } = [];

    [JsonPropertyName("sessions")]
    public List<SnapshotSession> Sessions { get; init; } = [];
}

/// <param name="Contents">The tar folder holding the mount's files ("mounts/data"), or null when its data stays where it lives (disk).</param>
public sealed record SnapshotMount(
    [property: JsonPropertyName("prefix")] string Prefix,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("mode")] string Mode,
    [property: JsonPropertyName("config")] JsonObject Config,
    [property: JsonPropertyName("contents")] string? Contents);

public sealed record SnapshotSession(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("cwd")] string WorkingDirectory);
