using System.Globalization;
using System.Text;

namespace Mirage.Benchmarks;

/// <summary>
/// The benchmark corpus, the same bytes on every machine: 10,000 small text and JSON-lines files in
/// 100 folders (about 20 MB, a few lines say "alert"), one 100 MB log, 1,000 pretty-printed JSON
/// files and a file of 1,000,000 short unsorted lines.
/// </summary>
internal static class Corpus
{
    public const int SmallFolders = 100;
    public const int FilesPerFolder = 100;
    public const long BigLogBytes = 100L * 1024 * 1024;
    public const int JsonFiles = 1000;
    public const int ShortLines = 1_000_000;

    private static readonly string[] Levels = ["info", "info", "info", "debug", "warn", "error"];
    private static readonly string[] Services = ["api", "auth", "billing", "search", "storage", "worker", "gateway", "mailer"];
    private static readonly string[] Words =
    [
        "request", "handled", "user", "cache", "miss", "hit", "retry", "timeout", "connection", "opened",
        "closed", "upload", "download", "token", "refreshed", "queue", "drained", "latency", "spike", "ok",
        "session", "started", "ended", "index", "rebuilt", "disk", "usage", "normal", "shard", "moved",
    ];

    /// <summary>Writes the corpus under <paramref name="root"/> unless a complete one is already there.</summary>
    public static void Generate(string root)
    {
        var marker = Path.Combine(root, ".complete");
        if (File.Exists(marker)) return;
        Directory.CreateDirectory(root);
        var random = new SplitMix64(20261124);
        WriteSmallFiles(Path.Combine(root, "small"), random);
        WriteBigLog(Path.Combine(root, "big.log"), random);
        WriteJsonFiles(Path.Combine(root, "json"), random);
        WriteShortLines(Path.Combine(root, "lines.txt"), random);
        File.WriteAllText(marker, "");
    }

    /// <summary>
    /// Writes <paramref name="bytes"/> bytes of log lines to <paramref name="path"/> (one block of lines repeated: the
    /// content is not what such a workload measures) unless a file of that size is already there; returns the path.
    /// </summary>
    public static string WriteFiller(string path, long bytes)
    {
        if (new FileInfo(path) is { Exists: true } existing && existing.Length == bytes) return path;
        var random = new SplitMix64(20261125);
        var text = new StringBuilder();
        for (var n = 0; text.Length < 1 << 20; n++)
        {
            TextLine(text, random, 0, n);
            text.Append('\n');
        }
        var block = Encoding.UTF8.GetBytes(text.ToString(0, 1 << 20));
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        for (long written = 0; written < bytes; written += block.Length)
            file.Write(block, 0, (int)Math.Min(block.Length, bytes - written));
        return path;
    }

