using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Mirage.Snapshots;

/// <summary>
/// <c>manifest.json</c> at the top of a snapshot tar: what to mount again and where each mount's files are
/// in the archive. Secrets in mount configs are replaced by <see cref="WorkspaceSnapshot.RedactedPlaceholder"/>.
/// Version 1 had no cache settings and kept RAM contents only; version 2 adds disk contents, cached files of
/// remote mounts and the cache settings of the workspace and of each mount.
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

    /// <summary>The workspace-level <c>cache:</c>, <c>index:</c> and <c>read:</c> keys as written.</summary>
    [JsonPropertyName("caching")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SnapshotCaching? Caching { get; set; }

    [JsonPropertyName("mounts")]
    public List<SnapshotMount> Mounts { get; init; } = [];

    [JsonPropertyName("sessions")]
    public List<SnapshotSession> Sessions { get; init; } = [];
}

public sealed record SnapshotMount
{
    [JsonPropertyName("prefix")]
    public required string Prefix { get; init; }

    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("mode")]
    public required string Mode { get; init; }

    [JsonPropertyName("config")]
    public JsonObject Config { get; init; } = [];

    /// <summary>The mount's own <c>cache:</c>, <c>index:</c> and <c>read:</c> keys as written.</summary>
    [JsonPropertyName("caching")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SnapshotCaching? Caching { get; set; }

    /// <summary>The tar folder holding all of the mount's files ("mounts/data"), for RAM and disk mounts; null for others.</summary>
    [JsonPropertyName("contents")]
    public string? Contents { get; init; }

    /// <summary>For a cached remote mount: the files its cache held, so that the restored mount starts warm.</summary>
    [JsonPropertyName("cached")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SnapshotCachedFiles? Cached { get; init; }
}

/// <param name="Cache">The file tier block (type, limit, url, ...).</param>
/// <param name="Index">The index tier block (type, ttl, url, ...).</param>
/// <param name="Read">bounded or fresh.</param>
public sealed record SnapshotCaching(
    [property: JsonPropertyName("cache")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Cache,
    [property: JsonPropertyName("index")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Index,
    [property: JsonPropertyName("read")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Read);

/// <param name="Folder">The tar folder holding the cached bytes ("cache/s3"), one file per path.</param>
/// <param name="Files">Each cached path with the fingerprint its bytes were cached under.</param>
public sealed record SnapshotCachedFiles(
    [property: JsonPropertyName("folder")] string Folder,
    [property: JsonPropertyName("files")] List<SnapshotCachedFile> Files);

public sealed record SnapshotCachedFile(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("fingerprint")] string Fingerprint);

public sealed record SnapshotSession(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("cwd")] string WorkingDirectory);
