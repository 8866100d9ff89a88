using System.Security.Cryptography;

namespace Mirage.Server;

/// <summary>
/// Where the daemon and its clients meet: the URL (<c>MIRAGE_DAEMON_URL</c>, default http://127.0.0.1:8765)
/// and the home folder (<c>MIRAGE_HOME</c>, default ~/.mirage) holding auth_token, daemon.pid and daemon.log.
/// </summary>
public sealed record DaemonPaths(Uri Url, string Home)
{
    public const int DefaultPort = 8765;

    public string TokenFile => Path.Combine(Home, "auth_token");

    public string PidFile => Path.Combine(Home, "daemon.pid");

    public string LogFile => Path.Combine(Home, "daemon.log");

    /// <summary>Whether the URL names this machine, so a client may start the daemon itself.</summary>
    public bool IsLocal => Url.IsLoopback;

    public static DaemonPaths FromEnvironment(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var home = environment("MIRAGE_HOME") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".mirage");
        var text = environment("MIRAGE_DAEMON_URL") is { Length: > 0 } url ? url : $"http://127.0.0.1:{DefaultPort}";
        if (!Uri.TryCreate(text.TrimEnd('/'), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            throw new ArgumentException($"MIRAGE_DAEMON_URL '{text}' is not an http:// URL");
        return new DaemonPaths(uri, home);
    }

    /// <summary>The token in auth_token, or null when there is none yet.</summary>
    public string? ReadToken()
    {
        try
        {
            var token = File.ReadAllText(TokenFile).Trim();
            return token.Length > 0 ? token : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The existing token, or a new random one written readable by the owner only (0600).</summary>
    public string ReadOrCreateToken()
    {
        if (ReadToken() is { } existing)
        {
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(TokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return existing;
        }
        Directory.CreateDirectory(Home);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(TokenFile, options)) writer.Write(token);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(TokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return token;
    }
}
