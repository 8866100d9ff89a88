namespace Mirage.Resources.Ssh;

/// <param name="Root">The remote folder the tree lives in; nothing above it is reachable through paths.</param>
/// <param name="IdentityFile">A private key file (OpenSSH or PEM); with <paramref name="Passphrase"/> when it is encrypted.</param>
/// <param name="KnownHosts">A known_hosts file to check the server's key against (default ~/.ssh/known_hosts), or "ignore".</param>
public sealed record SshResourceOptions(
    string Host,
    string Username,
    int Port = 22,
    string? Password = null,
    string? IdentityFile = null,
    string? Passphrase = null,
    string Root = "/",
    string? KnownHosts = null)
{
    /// <summary>The value of <see cref="KnownHosts"/> that turns host key checking off.</summary>
    public const string IgnoreKnownHosts = "ignore";

    /// <summary>How long connecting and each request may take before failing as Transient.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public string? Description { get; init; }
}
