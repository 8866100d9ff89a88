using System.Text;

namespace Mirage.Conformance.Tests;

/// <summary>
/// One conformance case: a bash script run both through real bash and through our shell.
/// Files hold cases as "## name" headers, each followed by optional "#@ divergence: why" and
/// "#@ stderr" directives, then the script.
/// </summary>
public sealed record ConformanceCase(string Area, string Name, string Script, string? Divergence, bool CompareStderr, int Line)
{
    public string Id => $"{Area}/{Name}";

    public override string ToString() => Id;

    /// <summary>All cases of every *.cases file in <paramref name="directory"/>, in file order.</summary>
    public static IReadOnlyList<ConformanceCase> LoadDirectory(string directory) =>
        Directory.EnumerateFiles(directory, "*.cases")
            .Order(StringComparer.Ordinal)
            .SelectMany(file => Parse(Path.GetFileNameWithoutExtension(file), File.ReadAllText(file)))
            .ToList();

    public static IEnumerable<ConformanceCase> Parse(string area, string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        string? name = null;
        string? divergence = null;
        var stderr = false;
        var start = 0;
        var script = new StringBuilder();
        var inDirectives = false;
        for (var i = 0; i <= lines.Length; i++)
        {
            var line = i < lines.Length ? lines[i] : null;
            if (line is null || line.StartsWith("## ", StringComparison.Ordinal))
            {
                if (name is not null)
                    yield return new ConformanceCase(area, name, script.ToString().TrimEnd('\n') + "\n", divergence, stderr, start + 1);
                if (line is null) yield break;
                name = line[3..].Trim();
                divergence = null;
                stderr = false;
                start = i;
                script.Clear();
                inDirectives = true;
                continue;
            }
            if (name is null) continue;
            if (inDirectives && line.StartsWith("#@", StringComparison.Ordinal))
            {
                var directive = line[2..].Trim();
                if (directive.StartsWith("divergence:", StringComparison.Ordinal)) divergence = directive["divergence:".Length..].Trim();
                else if (directive == "stderr") stderr = true;
                else throw new FormatException($"{area}.cases line {i + 1}: unknown directive '{line}'");
                continue;
            }
            inDirectives = false;
            script.Append(line).Append('\n');
        }
    }
}

/// <summary>What one side printed and returned.</summary>
public sealed record ShellOutcome(byte[] Stdout, byte[] Stderr, int ExitCode)
{
    public string StdoutText => Encoding.UTF8.GetString(Stdout);

    public string StderrText => Encoding.UTF8.GetString(Stderr);
}
