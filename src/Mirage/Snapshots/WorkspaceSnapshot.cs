using System.Formats.Tar;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mirage.Configuration;
using Mirage.Vfs;
using Mirage.Vfs.Disk;
using Mirage.Vfs.Ram;

namespace Mirage.Snapshots;

/// <summary>
/// A workspace saved as one tar that GNU tar can list: <c>manifest.json</c> first (format version, mounts
/// with their configs, secrets redacted, environment, sessions), then <c>mounts/&lt;prefix&gt;/...</c> with
/// the files of every in-memory mount. Disk mounts are recorded by their host folder.
/// </summary>
public static class WorkspaceSnapshot
{
    public const string FormatName = "mirage-snapshot";
    public const int FormatVersion = 1;
    public const string ManifestName = "manifest.json";
    public const string RedactedPlaceholder = "<REDACTED>";

    private static readonly JsonSerializerOptions ManifestJson = new() { WriteIndented = true };

    private static readonly string[] SecretWords =
        ["secret", "password", "passwd", "token", "api_key", "apikey", "access_key", "private_key", "credential", "auth"];

    /// <summary>Whether a config key holds a secret that must not be written into a snapshot.</summary>
    public static bool IsSecretKey(string key)
    {
        var lower = key.ToLowerInvariant();
        return lower == "key" || SecretWords.Any(word => lower.Contains(word, StringComparison.Ordinal));
    }

    public static async Task SaveAsync(Workspace workspace, WorkspaceConfig? config, Stream output, string? id = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(output);
        var manifest = BuildManifest(workspace, config, id);
        await using var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, ManifestJson);
        await WriteFileEntryAsync(writer, ManifestName, new MemoryStream(manifestBytes), DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
        foreach (var entry in manifest.Mounts.Where(m => m.Contents is not null))
        {
            var mount = workspace.Mounts.First(m => m.Prefix.Value == entry.Prefix);
            await WriteMountAsync(writer, mount.Resource, entry.Contents!, cancellationToken).ConfigureAwait(false);
        }
    }

    private static SnapshotManifest BuildManifest(Workspace workspace, WorkspaceConfig? config, string? id)
    {
        var declarations = (config?.Declarations ?? []).ToDictionary(d => VPath.Parse(d.Prefix).Value, StringComparer.Ordinal);
        var folders = new HashSet<string>(StringComparer.Ordinal);
        var mounts = new List<SnapshotMount>();
        foreach (var mount in workspace.Mounts)
        {
            var prefix = mount.Prefix.Value;
            declarations.TryGetValue(prefix, out var declaration);
            var type = declaration?.Type ?? mount.Resource.Info.Kind;
            var settings = declaration is null ? new JsonObject() : (JsonObject)ToJson(declaration.Config)!;
            if (mount.Resource is DiskResource disk) settings["root"] = disk.HostRoot;
            Redact(settings);
            string? contents = null;
            if (mount.Resource is RamResource)
            {
                var folder = "mounts" + (prefix == "/" ? "/_root" : prefix);
                // Two prefixes never share a folder in the archive, even when one is nested in the other.
                for (var n = 2; !folders.Add(folder); n++) folder = $"mounts{prefix}~{n}";
                contents = folder;
            }
            mounts.Add(new SnapshotMount(prefix, type, mount.Mode.ToText(), settings, contents));
        }
        return new SnapshotManifest
        {
            Id = id ?? config?.Id,
            Created = DateTimeOffset.UtcNow,
            WorkingDirectory = config?.WorkingDirectory,
            Environment = new Dictionary<string, string>(config?.Environment ?? new Dictionary<string, string>(), StringComparer.Ordinal),
            Mounts = mounts,
            Sessions = workspace.SessionIds.Order(StringComparer.Ordinal)
                .Select(sid => new SnapshotSession(sid, workspace.GetSession(sid).WorkingDirectory)).ToList(),
        };
    }

