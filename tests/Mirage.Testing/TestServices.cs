namespace Mirage.Testing;

/// <summary>
/// Where the real test servers are (scripts/services.sh starts them and writes .services.env). A missing
/// setting fails the test with the command to run: remote suites never pass without their server.
/// </summary>
public static class TestServices
{
    private static readonly Lazy<Dictionary<string, string>> FromFile = new(ReadServicesFile);

    /// <summary>The environment variable, or the same name in the repository's .services.env.</summary>
    public static string Require(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        if (!string.IsNullOrEmpty(value)) return value;
        if (FromFile.Value.TryGetValue(name, out var fromFile) && fromFile.Length > 0) return fromFile;
        throw new InvalidOperationException(
            $"{name} is not set: the test servers are not running. Run `scripts/services.sh start` (it writes .services.env), then run the tests again.");
    }

    private static Dictionary<string, string> ReadServicesFile()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var file = Path.Combine(folder.FullName, ".services.env");
            if (!File.Exists(file)) continue;
            foreach (var raw in File.ReadAllLines(file))
            {
                var line = raw.Trim();
                if (line.StartsWith("export ", StringComparison.Ordinal)) line = line[7..];
                var equals = line.IndexOf('=');
                if (equals > 0) values[line[..equals]] = line[(equals + 1)..].Trim('"', '\'');
            }
            break;
        }
        return values;
    }
}
