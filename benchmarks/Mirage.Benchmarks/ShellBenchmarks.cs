using BenchmarkDotNet.Attributes;
using Mirage.Shell.Expansion;
using Mirage.Shell.Interpreter;
using Mirage.Shell.Syntax;
using Mirage.Vfs;
using Mirage.Vfs.Ram;

namespace Mirage.Benchmarks;

/// <summary>The shell underneath every line: parsing, expansion and globbing, and the pipe between stages.</summary>
public class ShellBenchmarks
{
    private const string TypicalScript = """
        set -euo pipefail
        for f in /data/logs/*.log; do
          count=$(grep -c "alert" "$f" || true)
          if [[ $count -gt 0 ]]; then
            printf '%s\t%d\n' "${f##*/}" "$count"
          fi
        done | sort -k2 -n -r | head -n 5
        case "${MODE:-fast}" in fast) echo quick ;; *) echo slow ;; esac
        """;

    private const int PipeChunk = 64 * 1024;
    private const int PipeChunks = 256;

    private readonly byte[] _chunk = new byte[PipeChunk];
    private readonly string[] _names = Enumerable.Range(0, 1000).Select(i => $"f{i:D4}.{(i % 3 == 0 ? "jsonl" : "txt")}").ToArray();
    private readonly GlobPattern _glob = GlobPattern.Compile("f0[0-4]*.@(txt|log)");
    private Workspace _workspace = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _workspace = new Workspace([new Mount(VPath.Parse("/data"), new RamResource())]);
        await _workspace.ExecuteAsync("mkdir -p /data/logs; for i in $(seq 1 200); do echo alert > /data/logs/f$i.log; echo x > /data/logs/g$i.txt; done");
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _workspace.DisposeAsync();

    [Benchmark]
    public object ParseTypicalScript() => Parser.Parse(TypicalScript);

    [Benchmark]
    public Task<ExecutionResult> ParameterExpansions() =>
        _workspace.ExecuteAsync("x=/a/b/c.tar.gz; for i in 1 2 3 4 5 6 7 8 9 10; do y=${x##*/}; z=${y%%.*}; w=${x//\\//_}; v=\"${x:2:5}-$((i * 3))\"; done");

    [Benchmark]
    public Task<ExecutionResult> GlobOverAFolder() => _workspace.ExecuteAsync("echo /data/logs/f1*.log /data/logs/*.txt");

    [Benchmark]
    public int GlobPatternMatch()
    {
        var matches = 0;
        foreach (var name in _names)
            if (_glob.IsMatch(name)) matches++;
        return matches;
    }

    [Benchmark]
    public Task<ExecutionResult> EchoInWarmWorkspace() => _workspace.ExecuteAsync("echo hi");

    /// <summary>16 MiB through one pipe, writer and reader concurrent as in a pipeline.</summary>
    [Benchmark]
    public async Task<long> PipeThroughput16MiB()
    {
        var pipe = new ShellPipe();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < PipeChunks; i++) await pipe.Writer.WriteAsync(_chunk);
            pipe.CompleteWriter();
        });
        var buffer = new byte[PipeChunk];
        long total = 0;
        int read;
        while ((read = await pipe.Reader.ReadAsync(buffer)) > 0) total += read;
        await writer;
        return total;
    }
}
