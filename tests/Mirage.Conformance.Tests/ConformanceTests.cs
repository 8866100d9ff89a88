
namespace Mirage.Conformance.Tests;

/// <summary>Every case in tests/conformance/cases, run through real bash and through our shell.</summary>
public sealed class ConformanceTests : IClassFixture<ConformanceReport>
{
    public static TheoryData<string> CaseIds()
    {
        var data = new TheoryData<string>();
        foreach (var testCase in ConformanceRunner.AllCases) data.Add(testCase.Id);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public async Task Case_matches_bash(string id)
    {
        var testCase = ConformanceRunner.AllCases.Single(c => c.Id == id);
        var (bash, ours) = await ConformanceRunner.RunAsync(testCase);
        var same = ConformanceRunner.Same(testCase, bash, ours);
        ConformanceReport.Record(testCase, testCase.Divergence is null ? same : !same);
        if (testCase.Divergence is not null)
        {
            // A documented difference must still be a difference: once we match bash, the mark has to go.
            Assert.False(same, $"{testCase.Id} is marked as a divergence ({testCase.Divergence}) but now matches bash: remove the mark.");
            return;
        }
        Assert.True(same, ConformanceRunner.Describe(testCase, bash, ours));
    }

    [Fact]
    public void Case_names_are_unique()
    {
        var duplicates = ConformanceRunner.AllCases.GroupBy(c => c.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
    }
}
