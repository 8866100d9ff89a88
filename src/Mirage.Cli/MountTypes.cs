using Mirage.Caching.Redis;
using Mirage.Configuration;
using Mirage.Resources.Redis;
using Mirage.Resources.S3;
using Mirage.Resources.Ssh;

namespace Mirage.Cli;

/// <summary>Every mount type the command line knows (the built-in ones and the remote resource packages), and the cache store types.</summary>
internal static class MountTypes
{
    public static ResourceRegistry CreateRegistry()
    {
        var registry = ResourceRegistry.CreateDefault();
        S3ResourceRegistration.Register(registry);
        RedisResourceRegistration.Register(registry);
        SshResourceRegistration.Register(registry);
        RedisCacheRegistration.Register(registry);
        return registry;
    }
}
