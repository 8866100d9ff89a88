using Mirage.Vfs;
using Mirage.Vfs.Caching;

namespace Mirage.Configuration;

/// <summary>
/// A workspace declared in YAML:
/// <code>
/// id: demo
/// mounts:
///   /data: { type: ram }
///   /docs: { type: disk, mode: read, config: { root: ./docs } }
/// env: { PROJECT: "${PROJECT:-demo}" }
/// cache: { type: redis, url: "redis://127.0.0.1:6379", limit: 512MB }   # remote mounts only, unless a mount says so
/// index: { type: ram, ttl: 10m }
/// read: bounded
/// </code>
/// Unknown keys, wrong types and missing environment variables are all reported at once, each naming
/// the file, line and key.
/// </summary>
public sealed record WorkspaceConfig(
    string? Id,
    IReadOnlyList<Mount> Mounts,
    IReadOnlyDictionary<string, string> Environment,
    string? WorkingDirectory)
{
    public static WorkspaceConfig Load(string path, ResourceRegistry? registry = null, Func<string, string?>? environment = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException([$"{path}: cannot read: {e.Message}"]);
        }
        // Relative host folders in the file are relative to the file, not to whoever runs it.
        var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
        return Parse(text, path, registry, environment, folder);
    }

    public static WorkspaceConfig Parse(string yaml, string fileName = "workspace.yaml", ResourceRegistry? registry = null, Func<string, string?>? environment = null, string? baseFolder = null)
    {
        registry ??= ResourceRegistry.CreateDefault();
        environment ??= System.Environment.GetEnvironmentVariable;
        var root = YamlConfigLoader.Load(yaml, fileName, environment);
        var errors = new List<string>();
        var reader = new ConfigReader(root, errors);
        var id = reader.String("id");
        var workingDirectory = reader.String("cwd");
        var mounts = new List<Mount>();
        var declarations = new List<MountDeclaration>();
        var mountsNode = reader.Section("mounts");
        if (mountsNode is null && errors.Count == 0) errors.Add($"{fileName}:{root.Line}: mounts: required key is missing");
        var workspaceCache = CacheConfig.Read(reader);
        foreach (var (prefix, node) in mountsNode?.Mapping ?? [])
        {
            var mount = ReadMount(prefix, node, registry, errors, baseFolder, workspaceCache, out var declaration);
            if (mount is not null) mounts.Add(mount);
            if (declaration is not null) declarations.Add(declaration);
        }
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        var envNode = reader.Section("env");
        foreach (var (name, value) in envNode?.Mapping ?? [])
        {
            if (value.IsScalar) env[name] = value.Scalar!;
            else errors.Add($"{value.Where}: {value.Key}: expected a text value");
        }
        // Accepted now so that files written for later versions still load; their settings are read by the limits code.
        reader.Section("limits");
        reader.RejectUnknownKeys();
        if (errors.Count > 0) throw new ConfigurationException(errors);
        return new WorkspaceConfig(id, mounts, env, workingDirectory) { Declarations = declarations, Caching = workspaceCache.Declaration };
    }

    /// <summary>How each mount was declared (type, mode, config after substitution), in file order: what snapshots record.</summary>
    public IReadOnlyList<MountDeclaration> Declarations { get; init; } = [];

    /// <summary>The workspace-level cache settings as written (they apply to remote mount types).</summary>
    public CacheDeclaration Caching { get; init; } = CacheDeclaration.None;

    private static Mount? ReadMount(string prefix, ConfigNode node, ResourceRegistry registry, List<string> errors, string? baseFolder, CacheConfig workspaceCache, out MountDeclaration? declaration)
    {
        declaration = null;
        if (!prefix.StartsWith('/'))
        {
            errors.Add($"{node.Where}: mounts.{prefix}: a mount prefix must start with '/'");
            return null;
        }
        var reader = new ConfigReader(node, errors);
        if (!node.IsMapping) return null;
        var type = reader.String("type", required: true);
        var modeText = reader.String("mode");
        var mode = MountMode.Write;
        if (modeText is not null && !MountModes.TryParse(modeText, out mode))
            reader.Error(node["mode"]!, $"expected read, write or exec, got '{modeText}'");
        var mountCache = CacheConfig.Read(reader);
        var configNode = reader.Section("config");
        reader.RejectUnknownKeys();
        if (type is null) return null;
        if (!registry.TryGet(type, out var descriptor))
        {
            reader.Error(node["type"]!, $"unknown mount type '{type}' (known: {string.Join(", ", registry.Names)})");
            return null;
        }
        var config = configNode ?? EmptyMapping(node, prefix);
        if (baseFolder is not null) config = ResolveRoot(config, baseFolder);
        var configReader = new ConfigReader(config, errors);
        var before = errors.Count;
        var resource = descriptor.Create(configReader);
        configReader.RejectUnknownKeys();
        if (resource is null || errors.Count > before) return null;
        // A workspace-wide cache covers remote types; a mount's own cache settings apply whatever its type.
        var cache = (descriptor.CachedByDefault || !mountCache.IsEmpty ? mountCache.Over(workspaceCache) : mountCache).Build(registry, errors);
        if (errors.Count > before) return null;
        declaration = new MountDeclaration(prefix, type, mode, config) { Caching = mountCache.Declaration };
        return new Mount(VPath.Parse(prefix), cache is null ? resource : new CachedResource(resource, cache), mode);
    }

    private static ConfigNode EmptyMapping(ConfigNode at, string prefix) => ConfigNode.OfMapping($"mounts.{prefix}.config", at.File, at.Line, []);

    /// <summary>A relative "root" is taken from the configuration file's folder.</summary>
    private static ConfigNode ResolveRoot(ConfigNode config, string baseFolder)
    {
        var root = config["root"];
        if (root is not { IsScalar: true } || Path.IsPathRooted(root.Scalar!)) return config;
        var entries = config.Mapping!.Select(e => e.Key == "root"
            ? new KeyValuePair<string, ConfigNode>("root", ConfigNode.OfScalar(root.Key, root.File, root.Line, Path.Combine(baseFolder, root.Scalar!)))
            : e).ToList();
        return ConfigNode.OfMapping(config.Key, config.File, config.Line, entries);
    }

    /// <summary>A workspace with these mounts and settings.</summary>
    public Workspace CreateWorkspace(WorkspaceOptions? options = null) =>
        new(Mounts, (options ?? new WorkspaceOptions()) with
        {
            Environment = Environment,
            WorkingDirectory = options?.WorkingDirectory ?? WorkingDirectory,
        });
}

/// <summary>One mount as the configuration declared it; <paramref name="Config"/> holds values after <c>${VAR}</c> substitution.</summary>
public sealed record MountDeclaration(string Prefix, string Type, MountMode Mode, ConfigNode Config)
{
    /// <summary>The mount's own cache settings as written (the workspace's apply where these are absent).</summary>
    public CacheDeclaration Caching { get; init; } = CacheDeclaration.None;
}
