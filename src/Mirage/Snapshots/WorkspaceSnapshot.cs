using System.Formats.Tar;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mirage.Configuration;
using Mirage.Vfs;
using Mirage.Vfs.Caching;
using Mirage.Vfs.Disk;
using Mirage.Vfs.Ram;

namespace Mirage.Snapshots;

/// <summary>
/// A workspace saved as one tar that GNU tar can list: <c>manifest.json</c> first (format version, mounts with
/// their configs and cache settings, secrets redacted, environment, sessions), then <c>mounts/&lt;prefix&gt;/...</c>
/// with every file of each RAM and disk mount (mtimes and modes kept), then <c>cache/&lt;prefix&gt;/...</c> with
/// the files the cache of each remote mount held, whose fingerprints the manifest lists.
/// </summary>
public static partial class WorkspaceSnapshot
{
    public const string FormatName = "mirage-snapshot";
    public const int FormatVersion = 2;
    public const string ManifestName = "manifest.json";
    public const string RedactedPlaceholder = "<REDACTED>";

    /// <summary>The versions <see cref="LoadAsync"/> reads: 1 (RAM contents only, no cache settings) and the current one.</summary>
    public static IReadOnlyList<int> ReadableVersions { get; } = [1, FormatVersion];

    private const UnixFileMode DefaultFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode DefaultDirectoryMode = DefaultFileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

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
        var (manifest, parts) = await PlanAsync(workspace, config, id, cancellationToken).ConfigureAwait(false);
        await using var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, ManifestJson);
        await WriteFileEntryAsync(writer, ManifestName, new MemoryStream(manifestBytes), manifest.Created, null, cancellationToken).ConfigureAwait(false);
        foreach (var part in parts)
        {
            if (part.Contents is { } contents) await WriteContentsAsync(writer, contents.Resource, contents.Folder, cancellationToken).ConfigureAwait(false);
            if (part.Cached is { } cached) await WriteCachedAsync(writer, cached.Resource, cached.Folder, cached.Files, manifest.Created, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>What goes into the tar for one mount: all of its files, or what its cache holds.</summary>
    private sealed record Part((IResource Resource, string Folder)? Contents, (CachedResource Resource, string Folder, List<CachedFile> Files)? Cached);

    private static async Task<(SnapshotManifest Manifest, List<Part> Parts)> PlanAsync(Workspace workspace, WorkspaceConfig? config, string? id, CancellationToken cancellationToken)
    {
        var declarations = (config?.Declarations ?? []).ToDictionary(d => VPath.Parse(d.Prefix).Value, StringComparer.Ordinal);
        var folders = new HashSet<string>(StringComparer.Ordinal);
        var mounts = new List<SnapshotMount>();
        var parts = new List<Part>();
        foreach (var mount in workspace.Mounts)
        {
            var prefix = mount.Prefix.Value;
            declarations.TryGetValue(prefix, out var declaration);
            var cachedResource = mount.Resource as CachedResource;
            var resource = cachedResource?.Inner ?? mount.Resource;
            var type = declaration?.Type ?? resource.Info.Kind;
            var settings = declaration is null ? new JsonObject() : (JsonObject)ToJson(declaration.Config)!;
            if (resource is DiskResource disk) settings["root"] = disk.HostRoot;
            Redact(settings);
            string? contents = null;
            SnapshotCachedFiles? cached = null;
            var part = new Part(null, null);
            if (resource is RamResource or DiskResource)
            {
                // Local mounts are saved whole, read past any cache in front of them.
                contents = UniqueFolder("mounts", prefix, folders);
                part = part with { Contents = (resource, contents) };
            }
            else if (cachedResource is not null)
            {
                var files = new List<CachedFile>();
                await foreach (var file in cachedResource.ListCachedFilesAsync(cancellationToken).ConfigureAwait(false)) files.Add(file);
                files.Sort(static (a, b) => string.CompareOrdinal(a.Path.Value, b.Path.Value));
                cached = new SnapshotCachedFiles(UniqueFolder("cache", prefix, folders), files.Select(static f => new SnapshotCachedFile(f.Path.Value, f.Fingerprint)).ToList());
                part = part with { Cached = (cachedResource, cached.Folder, files) };
            }
            mounts.Add(new SnapshotMount
            {
                Prefix = prefix,
                Type = type,
                Mode = mount.Mode.ToText(),
                Config = settings,
                Caching = ToSnapshot(declaration?.Caching),
                Contents = contents,
                Cached = cached,
            });
            parts.Add(part);
        }
        var manifest = new SnapshotManifest
        {
            Id = id ?? config?.Id,
            Created = DateTimeOffset.UtcNow,
            WorkingDirectory = config?.WorkingDirectory,
            Environment = new Dictionary<string, string>(config?.Environment ?? new Dictionary<string, string>(), StringComparer.Ordinal),
            Caching = ToSnapshot(config?.Caching),
            Mounts = mounts,
            Sessions = workspace.SessionIds.Order(StringComparer.Ordinal)
                .Select(sid => new SnapshotSession(sid, workspace.GetSession(sid).WorkingDirectory)).ToList(),
        };
        return (manifest, parts);
    }

    /// <summary>Two prefixes never share a folder in the archive, even when one is nested in the other.</summary>
    private static string UniqueFolder(string top, string prefix, HashSet<string> taken)
    {
        var folder = top + (prefix == "/" ? "/_root" : prefix);
        for (var n = 2; !taken.Add(folder); n++) folder = $"{top}{prefix}~{n}";
        return folder;
    }

    private static SnapshotCaching? ToSnapshot(CacheDeclaration? caching)
    {
        if (caching is null || (caching.Cache is null && caching.Index is null && caching.Read is null)) return null;
        var cache = caching.Cache is null ? null : ToJson(caching.Cache) as JsonObject;
        var index = caching.Index is null ? null : ToJson(caching.Index) as JsonObject;
        if (cache is not null) Redact(cache);
        if (index is not null) Redact(index);
        return new SnapshotCaching(cache, index, caching.Read);
    }

    private static async Task WriteContentsAsync(TarWriter writer, IResource resource, string folder, CancellationToken cancellationToken)
    {
        var entries = new List<EntryInfo>();
        await foreach (var entry in ResourceOperations.WalkAsync(resource, VPath.Root, cancellationToken: cancellationToken).ConfigureAwait(false))
            entries.Add(entry);
        await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, folder + "/") { Mode = DefaultDirectoryMode }, cancellationToken).ConfigureAwait(false);
        // Sorted so that parents come before children and the archive lists in a stable order.
        foreach (var entry in entries.OrderBy(e => e.Path.Value, StringComparer.Ordinal))
        {
            var name = folder + entry.Path.Value;
            switch (entry.Kind)
            {
                case EntryKind.Directory:
                    await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, name + "/")
                    {
                        ModificationTime = entry.Modified ?? DateTimeOffset.UtcNow,
                        Mode = ModeOf(entry, DefaultDirectoryMode),
                    }, cancellationToken).ConfigureAwait(false);
                    break;
                case EntryKind.Symlink:
                    var target = entry.LinkTarget;
                    if (target is null && resource.TryGetCapability<ISymlinks>(out var links))
                        target = await links.ReadLinkAsync(entry.Path, cancellationToken).ConfigureAwait(false);
                    if (target is null) break;
                    await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target, Mode = DefaultDirectoryMode }, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    var content = await resource.OpenReadAsync(entry.Path, ByteRange.All, cancellationToken).ConfigureAwait(false);
                    await using (content.ConfigureAwait(false))
                        await WriteFileEntryAsync(writer, name, content, entry.Modified ?? DateTimeOffset.UtcNow, entry, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    private static async Task WriteCachedAsync(TarWriter writer, CachedResource resource, string folder, List<CachedFile> files, DateTimeOffset created, CancellationToken cancellationToken)
    {
        await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, folder + "/") { Mode = DefaultDirectoryMode, ModificationTime = created }, cancellationToken).ConfigureAwait(false);
        foreach (var file in files)
        {
            // Evicted since it was listed: the manifest names it, the archive lacks it, and loading skips it.
            var content = await resource.OpenCachedFileAsync(file, cancellationToken).ConfigureAwait(false);
            if (content is null) continue;
            await using (content.ConfigureAwait(false))
                await WriteFileEntryAsync(writer, folder + file.Path.Value, content, created, null, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteFileEntryAsync(TarWriter writer, string name, Stream content, DateTimeOffset modified, EntryInfo? info, CancellationToken cancellationToken)
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
            Mode = info is null ? DefaultFileMode : ModeOf(info, DefaultFileMode),
        };
        await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The permission bits an entry reports (a disk file's exec bit, say), or the default.</summary>
    private static UnixFileMode ModeOf(EntryInfo entry, UnixFileMode fallback) =>
        entry.Mode is { } mode ? (UnixFileMode)(mode & 0b111_111_111) : fallback;

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

    /// <summary>Replaces secret-named values, and URLs that carry a password ("redis://:pw@host"), by the placeholder.</summary>
    private static void Redact(JsonObject config)
    {
        foreach (var key in config.Select(p => p.Key).ToList())
        {
            switch (config[key])
            {
                case JsonObject nested:
                    Redact(nested);
                    break;
                case JsonValue value when IsSecretKey(key) || (value.TryGetValue<string>(out var text) && HasPassword(text)):
                    config[key] = RedactedPlaceholder;
                    break;
            }
        }
    }

    private static bool HasPassword(string text) =>
        text.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.UserInfo.Contains(':', StringComparison.Ordinal);
}
