using BenchmarkDotNet.Attributes;
using Mirage.Shell.Syntax;
using Mirage.Vfs;
using Mirage.Vfs.Ram;

namespace Mirage.Benchmarks;

/// <summary>Hot paths of the shell: parsing a typical agent script, and running small lines in a warm workspace.</summary>
[MemoryDiagnoser]
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

    private Workspace _workspace = null!;

    [GlobalSetup]
    public void Setup() => _workspace = new Workspace([new Mount(VPath.Parse("/data"), new RamResource())]);

    [GlobalCleanup]
    public async Task Cleanup() => await _workspace.DisposeAsync();

    [Benchmark]
    public object ParseTypicalScript() => Parser.Parse(TypicalScript);

    [Benchmark]
    public Task<ExecutionResult> EchoInWarmWorkspace() => _workspace.ExecuteAsync("echo hi");

    [Benchmark]
    public Task<ExecutionResult> ArithmeticLoop1000() => _workspace.ExecuteAsync("i=0; while (( i < 1000 )); do (( i++ )); done");

    [Benchmark]
    public Task<ExecutionResult> ParameterExpansions() => _workspace.ExecuteAsync("x=/a/b/c.tar.gz; for i in 1 2 3 4 5 6 7 8 9 10; do y=${x##*/}; z=${y%%.*}; w=${x//\\//_}; done");
}
