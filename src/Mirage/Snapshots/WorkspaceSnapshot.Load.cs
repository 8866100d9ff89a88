using System.Formats.Tar;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mirage.Configuration;
using Mirage.Vfs;
using Mirage.Vfs.Caching;

namespace Mirage.Snapshots;

public static partial class WorkspaceSnapshot
{
    /// <summary>
    /// Recreates a workspace from a snapshot. <paramref name="options"/> may give back the secrets that were redacted
    /// (a snapshot that still lacks one is refused, naming the mounts) and say where disk mounts go. A disk mount's
    /// files are written into its host folder only when that folder is missing or empty; a non-empty folder is
    /// refused unless the overrides give another <c>root</c>, or <c>restore: keep</c> (mount the folder as it is) or
    /// <c>restore: overwrite</c> (write the snapshot's files over it). Cached files of remote mounts go back into the
    /// restored mount's cache, served once the backend still gives the fingerprint they were cached under.
    /// </summary>
    public static async Task<LoadedSnapshot> LoadAsync(Stream input, SnapshotLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= new SnapshotLoadOptions();
        var reader = new TarReader(input, leaveOpen: true);
        await using (reader.ConfigureAwait(false))
        {
            // The manifest is copied whole, so that an archive cut inside it reads as truncated, not as bad JSON.
            var first = await NextEntryAsync(reader, cancellationToken, copyData: true).ConfigureAwait(false);
            if (first is null || first.Name != ManifestName || first.DataStream is null)
                throw new SnapshotException($"not a mirage snapshot: the archive does not start with {ManifestName}");
            var manifest = await ReadManifestAsync(first.DataStream, cancellationToken).ConfigureAwait(false);
            var restore = new Dictionary<string, DiskRestore>(StringComparer.Ordinal);
            if (options.OverridesYaml is not null) ApplyOverrides(manifest, options, restore);
            var stillRedacted = manifest.Mounts.Where(m => ContainsRedacted(m.Config) || ContainsRedacted(m.Caching)).Select(m => m.Prefix).ToList();
            if (ContainsRedacted(manifest.Caching)) stillRedacted.Insert(0, "the workspace's cache");
            if (stillRedacted.Count > 0)
            {
                throw new SnapshotException(
                    $"the snapshot's secrets were redacted for {string.Join(", ", stillRedacted)}: give them again in an overrides file (mounts: {{PREFIX: {{config: {{KEY: VALUE}}}}}})",
                    stillRedacted);
            }
            var disks = PrepareDiskFolders(manifest, restore);
            Workspace? workspace = null;
            try
            {
                var config = WorkspaceConfig.Parse(ToConfigText(manifest, options.Id), "snapshot manifest", options.Registry, _ => null);
                workspace = config.CreateWorkspace();
                await RestoreFilesAsync(reader, manifest, workspace, disks, cancellationToken).ConfigureAwait(false);
                foreach (var session in manifest.Sessions)
                {
                    var restored = workspace.GetSession(session.Id);
                    if (restored.WorkingDirectory != session.WorkingDirectory)
                        await restored.ExecuteAsync("cd -- " + Quote(session.WorkingDirectory), null, cancellationToken).ConfigureAwait(false);
                }
                return new LoadedSnapshot(workspace, config, manifest);
            }
            catch
            {
                if (workspace is not null) await workspace.DisposeAsync().ConfigureAwait(false);
                foreach (var disk in disks.Values) disk.Undo();
                throw;
            }
        }
    }

    /// <summary>The next entry; its data is read straight from the archive (valid until the next call) unless <paramref name="copyData"/>.</summary>
    private static async Task<TarEntry?> NextEntryAsync(TarReader reader, CancellationToken cancellationToken, bool copyData = false)
    {
        try
        {
            return await reader.GetNextEntryAsync(copyData, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsDamaged(e))
        {
            throw Truncated(e);
        }
    }

    private static bool IsDamaged(Exception e) => e is InvalidDataException or EndOfStreamException or FormatException or ArgumentException or IOException;

    private static SnapshotException Truncated(Exception e) => new("the snapshot is truncated or not a tar archive", e);

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
        catch (Exception e) when (IsDamaged(e))
        {
            throw Truncated(e);
        }
        if (manifest is null || manifest.Format != FormatName)
            throw new SnapshotException($"not a mirage snapshot: {ManifestName} has no \"format\": \"{FormatName}\"");
        if (!ReadableVersions.Contains(manifest.Version))
            throw new SnapshotException($"snapshot format version {manifest.Version} is not supported (this mirage reads versions {string.Join(" and ", ReadableVersions)})");
        return manifest;
    }

