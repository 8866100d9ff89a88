using System.Globalization;

namespace Mirage.Configuration;

/// <summary>
/// Reads typed values out of a mapping node, collecting errors instead of stopping at the first, and
/// remembering which keys were read so that every other key can be reported as unknown.
/// </summary>
public sealed class ConfigReader
{
    private readonly ConfigNode _node;
    private readonly List<string> _errors;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public ConfigReader(ConfigNode node, List<string> errors)
    {
        _node = node;
        _errors = errors;
        if (!node.IsMapping) Error(node, "expected a mapping of keys to values");
    }

    public ConfigNode Node => _node;

    public IReadOnlyList<string> Errors => _errors;

    public void Error(ConfigNode at, string message) => _errors.Add($"{at.Where}: {at.Key}: {message}");

    /// <summary>The raw node for a key (a nested mapping), or null when absent.</summary>
    public ConfigNode? Section(string key)
    {
        _known.Add(key);
        var node = _node[key];
        if (node is not null && !node.IsMapping) Error(node, "expected a mapping");
        return node is { IsMapping: true } ? node : null;
    }

    public string? String(string key, bool required = false)
    {
        _known.Add(key);
        var node = _node[key];
        if (node is null)
        {
            if (required) _errors.Add($"{_node.Where}: {Join(key)}: required key is missing");
            return null;
        }
        if (!node.IsScalar)
        {
            Error(node, "expected a text value");
            return null;
        }
        return node.Scalar;
    }

    public bool? Boolean(string key)
    {
        var text = String(key);
        if (text is null) return null;
        switch (text.ToLowerInvariant())
        {
            case "true" or "yes" or "on":
                return true;
            case "false" or "no" or "off":
                return false;
            default:
                Error(_node[key]!, $"expected true or false, got '{text}'");
                return null;
        }
    }

    public long? Integer(string key)
    {
        var text = String(key);
        if (text is null) return null;
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return value;
        Error(_node[key]!, $"expected a whole number, got '{text}'");
        return null;
    }

    /// <summary>A size such as "512MB", "1GiB" or a plain byte count.</summary>
    public long? Size(string key)
    {
        var text = String(key);
        if (text is null) return null;
        if (Mirage.Vfs.Caching.ByteSize.TryParse(text, out var bytes)) return bytes;
        Error(_node[key]!, $"expected a size such as 512MB, got '{text}'");
        return null;
    }

    /// <summary>A duration in seconds ("600") or with a unit ("10m", "1h", "30s").</summary>
    public TimeSpan? Duration(string key)
    {
        var text = String(key);
        if (text is null) return null;
        if (DurationText.TryParse(text, out var duration)) return duration;
        Error(_node[key]!, $"expected a duration such as 600, 30s, 10m or 1h, got '{text}'");
        return null;
    }

    /// <summary>Reports every key of this mapping that no reader asked for.</summary>
    public void RejectUnknownKeys()
    {
        if (_node.Mapping is null) return;
        foreach (var (key, value) in _node.Mapping)
        {
            if (!_known.Contains(key))
                _errors.Add($"{value.Where}: {Join(key)}: unknown key (expected one of: {string.Join(", ", _known.Order(StringComparer.Ordinal))})");
        }
    }

    private string Join(string key) => _node.Key.Length == 0 ? key : _node.Key + "." + key;
}

internal static class DurationText
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        var trimmed = text.Trim();
        if (trimmed.Length == 0) return false;
        var unit = char.IsAsciiLetter(trimmed[^1]) ? char.ToLowerInvariant(trimmed[^1]) : 's';
        var number = char.IsAsciiLetter(trimmed[^1]) ? trimmed[..^1] : trimmed;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0) return false;
        switch (unit)
        {
            case 's':
                duration = TimeSpan.FromSeconds(value);
                return true;
            case 'm':
                duration = TimeSpan.FromMinutes(value);
                return true;
            case 'h':
                duration = TimeSpan.FromHours(value);
                return true;
            case 'd':
                duration = TimeSpan.FromDays(value);
                return true;
            default:
                return false;
        }
    }
}
