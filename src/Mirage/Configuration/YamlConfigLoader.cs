using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Mirage.Configuration;

/// <summary>
/// Turns YAML text into <see cref="ConfigNode"/>s, substituting <c>${VAR}</c> and <c>${VAR:-default}</c>
/// from the environment in every scalar. All missing variables are reported together, each with its line.
/// </summary>
public static class YamlConfigLoader
{
    public static ConfigNode Load(string yaml, string fileName, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ConfigurationException([$"{fileName}:{e.Start.Line}: invalid YAML: {FirstLine(e.Message)}"]);
        }
        if (stream.Documents.Count == 0) throw new ConfigurationException([$"{fileName}:1: the file is empty"]);
        var errors = new List<string>();
        var root = Convert(stream.Documents[0].RootNode, string.Empty, fileName, environment, errors);
        if (errors.Count > 0) throw new ConfigurationException(errors);
        return root;
    }

    private static ConfigNode Convert(YamlNode node, string key, string file, Func<string, string?> environment, List<string> errors)
    {
        var line = (int)node.Start.Line;
        switch (node)
        {
            case YamlMappingNode mapping:
                var entries = new List<KeyValuePair<string, ConfigNode>>();
                foreach (var (name, value) in mapping.Children)
                {
                    var text = (name as YamlScalarNode)?.Value ?? name.ToString();
                    if (entries.Any(e => e.Key == text))
                    {
                        errors.Add($"{file}:{name.Start.Line}: {Join(key, text)}: duplicate key");
                        continue;
                    }
                    entries.Add(new(text, Convert(value, Join(key, text), file, environment, errors)));
                }
                return ConfigNode.OfMapping(key, file, line, entries);
            case YamlSequenceNode sequence:
                var items = sequence.Children.Select((child, index) => Convert(child, $"{key}[{index}]", file, environment, errors)).ToList();
                return ConfigNode.OfSequence(key, file, line, items);
            case YamlScalarNode scalar:
                return ConfigNode.OfScalar(key, file, line, Substitute(scalar.Value ?? string.Empty, key, file, line, environment, errors));
            default:
                errors.Add($"{file}:{line}: {key}: unsupported YAML node");
                return ConfigNode.OfScalar(key, file, line, string.Empty);
        }
    }

    /// <summary>Replaces ${NAME} and ${NAME:-default}; "$$" stands for a literal "$".</summary>
    internal static string Substitute(string text, string key, string file, int line, Func<string, string?> environment, List<string> errors)
    {
        if (!text.Contains('$', StringComparison.Ordinal)) return text;
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '$' || i + 1 >= text.Length)
            {
                result.Append(text[i]);
                continue;
            }
            if (text[i + 1] == '$')
            {
                result.Append('$');
                i++;
                continue;
            }
            if (text[i + 1] != '{')
            {
                result.Append('$');
                continue;
            }
            var close = text.IndexOf('}', i + 2);
            if (close < 0)
            {
                errors.Add($"{file}:{line}: {key}: unclosed '${{' in '{text}'");
                return text;
            }
            var body = text[(i + 2)..close];
            var fallbackAt = body.IndexOf(":-", StringComparison.Ordinal);
            var name = fallbackAt >= 0 ? body[..fallbackAt] : body;
            var value = environment(name);
            if (string.IsNullOrEmpty(value))
            {
                if (fallbackAt >= 0) value = body[(fallbackAt + 2)..];
                else
                {
                    errors.Add($"{file}:{line}: {key}: environment variable {name} is not set");
                    value = string.Empty;
                }
            }
            result.Append(value);
            i = close;
        }
        return result.ToString();
    }

    private static string Join(string key, string name) => key.Length == 0 ? name : key + "." + name;

    private static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? message : message[..newline];
    }
}
