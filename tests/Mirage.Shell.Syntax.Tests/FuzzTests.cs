using System.Text;

namespace Mirage.Shell.Syntax.Tests;

public sealed class FuzzTests
{
    private static readonly System.Text.RegularExpressions.Regex MultiLineDelimiter = new("Delimiter=\"[^\"]*\\\\n");

    private const string Alphabet = "\"'`$(){}[];&|<>\n #=!*?-\\\tab1@%^,:/~";

    /// <summary>Deterministic mutations of the corpus: deletions, insertions of shell-significant characters, duplicated slices.</summary>
    internal static IEnumerable<string> Mutants(int perScript, int seed)
    {
        var random = new Random(seed);
        foreach (var script in Corpus.Valid)
        {
            for (var i = 0; i < perScript; i++)
            {
                var builder = new StringBuilder(script);
                var edits = random.Next(1, 4);
                for (var e = 0; e < edits; e++)
                {
                    var at = random.Next(builder.Length + 1);
                    switch (random.Next(3))
                    {
                        case 0 when builder.Length > 0 && at < builder.Length:
                            builder.Remove(at, 1);
                            break;
                        case 1 when builder.Length > 0:
                            var from = random.Next(builder.Length);
                            var length = random.Next(1, Math.Min(8, builder.Length - from) + 1);
                            builder.Insert(at, builder.ToString(from, length));
                            break;
                        default:
                            builder.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                            break;
                    }
                }

                yield return builder.ToString();
            }
        }
    }

    [Fact]
    public void Mutated_scripts_either_parse_and_round_trip_or_fail_with_a_parse_error()
    {
        var failures = new List<string>();
        foreach (var source in Mutants(perScript: 60, seed: 1234))
        {
            try
            {
                var tree = Parser.Parse(source);
                var printed = Printer.Print(tree);
                var reparsed = Parser.Parse(printed);
                var dump = TreeDump.Dump(tree);
                if (dump != TreeDump.Dump(reparsed) && !MultiLineDelimiter.IsMatch(dump))
                {
                    failures.Add($"round trip differs: {Escape(source)} -> {Escape(printed)}");
                }
            }
            catch (ParseException)
            {
                // Expected for most mutants.
            }
            catch (Exception e)
            {
                failures.Add($"{e.GetType().Name} ({e.Message}): {Escape(source)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)) + $"\n({failures.Count} failures)");
    }

    [Fact]
    public void Random_bytes_never_crash_the_parser()
    {
        var random = new Random(99);
        for (var i = 0; i < 3000; i++)
        {
            var chars = new char[random.Next(1, 40)];
            for (var c = 0; c < chars.Length; c++)
            {
                chars[c] = Alphabet[random.Next(Alphabet.Length)];
            }

            var source = new string(chars);
            var exception = Record.Exception(() => Parser.Parse(source));
            Assert.True(exception is null or ParseException, $"{exception?.GetType().Name}: {exception?.Message} for {Escape(source)}");
        }
    }

    internal static string Escape(string s) => s.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
}
