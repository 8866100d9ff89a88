using System.Collections.Concurrent;
using System.Text;

namespace Mirage.Conformance.Tests;

/// <summary>Collects every case's result and, when the run ends, writes a table per area to TestResults/conformance.md.</summary>
public sealed class ConformanceReport : IDisposable
{
    private static readonly ConcurrentDictionary<string, bool> Results = new(StringComparer.Ordinal);

    public static void Record(ConformanceCase testCase, bool passed) => Results[testCase.Id] = passed;

    public void Dispose()
    {
        if (Results.IsEmpty) return;
        var text = new StringBuilder("# Conformance against bash\n\n| area | cases | pass | fail |\n|---|---:|---:|---:|\n");
        var byArea = ConformanceRunner.AllCases.Where(c => Results.ContainsKey(c.Id)).GroupBy(c => c.Area).OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var area in byArea)
        {
            var passed = area.Count(c => Results[c.Id]);
            text.Append($"| {area.Key} | {area.Count()} | {passed} | {area.Count() - passed} |\n");
        }
        var total = Results.Count;
        var totalPassed = Results.Values.Count(v => v);
        text.Append($"| **all** | {total} | {totalPassed} | {total - totalPassed} |\n");
        var failing = ConformanceRunner.AllCases.Where(c => Results.TryGetValue(c.Id, out var ok) && !ok).Select(c => c.Id).ToList();
        if (failing.Count > 0) text.Append("\nFailing:\n").AppendJoin("", failing.Select(id => $"- {id}\n"));
        var directory = Path.Combine(ConformanceRunner.RepositoryRoot, "TestResults");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "conformance.md"), text.ToString());
    }
}
