using System.Text;
using BenchmarkDotNet.Attributes;
using Mirage.Commands.Common;
using Mirage.Commands.Data.Jq;
using Mirage.Commands.Text.Grep;
using Mirage.Commands.Text.RegexTranslation;
using Mirage.Commands.Text.Sort;

namespace Mirage.Benchmarks;

/// <summary>
/// The inner loops of the text commands, over 10,000 log lines (about 1 MB) from the corpus generator's shapes; sort
/// over 200,000 lines, enough for its sorted segments of 65,536 to be merged.
/// </summary>
public class TextBenchmarks
{
    private const int Lines = 10_000;
    private const int SortedLines = 200_000;
    private byte[] _text = [];
    private byte[][] _lines = [];
    private byte[][] _shortLines = [];
    private byte[][] _logLines = [];
    private byte[] _jsonLines = [];
    private LineMatcher _literal = null!;
    private LineMatcher _regex = null!;
    private LineComparer _wholeLine = null!;
    private LineComparer _numericKey = null!;

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder();
        var json = new StringBuilder();
        for (var i = 0; i < Lines; i++)
        {
            text.Append($"2026-11-24T10:{i / 60 % 60:D2}:{i % 60:D2}Z INFO api:{(i % 200 == 0 ? " alert" : "")} request handled user {i * 7919 % 10007} in {i % 2000} ms\n");
            json.Append($"{{\"ts\":\"2026-11-24T10:00:{i % 60:D2}Z\",\"level\":\"{(i % 6 == 0 ? "error" : "info")}\",\"service\":\"api\",\"msg\":\"request handled\",\"ms\":{i % 2000}}}\n");
        }
        _text = Encoding.ASCII.GetBytes(text.ToString());
        _jsonLines = Encoding.ASCII.GetBytes(json.ToString());
        _lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Encoding.ASCII.GetBytes).ToArray();
        // The shape of W10's lines.txt (a word and a number below a million), and log lines with a numeric field.
        string[] words = ["cache", "queue", "retry", "ok", "user", "disk", "latency", "request", "moved", "index"];
        _shortLines = Enumerable.Range(0, SortedLines).Select(i => Encoding.ASCII.GetBytes($"{words[i * 7 % words.Length]} {i * 7919L % 1_000_003}")).ToArray();
        _logLines = Enumerable.Range(0, SortedLines).Select(i => _lines[i % Lines].Concat(Encoding.ASCII.GetBytes($" {i}")).ToArray()).ToArray();
        _literal = LineMatcher.Create(["alert"], new MatcherOptions(RegexSyntax.Basic));
        _regex = LineMatcher.Create(["user [0-9]+ in 1[0-9]{3} ms"], new MatcherOptions(RegexSyntax.Extended));
        _wholeLine = new LineComparer([new SortKey(1, 1, null, 0, new KeyOptions())], null, lastResort: true, reverseLastResort: false, []);
        _numericKey = new LineComparer([new SortKey(7, 1, 7, 0, new KeyOptions { Numeric = true })], (byte)' ', lastResort: true, reverseLastResort: false, []);
    }

    [Benchmark]
    public int GrepLiteralMatcher() => CountMatches(_literal);

    [Benchmark]
    public int GrepRegexMatcher() => CountMatches(_regex);

    [Benchmark]
    public async Task<int> LineSplitting()
    {
        var reader = new LineReader(new MemoryStream(_text, writable: false), CancellationToken.None);
        var count = 0;
        while (await reader.ReadLineAsync() is not null) count++;
        return count;
    }

    /// <summary>`sort`: lines into the sorter's store, its segments sorted on prefixes and lines, merged out.</summary>
    [Benchmark]
    public Task<long> SortWholeLine() => SortAsync(_shortLines, _wholeLine);

    /// <summary>`sort -t ' ' -k7,7n` (the user number): the prefix is the key's whole part; equal prefixes compare the numbers, then the whole lines.</summary>
    [Benchmark]
    public Task<long> SortNumericKey() => SortAsync(_logLines, _numericKey);

    [Benchmark]
    public int JqJsonParser()
    {
        var reader = new JqJsonReader(new MemoryStream(_jsonLines, writable: false));
        var count = 0;
        while (reader.TryRead(out _)) count++;
        return count;
    }

    private static async Task<long> SortAsync(byte[][] lines, LineComparer comparer)
    {
        using var sorter = new ExternalSorter(comparer, long.MaxValue, stable: false);
        foreach (var line in lines) sorter.Add(line);
        long bytes = 0;
        await foreach (var line in sorter.SortedAsync(CancellationToken.None)) bytes += line.Length;
        return bytes;
    }

    private int CountMatches(LineMatcher matcher)
    {
        var count = 0;
        foreach (var line in _lines)
        {
            string? text = null;
            if (matcher.IsMatch(line, ref text)) count++;
        }
        return count;
    }
}