    private static async Task WriteMountAsync(TarWriter writer, IResource resource, string folder, CancellationToken cancellationToken)
    {
        var entries = new List<EntryInfo>();
        await foreach (var entry in ResourceOperations.WalkAsync(resource, VPath.Root, cancellationToken: cancellationToken).ConfigureAwait(false))
            entries.Add(entry);
        await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, folder + "/"), cancellationToken).ConfigureAwait(false);
        // Sorted so that parents come before children and the archive lists in a stable order.
        foreach (var entry in entries.OrderBy(e => e.Path.Value, StringComparer.Ordinal))
        {
            var name = folder + entry.Path.Value;
            switch (entry.Kind)
            {
                case EntryKind.Directory:
                    await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, name + "/") { ModificationTime = entry.Modified ?? DateTimeOffset.UtcNow }, cancellationToken).ConfigureAwait(false);
                    break;
                case EntryKind.Symlink:
                    var target = entry.LinkTarget;
                    if (target is null && resource.TryGetCapability<ISymlinks>(out var links))
                        target = await links.ReadLinkAsync(entry.Path, cancellationToken).ConfigureAwait(false);
                    if (target is null) break;
                    await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target }, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    var content = await resource.OpenReadAsync(entry.Path, ByteRange.All, cancellationToken).ConfigureAwait(false);
                    await using (content.ConfigureAwait(false))
                        await WriteFileEntryAsync(writer, name, content, entry.Modified ?? DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    private static async Task WriteFileEntryAsync(TarWriter writer, string name, Stream content, DateTimeOffset modified, CancellationToken cancellationToken)
    {
        // A tar header needs the size up front; streams without a length are copied to memory first.
        var data = content;
        if (!content.CanSeek)
        {
            data = new MemoryStream();
            await content.CopyToAsync(data, cancellationToken).ConfigureAwait(false);
            data.Position = 0;
        }
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = data,
            ModificationTime = modified,
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
        };
        await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Recreates a workspace from a snapshot. <paramref name="overridesYaml"/> (<c>mounts: {PREFIX: {config: {...}}}</c>)
    /// gives back the secrets that were redacted; a snapshot that still lacks one is refused, naming the mounts.
    /// </summary>
    public static async Task<LoadedSnapshot> LoadAsync(Stream input, SnapshotLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= new SnapshotLoadOptions();
        var reader = new TarReader(input, leaveOpen: true);
        await using (reader.ConfigureAwait(false))
        {
            var first = await NextEntryAsync(reader, cancellationToken).ConfigureAwait(false);
            if (first is null || first.Name != ManifestName || first.DataStream is null)
                throw new SnapshotException($"not a mirage snapshot: the archive does not start with {ManifestName}");
            var manifest = await ReadManifestAsync(first.DataStream, cancellationToken).ConfigureAwait(false);
            if (options.OverridesYaml is not null) ApplyOverrides(manifest, options.OverridesYaml, options.OverridesFileName, options.Environment);
            var stillRedacted = manifest.Mounts.Where(m => ContainsRedacted(m.Config)).Select(m => m.Prefix).ToList();
            if (stillRedacted.Count > 0)
            {
                throw new SnapshotException(
                    $"the snapshot's secrets were redacted for {string.Join(", ", stillRedacted)}: give them again in an overrides file (mounts: {{PREFIX: {{config: {{KEY: VALUE}}}}}})",
                    stillRedacted);
            }
            var config = WorkspaceConfig.Parse(ToConfigText(manifest, options.Id), "snapshot manifest", options.Registry, _ => null);
            var workspace = config.CreateWorkspace();
            try
            {
                await RestoreContentsAsync(reader, manifest, workspace, cancellationToken).ConfigureAwait(false);
                foreach (var session in manifest.Sessions)
                {
                    var restored = workspace.GetSession(session.Id);
                    if (restored.WorkingDirectory != session.WorkingDirectory)
                        await restored.ExecuteAsync("cd -- " + Quote(session.WorkingDirectory), null, cancellationToken).ConfigureAwait(false);
                }
            }
            catch
            {
                await workspace.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            return new LoadedSnapshot(workspace, config, manifest);
        }
    }

    private static async Task<TarEntry?> NextEntryAsync(TarReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.GetNextEntryAsync(copyData: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or ArgumentException or IOException)
        {
            throw new SnapshotException("the snapshot is truncated or not a tar archive", e);
        }
    }

    private static async Task<SnapshotManifest> ReadManifestAsync(Stream data, CancellationToken cancellationToken)
    {
        SnapshotManifest? manifest;
        try
        {
            manifest = await JsonSerializer.DeserializeAsync<SnapshotManifest>(data, ManifestJson, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new SnapshotException($"not a mirage snapshot: {ManifestName} is not valid JSON ({e.Message})", e);
        }
        if (manifest is null || manifest.Format != FormatName)
            throw new SnapshotException($"not a mirage snapshot: {ManifestName} has no \"format\": \"{FormatName}\"");
        if (manifest.Version != FormatVersion)
            throw new SnapshotException($"snapshot format version {manifest.Version} is not supported (this mirage reads version {FormatVersion})");
        return manifest;
    }

    private static async Task RestoreContentsAsync(TarReader reader, SnapshotManifest manifest, Workspace workspace, CancellationToken cancellationToken)
    {
        var targets = manifest.Mounts.Where(m => m.Contents is not null)
            .Select(m => (Folder: m.Contents! + "/", Resource: workspace.Mounts.First(w => w.Prefix.Value == VPath.Parse(m.Prefix).Value).Resource))
            .OrderByDescending(t => t.Folder.Length)
            .ToList();
        while (await NextEntryAsync(reader, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            var target = targets.FirstOrDefault(t => entry.Name.StartsWith(t.Folder, StringComparison.Ordinal));
            if (target.Resource is null) continue;
            var relative = entry.Name[(target.Folder.Length - 1)..].TrimEnd('/');
            if (relative.Length == 0) continue;
            var path = VPath.Parse(relative);
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    await ResourceOperations.CreateDirectoriesAsync(target.Resource, path, cancellationToken).ConfigureAwait(false);
                    break;
                case TarEntryType.SymbolicLink when target.Resource.TryGetCapability<ISymlinks>(out var links):
                    await links.CreateSymlinkAsync(path, entry.LinkName, cancellationToken).ConfigureAwait(false);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                    await ResourceOperations.CreateDirectoriesAsync(target.Resource, path.Parent, cancellationToken).ConfigureAwait(false);
                    await target.Resource.WriteAsync(path, entry.DataStream ?? Stream.Null, default, cancellationToken).ConfigureAwait(false);
                    if (target.Resource.TryGetCapability<ITimestamps>(out var times))
                        await times.SetModifiedAsync(path, entry.ModificationTime, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    private static void ApplyOverrides(SnapshotManifest manifest, string yaml, string fileName, Func<string, string?>? environment)
    {
        var root = YamlConfigLoader.Load(yaml, fileName, environment ?? System.Environment.GetEnvironmentVariable);
        var errors = new List<string>();
        foreach (var (key, node) in root.Mapping ?? [])
        {
            if (key == "env" && node.IsMapping)
            {
                foreach (var (name, value) in node.Mapping!) manifest.Environment[name] = value.Scalar ?? string.Empty;
                continue;
            }
            if (key != "mounts" || !node.IsMapping)
            {
                errors.Add($"{node.Where}: {key}: unknown key (expected mounts or env)");
                continue;
            }
            foreach (var (prefix, mountNode) in node.Mapping!)
            {
                var index = manifest.Mounts.FindIndex(m => m.Prefix == VPath.Parse(prefix).Value);
                if (index < 0)
                {
                    errors.Add($"{mountNode.Where}: mounts.{prefix}: the snapshot has no mount at {prefix}");
                    continue;
                }
                if (mountNode["config"] is { IsMapping: true } config)
                {
                    foreach (var (name, value) in config.Mapping!) manifest.Mounts[index].Config[name] = ToJson(value);
                }
                foreach (var (name, _) in mountNode.Mapping ?? [])
                {
                    if (name != "config") errors.Add($"{mountNode.Where}: mounts.{prefix}.{name}: unknown key (only config can be overridden)");
                }
            }
        }
        if (errors.Count > 0) throw new ConfigurationException(errors);
    }

    /// <summary>The manifest as a configuration document (JSON is YAML), so that loading validates it like a file.</summary>
    private static string ToConfigText(SnapshotManifest manifest, string? id)
    {
        var mounts = new JsonObject();
        foreach (var mount in manifest.Mounts)
            mounts[mount.Prefix] = new JsonObject { ["type"] = mount.Type, ["mode"] = mount.Mode, ["config"] = Escape(mount.Config.DeepClone()) };
        var document = new JsonObject { ["mounts"] = mounts, ["env"] = Escape(JsonSerializer.SerializeToNode(manifest.Environment)) };
        if ((id ?? manifest.Id) is { } name) document["id"] = Escape(JsonValue.Create(name));
        if (manifest.WorkingDirectory is { } cwd) document["cwd"] = Escape(JsonValue.Create(cwd));
        return document.ToJsonString();
    }

    /// <summary>Values were substituted when the workspace was created; "$$" keeps a literal "$" literal the second time.</summary>
    private static JsonNode? Escape(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList()) obj[key] = Escape(obj[key]?.DeepClone());
                return obj;
            case JsonArray array:
                return new JsonArray(array.Select(item => Escape(item?.DeepClone())).ToArray());
            case JsonValue value when value.TryGetValue<string>(out var text):
                return JsonValue.Create(text.Replace("$", "$$", StringComparison.Ordinal));
            default:
                return node;
        }
    }

    private static JsonNode? ToJson(ConfigNode node)
    {
        if (node.IsScalar) return JsonValue.Create(node.Scalar);
        if (node.IsMapping)
        {
            var obj = new JsonObject();
            foreach (var (key, value) in node.Mapping!) obj[key] = ToJson(value);
            return obj;
        }
        return new JsonArray((node.Sequence ?? []).Select(ToJson).ToArray());
    }

    private static void Redact(JsonObject config)
    {
        foreach (var key in config.Select(p => p.Key).ToList())
        {
            switch (config[key])
            {
                case JsonObject nested:
                    Redact(nested);
                    break;
                case JsonValue when IsSecretKey(key):
                    config[key] = RedactedPlaceholder;
                    break;
            }
        }
    }

    private static bool ContainsRedacted(JsonNode? node) => node switch
    {
        JsonObject obj => obj.Any(p => ContainsRedacted(p.Value)),
        JsonArray array => array.Any(ContainsRedacted),
        JsonValue value => value.TryGetValue<string>(out var text) && text == RedactedPlaceholder,
        _ => false,
    };

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

public sealed record SnapshotLoadOptions
{
    /// <summary>The restored workspace's id; the snapshot's own when null.</summary>
    public string? Id { get; init; }

    /// <summary>YAML giving back redacted secrets: <c>mounts: {PREFIX: {config: {KEY: VALUE}}}</c>, optionally <c>env</c>.</summary>
    public string? OverridesYaml { get; init; }

    public string OverridesFileName { get; init; } = "overrides.yaml";

    /// <summary>Variables for <c>${VAR}</c> in the overrides; the process environment when null.</summary>
    public Func<string, string?>? Environment { get; init; }

    public ResourceRegistry? Registry { get; init; }
}

public sealed record LoadedSnapshot(Workspace Workspace, WorkspaceConfig Config, SnapshotManifest Manifest);

/// <summary>A snapshot that cannot be read or restored; the message is one line for the user.</summary>
public sealed class SnapshotException : Exception
{
    public SnapshotException(string message, IReadOnlyList<string> redactedPrefixes)
        : base(message)
    {
        RedactedPrefixes = redactedPrefixes;
    }

    public SnapshotException()
    {
    }

    public SnapshotException(string message)
        : base(message)
    {
    }

    public SnapshotException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Mounts whose secrets must be given again.</summary>
    public IReadOnlyList<string> RedactedPrefixes { get; } = [];
}