    /// <summary>Decides, before anything is written, where each disk mount's files go; refuses a non-empty folder nobody asked to reuse.</summary>
    private static Dictionary<string, DiskTarget> PrepareDiskFolders(SnapshotManifest manifest, Dictionary<string, DiskRestore> restore)
    {
        var targets = new Dictionary<string, DiskTarget>(StringComparer.Ordinal);
        foreach (var mount in manifest.Mounts.Where(m => m.Contents is not null && m.Type == "disk"))
        {
            if (mount.Config["root"] is not JsonValue rootValue || !rootValue.TryGetValue<string>(out var root)) continue;
            var folder = Path.GetFullPath(root);
            var policy = restore.GetValueOrDefault(mount.Prefix, DiskRestore.IntoEmpty);
            if (policy == DiskRestore.Keep) continue;
            var exists = Directory.Exists(folder);
            if (exists && policy == DiskRestore.IntoEmpty && Directory.EnumerateFileSystemEntries(folder).Any())
            {
                throw new SnapshotException($"{mount.Prefix}: the host folder {folder} is not empty; give another root (mounts: {{{mount.Prefix}: {{config: {{root: DIR}}}}}}) or say restore: keep or restore: overwrite for it in an overrides file");
            }
            targets[mount.Prefix] = new DiskTarget(folder, Created: !exists, Emptied: policy == DiskRestore.IntoEmpty);
        }
        foreach (var target in targets.Values) Directory.CreateDirectory(target.Folder);
        return targets;
    }

    /// <summary>A disk folder a load writes into, and how to take back what it wrote if the load fails.</summary>
    private sealed record DiskTarget(string Folder, bool Created, bool Emptied)
    {
        public void Undo()
        {
            try
            {
                if (Created) Directory.Delete(Folder, recursive: true);
                else if (Emptied)
                {
                    foreach (var directory in Directory.EnumerateDirectories(Folder)) Directory.Delete(directory, recursive: true);
                    foreach (var file in Directory.EnumerateFiles(Folder)) File.Delete(file);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The load's own error is the one to report.
            }
        }
    }

