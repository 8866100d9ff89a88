using System.Security.Cryptography;
using System.Text;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Mirage.Resources.Ssh;

internal static class SshConnection
{
    public static ConnectionInfo Create(SshResourceOptions options)
    {
        var methods = new List<AuthenticationMethod>();
        if (options.IdentityFile is { Length: > 0 } identity)
        {
            var key = options.Passphrase is { Length: > 0 } passphrase ? new PrivateKeyFile(identity, passphrase) : new PrivateKeyFile(identity);
            methods.Add(new PrivateKeyAuthenticationMethod(options.Username, key));
        }
        if (options.Password is { Length: > 0 } password) methods.Add(new PasswordAuthenticationMethod(options.Username, password));
        if (methods.Count == 0) throw new ArgumentException("An SSH mount needs a password or an identity file.", nameof(options));
        return new ConnectionInfo(options.Host, options.Port, options.Username, [.. methods]) { Timeout = options.Timeout };
    }
}

/// <summary>Accepts the server's key only when a known_hosts line names this host with the same key (hashed names too).</summary>
internal sealed class HostKeyCheck(SshResourceOptions options)
{
    /// <summary>Why the key was refused, when it was.</summary>
    public string? Rejected { get; private set; }

    public void OnHostKeyReceived(object? sender, HostKeyEventArgs e)
    {
        if (string.Equals(options.KnownHosts, SshResourceOptions.IgnoreKnownHosts, StringComparison.OrdinalIgnoreCase))
        {
            e.CanTrust = true;
            return;
        }
        var file = options.KnownHosts ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh", "known_hosts");
        var name = options.Port == 22 ? options.Host : $"[{options.Host}]:{options.Port}";
        var key = Convert.ToBase64String(e.HostKey);
        e.CanTrust = File.Exists(file) && File.ReadLines(file).Any(line => Matches(line, name, e.HostKeyName, key));
        if (!e.CanTrust)
            Rejected = $"host key {e.HostKeyName} SHA256:{e.FingerPrintSHA256} of {name} is not in {file} (set known_hosts: ignore to skip the check)";
    }

    private static bool Matches(string line, string name, string keyType, string key)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 3 || fields[0].StartsWith('#') || fields[1] != keyType || fields[2] != key) return false;
        return fields[0].Split(',').Any(pattern => pattern == name || HashedMatches(pattern, name));
    }

    /// <summary>"|1|salt|hash" names: HMAC-SHA1 of the host name keyed by the salt.</summary>
    private static bool HashedMatches(string pattern, string name)
    {
        if (!pattern.StartsWith("|1|", StringComparison.Ordinal)) return false;
        var parts = pattern.Split('|');
        if (parts.Length != 4) return false;
        try
        {
            var hash = HMACSHA1.HashData(Convert.FromBase64String(parts[2]), Encoding.ASCII.GetBytes(name));
            return Convert.ToBase64String(hash) == parts[3];
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
