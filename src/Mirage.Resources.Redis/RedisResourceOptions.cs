namespace Mirage.Resources.Redis;

/// <param name="Url">redis://[user:password@]host:port[/db], rediss:// for TLS, or a StackExchange.Redis configuration string.</param>
/// <param name="Prefix">Every key of this tree starts with it; wrap it in braces ("{team}:") to keep the tree in one cluster slot.</param>
public sealed record RedisResourceOptions(string Url, string Prefix = "mirage:")
{
    /// <summary>How long connecting, and each command, may take before failing as Transient.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Bytes per GETRANGE while reading and per APPEND while writing.</summary>
    public int ChunkSize { get; init; } = 1024 * 1024;

    /// <summary>How long a replaced or removed file's bytes stay for readers that opened it before.</summary>
    public TimeSpan ReaderGrace { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Text for an agent's prompt; a default naming the prefix is used when null.</summary>
    public string? Description { get; init; }
}
