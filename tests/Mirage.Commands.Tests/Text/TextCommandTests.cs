using System.Text;
using Mirage.Commands.Text.RegexTranslation;

namespace Mirage.Commands.Tests.Text;

public sealed class TextCommandTests
{
    [Fact]
    public async Task Grep_max_count_stops_reading_an_endless_input()
    {
        await using var box = new TextSandbox();
        var input = new EndlessLineStream("needle in a haystack\n");
        var result = await box.RunAsync(input, "grep", "-m1", "needle");
        Assert.Equal(0, result.Status);
        Assert.Equal("needle in a haystack\n", result.Stdout);
        Assert.True(input.BytesRead < 1024 * 1024, $"read {input.BytesRead} bytes");
    }

    [Fact]
    public async Task Grep_quiet_stops_at_the_first_match()
    {
        await using var box = new TextSandbox();
        var input = new EndlessLineStream("x\n");
        var result = await box.RunAsync(input, "grep", "-q", "x");
        Assert.Equal(0, result.Status);
        Assert.Equal("", result.Stdout);
        Assert.True(input.BytesRead < 1024 * 1024, $"read {input.BytesRead} bytes");
    }

    [Fact]
    public async Task Grep_recursive_prefixes_names_with_the_operand()
    {
        await using var box = new TextSandbox();
        await box.WriteAsync("src/a/one.txt", "alpha\nbeta\n");
        await box.WriteAsync("src/b.txt", "alphabet\n");
        var dotted = await box.RunAsync("grep", "-rn", "alpha", "src/");
        Assert.Equal("src/a/one.txt:1:alpha\nsrc/b.txt:1:alphabet\n", dotted.Stdout);
        var counted = await box.RunAsync("grep", "-rc", "beta", "src");
        Assert.Equal("src/a/one.txt:1\nsrc/b.txt:0\n", counted.Stdout);
    }

    [Fact]
    public async Task Grep_reports_binary_matches_on_stderr_and_exits_2_for_missing_files()
    {
        await using var box = new TextSandbox();
        await box.WriteAsync("bin", "abc\0def\n");
        var binary = await box.RunAsync("grep", "abc", "bin", "missing");
        Assert.Equal("", binary.Stdout);
        Assert.Equal("grep: bin: binary file matches\ngrep: missing: No such file or directory\n", binary.Stderr);
        Assert.Equal(2, binary.Status);
    }

    [Fact]
    public async Task Grep_only_matching_prefers_the_longest_alternative()
    {
        await using var box = new TextSandbox();
        var result = await box.RunWithInputAsync("abcd ab\n", "grep", "-oE", "ab|abcd");
        Assert.Equal("abcd\nab\n", result.Stdout);
    }

