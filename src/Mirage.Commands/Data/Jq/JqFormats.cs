using System.Text;

namespace Mirage.Commands.Data.Jq;

/// <summary>The @name string formats.</summary>
internal static class JqFormats
{
    public static string Apply(string name, object? value)
    {
        switch (name)
        {
            case "text":
                return JqValues.ToText(value);
            case "json":
                return JqValues.ToJson(value);
            case "html":
                return JqValues.ToText(value).Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
                    .Replace(">", "&gt;", StringComparison.Ordinal).Replace("'", "&apos;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
            case "uri":
                {
                    var builder = new StringBuilder();
                    foreach (var b in Encoding.UTF8.GetBytes(JqValues.ToText(value)))
                    {
                        var c = (char)b;
                        if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~') builder.Append(c);
                        else builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    return builder.ToString();
                }
            case "csv":
            case "tsv":
                {
                    if (value is not List<object?> row) throw new JqException($"{JqValues.Describe(value)} cannot be {name}-formatted, only an array can be");
                    var builder = new StringBuilder();
                    for (var i = 0; i < row.Count; i++)
                    {
                        if (i > 0) builder.Append(name == "csv" ? ',' : '\t');
                        switch (row[i])
                        {
                            case null: break;
                            case bool b: builder.Append(b ? "true" : "false"); break;
                            case double d: builder.Append(JqValues.FormatNumber(d)); break;
                            case string s when name == "csv":
                                builder.Append('"').Append(s.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
                                break;
                            case string s:
                                builder.Append(s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal)
                                    .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal));
                                break;
                            default:
                                throw new JqException($"{JqValues.Describe(row[i])} is not valid in a {name} row");
                        }
                    }
                    return builder.ToString();
                }
            case "sh":
                {
                    var items = value is List<object?> list ? list : [value];
                    var builder = new StringBuilder();
                    for (var i = 0; i < items.Count; i++)
                    {
                        if (i > 0) builder.Append(' ');
                        switch (items[i])
                        {
                            case string s:
                                builder.Append('\'').Append(s.Replace("'", "'\\''", StringComparison.Ordinal)).Append('\'');
                                break;
                            case List<object?> or OrderedDictionary<string, object?>:
                                throw new JqException($"{JqValues.Describe(items[i])} can not be escaped for shell");
                            default:
                                builder.Append(JqValues.ToJson(items[i]));
                                break;
                        }
                    }
                    return builder.ToString();
                }
            case "base64":
                return Convert.ToBase64String(Encoding.UTF8.GetBytes(JqValues.ToText(value)));
            case "base64d":
                return DecodeBase64(JqValues.ToText(value));
            default:
                throw new JqException($"{name} is not a valid format");
        }
    }

    private static string DecodeBase64(string text)
    {
        // Decode leniently: stop padding at '=', ignore a trailing partial group as jq does.
        var trimmed = text.TrimEnd('=');
        var bytes = new List<byte>();
        var buffer = 0;
        var bits = 0;
        foreach (var c in trimmed)
        {
            int v = c switch
            {
                >= 'A' and <= 'Z' => c - 'A',
                >= 'a' and <= 'z' => c - 'a' + 26,
                >= '0' and <= '9' => c - '0' + 52,
                '+' => 62,
                '/' => 63,
                _ => -1,
            };
            if (v < 0) throw new JqException($"{JqValues.Describe(text)} is not valid base64 data");
            buffer = (buffer << 6) | v;
            bits += 6;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)((buffer >> bits) & 0xFF));
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
