namespace Mirage.Commands.Tests;

/// <summary>Single commands compared with the real GNU tools on the conformance fixture (stdout, stderr, status).</summary>
public sealed class GnuComparisonTests
{
    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (var line in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "gnu-commands.txt")))
        {
            if (line.Length > 0 && !line.StartsWith('#')) data.Add(line);
        }
        return data;
    }

    /// <summary>One argv per line, arguments separated by " | " so they may hold spaces.</summary>
    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Matches_gnu(string line)
    {
        // "sort: " compares the lines in any order: GNU walks directories in readdir order, we in name order.
        var sorted = line.StartsWith("sort: ", StringComparison.Ordinal);
        var argv = (sorted ? line[6..] : line).Split(" | ");
        var (gnu, ours) = await GnuComparison.RunBothAsync(argv);
        if (sorted) Assert.Equal(SortLines(gnu.Stdout), SortLines(ours.Stdout));
        else Assert.Equal(gnu.Stdout, ours.Stdout);
        Assert.Equal(gnu.Stderr, ours.Stderr);
        Assert.Equal(gnu.Status, ours.Status);
    }

    private static string SortLines(string text) => string.Join('\n', text.Split('\n').Order(StringComparer.Ordinal));
}