    /// <summary>Every corpus file with its path relative to the root ("small/d000/f000.txt").</summary>
    public static IEnumerable<string> RelativeFiles(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path))
            .Where(path => path != ".complete")
            .Order(StringComparer.Ordinal);

    private static void WriteSmallFiles(string folder, SplitMix64 random)
    {
        var line = new StringBuilder();
        for (var d = 0; d < SmallFolders; d++)
        {
            var dir = Path.Combine(folder, $"d{d:D3}");
            Directory.CreateDirectory(dir);
            for (var f = 0; f < FilesPerFolder; f++)
            {
                // Half plain text, half JSON lines; each about 2 KB.
                var json = f % 2 == 1;
                using var writer = Writer(Path.Combine(dir, json ? $"f{f:D3}.jsonl" : $"f{f:D3}.txt"));
                var target = 1800 + random.Next(500);
                var written = 0;
                var n = 0;
                while (written < target)
                {
                    line.Clear();
                    if (json) JsonLine(line, random, d * FilesPerFolder + f, n);
                    else TextLine(line, random, d * FilesPerFolder + f, n);
                    line.Append('\n');
                    writer.Write(line);
                    written += line.Length;
                    n++;
                }
            }
        }
    }

    private static void WriteBigLog(string path, SplitMix64 random)
    {
        using var writer = Writer(path);
        var line = new StringBuilder();
        long written = 0;
        for (var n = 0; written < BigLogBytes; n++)
        {
            line.Clear();
            TextLine(line, random, 0, n);
            line.Append('\n');
            if (written + line.Length > BigLogBytes) break;
            writer.Write(line);
            written += line.Length;
        }
    }

    private static void WriteJsonFiles(string folder, SplitMix64 random)
    {
        Directory.CreateDirectory(folder);
        for (var i = 0; i < JsonFiles; i++)
        {
            using var writer = Writer(Path.Combine(folder, $"{i:D4}.json"));
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"{{\n  \"id\": {i},\n  \"name\": \"item-{i:D4}\",\n  \"service\": \"{Pick(Services, random)}\",\n  \"level\": \"{Pick(Levels, random)}\",\n  \"size\": {random.Next(100000)},\n  \"tags\": [\n"));
            var tags = 1 + random.Next(5);
            for (var t = 0; t < tags; t++)
                writer.Write($"    \"{Pick(Words, random)}\"{(t + 1 < tags ? "," : "")}\n");
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"  ],\n  \"owner\": {{\n    \"team\": \"{Pick(Services, random)}\",\n    \"oncall\": {(random.Next(2) == 0 ? "true" : "false")}\n  }}\n}}\n"));
        }
    }

    private static void WriteShortLines(string path, SplitMix64 random)
    {
        using var writer = Writer(path);
        for (var i = 0; i < ShortLines; i++)
        {
            writer.Write(Pick(Words, random));
            writer.Write(' ');
            writer.Write(random.Next(1_000_000).ToString(CultureInfo.InvariantCulture));
            writer.Write('\n');
        }
    }

    private static void TextLine(StringBuilder line, SplitMix64 random, int file, int n)
    {
        var second = (file * 7919L + n * 13L) % 86400;
        line.Append(CultureInfo.InvariantCulture, $"2026-11-{1 + file % 28:D2}T{second / 3600:D2}:{second / 60 % 60:D2}:{second % 60:D2}Z ");
        line.Append(Pick(Levels, random).ToUpperInvariant()).Append(' ').Append(Pick(Services, random)).Append(':');
        // About one line in 200 is an alert.
        if (random.Next(200) == 0) line.Append(" alert");
        var words = 5 + random.Next(8);
        for (var w = 0; w < words; w++) line.Append(' ').Append(Pick(Words, random));
        line.Append(CultureInfo.InvariantCulture, $" in {random.Next(2000)} ms");
    }

    private static void JsonLine(StringBuilder line, SplitMix64 random, int file, int n)
    {
        var second = (file * 7919L + n * 13L) % 86400;
        line.Append(CultureInfo.InvariantCulture, $"{{\"ts\":\"2026-11-{1 + file % 28:D2}T{second / 3600:D2}:{second / 60 % 60:D2}:{second % 60:D2}Z\",");
        line.Append("\"level\":\"").Append(Pick(Levels, random)).Append("\",\"service\":\"").Append(Pick(Services, random)).Append("\",\"msg\":\"");
        if (random.Next(200) == 0) line.Append("alert ");
        var words = 3 + random.Next(6);
        for (var w = 0; w < words; w++) line.Append(w == 0 ? "" : " ").Append(Pick(Words, random));
        line.Append(CultureInfo.InvariantCulture, $"\",\"ms\":{random.Next(2000)}}}");
    }

    private static string Pick(string[] values, SplitMix64 random) => values[random.Next(values.Length)];

    private static StreamWriter Writer(string path) =>
        new(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16) { NewLine = "\n" };

    /// <summary>A tiny fixed generator: the corpus must not change when the runtime's Random does.</summary>
    private sealed class SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public int Next(int bound)
        {
            _state += 0x9E3779B97F4A7C15;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            z ^= z >> 31;
            return (int)(z % (ulong)bound);
        }
    }
}
