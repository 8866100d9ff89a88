namespace Mirage.Shell.Syntax.Tests;

public sealed class Explore
{
    [Fact]
    public void Differential()
    {
        var lines = new List<string>();
        var count = 0;
        foreach (var source in FuzzTests.Mutants(perScript: 6, seed: 77))
        {
            count++;
            var (status, errors) = RealBash.Check(source);
            var bashOk = status == 0 && errors.Length == 0;
            string? ours = null;
            try { Parser.Parse(source); } catch (ParseException e) { ours = $"line {e.Line}: {e.Message}"; }
            var bashFirst = errors.Split('\n')[0];
            bashFirst = bashFirst.StartsWith("bash: -c: ", StringComparison.Ordinal) ? bashFirst["bash: -c: ".Length..] : bashFirst;
            if (bashOk != (ours is null) || (ours is not null && ours != bashFirst))
            {
                lines.Add($"{FuzzTests.Escape(source)}\n   bash: {(bashOk ? "OK" : bashFirst)}\n   ours: {ours ?? "OK"}");
            }
        }

        File.WriteAllText("/tmp/differential.txt", $"{lines.Count} of {count}\n" + string.Join("\n", lines));
    }
}
