namespace Mirage.Configuration;

/// <summary>
/// A YAML value with where it came from: a scalar (text after ${VAR} substitution), a mapping, or a
/// sequence. Every error about it can name the file, line and dotted key.
/// </summary>
public sealed class ConfigNode
{
    private ConfigNode(string key, string file, int line, string? scalar, IReadOnlyList<KeyValuePair<string, ConfigNode>>? mapping, IReadOnlyList<ConfigNode>? sequence)
    {
        Key = key;
        File = file;
        Line = line;
        Scalar = scalar;
        Mapping = mapping;
        Sequence = sequence;
    }

    /// <summary>The dotted key from the document root ("mounts./s3.config.bucket").</summary>
    public string Key { get; }

    public string File { get; }

    public int Line { get; }

    public string? Scalar { get; }

    public IReadOnlyList<KeyValuePair<string, ConfigNode>>? Mapping { get; }

    public IReadOnlyList<ConfigNode>? Sequence { get; }

    public bool IsScalar => Scalar is not null;

    public bool IsMapping => Mapping is not null;

    public string Where => $"{File}:{Line}";

    internal static ConfigNode OfScalar(string key, string file, int line, string value) => new(key, file, line, value, null, null);

    internal static ConfigNode OfMapping(string key, string file, int line, IReadOnlyList<KeyValuePair<string, ConfigNode>> entries) => new(key, file, line, null, entries, null);

    internal static ConfigNode OfSequence(string key, string file, int line, IReadOnlyList<ConfigNode> items) => new(key, file, line, null, null, items);

    public ConfigNode? this[string name] => Mapping?.FirstOrDefault(e => e.Key == name).Value;

    public override string ToString() => Scalar ?? Key;
}

/// <summary>Every problem found in a configuration, reported together.</summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(IReadOnlyList<string> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public ConfigurationException()
        : this([])
    {
    }

    public ConfigurationException(string message)
        : this([message])
    {
    }

    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    public IReadOnlyList<string> Errors { get; } = [];
}
