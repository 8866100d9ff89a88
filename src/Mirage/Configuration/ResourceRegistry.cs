using System.Diagnostics.CodeAnalysis;
using Mirage.Vfs;
using Mirage.Vfs.Disk;
using Mirage.Vfs.Ram;

namespace Mirage.Configuration;

/// <summary>
/// How to build one kind of resource from a YAML <c>config:</c> block. <see cref="Create"/> reads the keys it
/// knows through the <see cref="ConfigReader"/> (which then reports any other key as unknown) and returns
/// null when the block had errors.
/// </summary>
public sealed record ResourceDescriptor(string Name, string Description, Func<ConfigReader, IResource?> Create);

/// <summary>Mount types by name. Resource packages add their own with <see cref="Add"/>.</summary>
public sealed class ResourceRegistry
{
    private readonly Dictionary<string, ResourceDescriptor> _descriptors = new(StringComparer.Ordinal);

    /// <summary>A registry with the built-in types: ram and disk.</summary>
    public static ResourceRegistry CreateDefault()
    {
        var registry = new ResourceRegistry();
        registry.Add(new ResourceDescriptor("ram", "Files kept in memory for the life of the workspace.", _ => new RamResource()));
        registry.Add(new ResourceDescriptor("disk", "A folder of the host machine; nothing outside it is reachable.", config =>
        {
            var root = config.String("root", required: true);
            if (root is null) return null;
            var full = Path.GetFullPath(root);
            if (!Directory.Exists(full))
            {
                config.Error(config.Node["root"]!, $"host folder '{root}' does not exist");
                return null;
            }
            return new DiskResource(full);
        }));
        return registry;
    }

    public ResourceRegistry Add(ResourceDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        _descriptors[descriptor.Name] = descriptor;
        return this;
    }

    public IEnumerable<string> Names => _descriptors.Keys.Order(StringComparer.Ordinal);

    public bool TryGet(string name, [NotNullWhen(true)] out ResourceDescriptor? descriptor) => _descriptors.TryGetValue(name, out descriptor);
}
