using Mirage.Configuration;

namespace Mirage.Resources.Ssh;

/// <summary>
/// The "ssh" mount type. YAML keys: host (required), port, username (required), password, identity_file,
/// passphrase, root, known_hosts (a file, or "ignore"), and optionally timeout (a duration).
/// </summary>
public static class SshResourceRegistration
{
    public const string TypeName = "ssh";

    public static ResourceRegistry Register(ResourceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.Add(TypeName, "A folder on an SSH server, reached over SFTP; nothing outside its root is reachable.", ReadOptions, static options => new SshResource(options));
    }

    public static SshResourceOptions? ReadOptions(ConfigReader config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var before = config.Errors.Count;
        var host = config.String("host", required: true);
        var port = config.Integer("port");
        var username = config.String("username", required: true);
        var password = config.String("password");
        var identity = config.String("identity_file");
        var passphrase = config.String("passphrase");
        var root = config.String("root");
        var knownHosts = config.String("known_hosts");
        var timeout = config.Duration("timeout");
        if (port is < 1 or > 65535) config.Error(config.Node["port"]!, $"expected a port between 1 and 65535, got {port}");
        if (host is not null && username is not null && string.IsNullOrEmpty(password) && string.IsNullOrEmpty(identity))
            config.Error(config.Node, "one of password or identity_file is required");
        if (identity is { Length: > 0 } && !File.Exists(identity))
            config.Error(config.Node["identity_file"]!, $"identity file '{identity}' does not exist");
        if (root is { Length: > 0 } && !root.StartsWith('/'))
            config.Error(config.Node["root"]!, $"expected an absolute remote folder such as /srv/data, got '{root}'");
        if (host is null || username is null || config.Errors.Count > before) return null;
        var options = new SshResourceOptions(host, username, (int)(port ?? 22), password, identity, passphrase, root is { Length: > 0 } ? root : "/", knownHosts);
        return timeout is { } t ? options with { Timeout = t } : options;
    }
}