    [Theory]
    [InlineData("a\\{2\\}", RegexSyntax.Basic, "caab", true)]
    [InlineData("[]a]x", RegexSyntax.Basic, "]x", true)]
    [InlineData("\\(ab\\)c\\1", RegexSyntax.Basic, "abcab", true)]
    [InlineData("\\(ab\\)c\\1", RegexSyntax.Basic, "abcba", false)]
    [InlineData("a|b", RegexSyntax.Basic, "a|b", true)]
    [InlineData("a|b", RegexSyntax.Extended, "b", true)]
    [InlineData("*a", RegexSyntax.Basic, "*a", true)]
    [InlineData("x[[:digit:]]+", RegexSyntax.Extended, "x42", true)]
    [InlineData("\\<word\\>", RegexSyntax.Basic, "swords", false)]
    [InlineData("\\w+\\s", RegexSyntax.Extended, "é ", false)]
    public void Posix_patterns_translate_to_equivalent_dotnet_regexes(string pattern, RegexSyntax syntax, string text, bool matches)
    {
        var matcher = PatternMatcher.Create([pattern], new MatcherOptions(syntax));
        Assert.Equal(matches, matcher.IsMatch(Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(text))));
    }

    [Theory]
    [InlineData("[abc", "Unmatched [, [^, [:, [., or [=")]
    [InlineData("\\(a", "Unmatched ( or \\(")]
    [InlineData("a\\{1", "Unmatched \\{")]
    [InlineData("[[:nope:]]", "Invalid character class name")]
    [InlineData("\\(a\\)\\2", "Invalid back reference")]
    public void Invalid_patterns_fail_with_GNU_messages(string pattern, string message)
    {
        var error = Assert.Throws<RegexSyntaxException>(() => PatternMatcher.Create([pattern], new MatcherOptions(RegexSyntax.Basic)));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task Sort_spills_runs_past_its_memory_budget_and_merges_them_in_order()
    {
        await using var box = new TextSandbox();
        var random = new Random(7);
        var lines = Enumerable.Range(0, 5000).Select(_ => random.Next(1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        await box.WriteAsync("numbers", string.Join("\n", lines) + "\n");
        var before = Directory.GetFiles(Path.GetTempPath(), "mirage-sort-*.run").Length;
        var spilled = await box.RunAsync("sort", "-n", "-S", "4K", "numbers");
        var inMemory = await box.RunAsync("sort", "-n", "numbers");
        Assert.Equal(0, spilled.Status);
        Assert.Equal(inMemory.Stdout, spilled.Stdout);
        var expected = lines.OrderBy(l => int.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).ThenBy(l => l, StringComparer.Ordinal);
        Assert.Equal(string.Join("\n", expected) + "\n", spilled.Stdout);
        Assert.Equal(before, Directory.GetFiles(Path.GetTempPath(), "mirage-sort-*.run").Length);
    }

    [Theory]
    [InlineData]
    [InlineData("-r")]
    [InlineData("-s", "-k1,1")]
    public async Task Sort_keeps_lines_of_every_length_whole(params string[] options)
    {
        // Past 127 bytes a line's stored length takes two bytes; past 1 MiB it outgrows the small blocks; past
        // 32 MiB it gets a block of its own. Empty lines and the others around them must come out unchanged.
        await using var box = new TextSandbox();
        byte[][] lines =
        [
            "c"u8.ToArray(), Filled('z', 2 * 1024 * 1024, "1"), Filled('m', 33 * 1024 * 1024, "0"), Filled('b', 200, ""),
            [], "a"u8.ToArray(), Filled('b', 200, "x"), Filled('m', 130, ""), "c"u8.ToArray(),
        ];
        await box.WriteAsync("lines", [.. lines.SelectMany(l => l.Append((byte)'\n'))]);
        var result = await box.RunAsync(["sort", .. options, "lines"]);
        var order = lines.Order(Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b)));
        var expected = options.Contains("-r") ? order.Reverse() : order;
        Assert.Equal(0, result.Status);
        Assert.True(expected.SelectMany(l => l.Append((byte)'\n')).SequenceEqual(result.StdoutBytes));

        static byte[] Filled(char fill, int count, string tail) => [.. Enumerable.Repeat((byte)fill, count), .. Encoding.ASCII.GetBytes(tail)];
    }

    [Fact]
    public async Task Sort_stable_unique_keeps_the_first_line_of_equal_keys_across_runs()
    {
        await using var box = new TextSandbox();
        var text = string.Concat(Enumerable.Range(0, 3000).Select(i => $"{i % 10} line{i}\n"));
        await box.WriteAsync("keys", text);
        var result = await box.RunAsync("sort", "-u", "-k1,1", "-S", "2K", "keys");
        Assert.Equal(string.Concat(Enumerable.Range(0, 10).Select(i => $"{i} line{i}\n")), result.Stdout);
    }

    [Fact]
    public async Task Sed_in_place_rewrites_the_file_and_keeps_a_backup()
    {
        await using var box = new TextSandbox();
        await box.WriteAsync("conf/app.ini", "port=80\nhost=a\n");
        var result = await box.RunAsync("sed", "-i.orig", "s/80/8080/", "conf/app.ini");
        Assert.Equal(0, result.Status);
        Assert.Equal("port=8080\nhost=a\n", await box.ReadAsync("conf/app.ini"));
        Assert.Equal("port=80\nhost=a\n", await box.ReadAsync("conf/app.ini.orig"));
    }

    [Fact]
    public async Task Sed_reports_script_errors_with_expression_and_char()
    {
        await using var box = new TextSandbox();
        var result = await box.RunAsync("sed", "-e", "p", "-e", "s/a/b");
        Assert.Equal(1, result.Status);
        Assert.Equal("sed: -e expression #2, char 5: unterminated `s' command\n", result.Stderr);
    }

    [Fact]
    public async Task Xargs_runs_each_batch_through_the_command_runner()
    {
        await using var box = new TextSandbox();
        await box.WriteAsync("a.txt", "A\n");
        await box.WriteAsync("b.txt", "B\n");
        var result = await box.RunWithInputAsync("a.txt\nb.txt\nmissing\n", "xargs", "-n1", "cat");
        Assert.Equal("A\nB\n", result.Stdout);
        Assert.Equal("cat: missing: No such file or directory\n", result.Stderr);
        Assert.Equal(123, result.Status);
    }

    [Fact]
    public async Task Xargs_runs_batches_as_input_arrives_and_stops_at_the_eof_string()
    {
        await using var box = new TextSandbox();
        var endless = new EndlessLineStream("more\n");
        var input = new ConcatenatedStream(new MemoryStream(Encoding.UTF8.GetBytes("one two\nEND\n")), endless);
        var result = await box.RunAsync(input, "xargs", "-E", "END", "echo");
        Assert.Equal("one two\n", result.Stdout);
        Assert.True(endless.BytesRead < 1024 * 1024, $"read {endless.BytesRead} bytes");
    }

    [Fact]
    public async Task Tr_streams_large_inputs_in_chunks()
    {
        await using var box = new TextSandbox();
        var input = new string('a', 200_000) + "\n";
        var result = await box.RunWithInputAsync(input, "tr", "a", "b");
        Assert.Equal(new string('b', 200_000) + "\n", result.Stdout);
    }

    [Fact]
    public async Task Printf_formats_like_coreutils()
    {
        await using var box = new TextSandbox();
        var result = await box.RunAsync("printf", "%5.1f|%-4s|%03d|%x|%e\n", "3.14159", "ab", "7", "255", "12345.678");
        Assert.Equal("  3.1|ab  |007|ff|1.234568e+04\n", result.Stdout);
    }

    [Fact]
    public async Task Bc_keeps_exact_decimals_at_the_requested_scale()
    {
        await using var box = new TextSandbox();
        var result = await box.RunWithInputAsync("scale=30; 1/3\n2^64\n", "bc");
        Assert.Equal(".333333333333333333333333333333\n18446744073709551616\n", result.Stdout);
    }
}