    private static async Task RestoreFilesAsync(TarReader reader, SnapshotManifest manifest, Workspace workspace, Dictionary<string, DiskTarget> disks, CancellationToken cancellationToken)
    {
        var targets = new List<RestoreTarget>();
        foreach (var mount in manifest.Mounts)
        {
            var resource = workspace.Mounts.First(w => w.Prefix.Value == VPath.Parse(mount.Prefix).Value).Resource;
            var cached = resource as CachedResource;
            if (mount.Contents is { } contents && (mount.Type != "disk" || disks.ContainsKey(mount.Prefix)))
                targets.Add(new RestoreTarget(contents + "/", cached?.Inner ?? resource, null));
            if (mount.Cached is { } files && cached is not null)
                targets.Add(new RestoreTarget(files.Folder + "/", cached, files.Files.ToDictionary(f => f.Path, f => f.Fingerprint, StringComparer.Ordinal)));
        }
        // The longest folder first, so "mounts/a~2/" is not taken for "mounts/a/".
        targets.Sort(static (a, b) => b.Folder.Length.CompareTo(a.Folder.Length));
        while (await NextEntryAsync(reader, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            var target = targets.Find(t => entry.Name.StartsWith(t.Folder, StringComparison.Ordinal));
            if (target is null) continue;
            var relative = entry.Name[(target.Folder.Length - 1)..].TrimEnd('/');
            if (relative.Length == 0) continue;
            var path = VPath.Parse(relative);
            try
            {
                await RestoreEntryAsync(target, path, entry, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
            {
                throw Truncated(e);
            }
        }
    }

    /// <param name="Fingerprints">For a cache folder: each path's fingerprint; null for a folder of contents.</param>
    private sealed record RestoreTarget(string Folder, IResource Resource, Dictionary<string, string>? Fingerprints);

    private static async Task RestoreEntryAsync(RestoreTarget target, VPath path, TarEntry entry, CancellationToken cancellationToken)
    {
        var resource = target.Resource;
        if (target.Fingerprints is { } fingerprints)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !fingerprints.TryGetValue(path.Value, out var fingerprint)) return;
            var bytes = await ReadAllAsync(entry, cancellationToken).ConfigureAwait(false);
            await ((CachedResource)resource).KeepCachedFileAsync(new CachedFile(path, fingerprint), bytes, cancellationToken).ConfigureAwait(false);
            return;
        }
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                await ResourceOperations.CreateDirectoriesAsync(resource, path, cancellationToken).ConfigureAwait(false);
                await RestoreModeAsync(resource, path, entry, cancellationToken).ConfigureAwait(false);
                break;
            case TarEntryType.SymbolicLink when resource.TryGetCapability<ISymlinks>(out var links):
                await ResourceOperations.CreateDirectoriesAsync(resource, path.Parent, cancellationToken).ConfigureAwait(false);
                await links.CreateSymlinkAsync(path, entry.LinkName, cancellationToken).ConfigureAwait(false);
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                await ResourceOperations.CreateDirectoriesAsync(resource, path.Parent, cancellationToken).ConfigureAwait(false);
                var written = await resource.WriteAsync(path, entry.DataStream ?? Stream.Null, default, cancellationToken).ConfigureAwait(false);
                // A short write means the archive ended inside this file.
                if (written.Size is { } size && size != entry.Length) throw new EndOfStreamException();
                await RestoreModeAsync(resource, path, entry, cancellationToken).ConfigureAwait(false);
                if (resource.TryGetCapability<ITimestamps>(out var times))
                    await times.SetModifiedAsync(path, entry.ModificationTime, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Modes come back wherever the resource keeps them (RAM, disk through its walk that never leaves the root).</summary>
    private static async Task RestoreModeAsync(IResource resource, VPath path, TarEntry entry, CancellationToken cancellationToken)
    {
        if (resource.TryGetCapability<IChangeMode>(out var modes))
            await modes.ChangeModeAsync(path, (int)entry.Mode & 0xFFF, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadAllAsync(TarEntry entry, CancellationToken cancellationToken)
    {
        var bytes = new byte[entry.Length];
        if (entry.DataStream is { } data) await data.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
        return bytes;
    }

    /// <summary>How a disk mount's files are put back when its host folder is not empty.</summary>
    private enum DiskRestore
    {
        /// <summary>Write only into a missing or empty folder (the default).</summary>
        IntoEmpty,

        /// <summary>Mount the folder as it is; the snapshot's files for it are not written.</summary>
        Keep,

        /// <summary>Write the snapshot's files into the folder, replacing files of the same name.</summary>
        Overwrite,
    }

    private static void ApplyOverrides(SnapshotManifest manifest, SnapshotLoadOptions options, Dictionary<string, DiskRestore> restore)
    {
        var root = YamlConfigLoader.Load(options.OverridesYaml!, options.OverridesFileName, options.Environment ?? System.Environment.GetEnvironmentVariable);
        var errors = new List<string>();
        foreach (var (key, node) in root.Mapping ?? [])
        {
            switch (key)
            {
                case "env" when node.IsMapping:
                    foreach (var (name, value) in node.Mapping!) manifest.Environment[name] = value.Scalar ?? string.Empty;
                    break;
                case "cache" or "index" or "read":
                    manifest.Caching = Override(manifest.Caching, key, node, errors);
                    break;
                case "mounts" when node.IsMapping:
                    foreach (var (prefix, mountNode) in node.Mapping!) ApplyMountOverrides(manifest, prefix, mountNode, options.BaseFolder, restore, errors);
                    break;
                default:
                    errors.Add($"{node.Where}: {key}: unknown key (expected mounts, env, cache, index or read)");
                    break;
            }
        }
        if (errors.Count > 0) throw new ConfigurationException(errors);
    }

    private static void ApplyMountOverrides(SnapshotManifest manifest, string prefix, ConfigNode node, string? baseFolder, Dictionary<string, DiskRestore> restore, List<string> errors)
    {
        var mount = manifest.Mounts.Find(m => m.Prefix == VPath.Parse(prefix).Value);
        if (mount is null)
        {
            errors.Add($"{node.Where}: mounts.{prefix}: the snapshot has no mount at {prefix}");
            return;
        }
        foreach (var (name, value) in node.Mapping ?? [])
        {
            switch (name)
            {
                case "config" when value.IsMapping:
                    foreach (var (setting, given) in value.Mapping!)
                    {
                        // A relative disk root is taken from the overrides file's folder, as in a workspace file.
                        var text = setting == "root" && given.Scalar is { } path && baseFolder is not null && !Path.IsPathRooted(path) ? Path.Combine(baseFolder, path) : null;
                        mount.Config[setting] = text is null ? ToJson(given) : JsonValue.Create(text);
                    }
                    break;
                case "cache" or "index" or "read":
                    mount.Caching = Override(mount.Caching, name, value, errors);
                    break;
                case "restore" when value.Scalar is "keep" or "overwrite":
                    restore[mount.Prefix] = value.Scalar == "keep" ? DiskRestore.Keep : DiskRestore.Overwrite;
                    break;
                case "restore":
                    errors.Add($"{value.Where}: mounts.{prefix}.restore: expected keep or overwrite, got '{value.Scalar}'");
                    break;
                default:
                    errors.Add($"{value.Where}: mounts.{prefix}.{name}: unknown key (expected config, cache, index, read or restore)");
                    break;
            }
        }
    }

    /// <summary>A <c>cache:</c> or <c>index:</c> block given in the overrides replaces the snapshot's whole; <c>read:</c> replaces its value.</summary>
    private static SnapshotCaching Override(SnapshotCaching? caching, string key, ConfigNode value, List<string> errors)
    {
        caching ??= new SnapshotCaching(null, null, null);
        if (key == "read")
        {
            if (value.IsScalar) return caching with { Read = value.Scalar };
            errors.Add($"{value.Where}: {value.Key}: expected bounded or fresh");
            return caching;
        }
        if (ToJson(value) is not JsonObject block)
        {
            errors.Add($"{value.Where}: {value.Key}: expected a mapping such as {{ type: ram }}");
            return caching;
        }
        return key == "cache" ? caching with { Cache = block } : caching with { Index = block };
    }

    /// <summary>The manifest as a configuration document (JSON is YAML), so that loading validates it like a file.</summary>
    private static string ToConfigText(SnapshotManifest manifest, string? id)
    {
        var mounts = new JsonObject();
        foreach (var mount in manifest.Mounts)
        {
            var declared = new JsonObject { ["type"] = mount.Type, ["mode"] = mount.Mode, ["config"] = Escape(mount.Config.DeepClone()) };
            AddCaching(declared, mount.Caching);
            mounts[mount.Prefix] = declared;
        }
        var document = new JsonObject { ["mounts"] = mounts, ["env"] = Escape(JsonSerializer.SerializeToNode(manifest.Environment)) };
        AddCaching(document, manifest.Caching);
        if ((id ?? manifest.Id) is { } name) document["id"] = Escape(JsonValue.Create(name));
        if (manifest.WorkingDirectory is { } cwd) document["cwd"] = Escape(JsonValue.Create(cwd));
        return document.ToJsonString();
    }

    private static void AddCaching(JsonObject level, SnapshotCaching? caching)
    {
        if (caching is null) return;
        if (caching.Cache is { } cache) level["cache"] = Escape(cache.DeepClone());
        if (caching.Index is { } index) level["index"] = Escape(index.DeepClone());
        if (caching.Read is { } read) level["read"] = Escape(JsonValue.Create(read));
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

    private static bool ContainsRedacted(SnapshotCaching? caching) =>
        caching is not null && (ContainsRedacted(caching.Cache) || ContainsRedacted(caching.Index));

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

    /// <summary>
    /// YAML with what to change: <c>mounts: {PREFIX: {config: {KEY: VALUE}, cache: {...}, index: {...}, read: fresh,
    /// restore: keep|overwrite}}</c>, and at the top <c>env</c>, <c>cache</c>, <c>index</c>, <c>read</c>.
    /// </summary>
    public string? OverridesYaml { get; init; }

    public string OverridesFileName { get; init; } = "overrides.yaml";

    /// <summary>The folder relative disk roots in the overrides are taken from (the overrides file's); the process's when null.</summary>
    public string? BaseFolder { get; init; }

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
