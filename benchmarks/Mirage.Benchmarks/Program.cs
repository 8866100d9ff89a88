using BenchmarkDotNet.Running;
using Mirage.Benchmarks;

// `workloads [filter]` times whole bash lines in a warm workspace beside real bash in the same run;
// anything else goes to BenchmarkDotNet (for example `--filter '*Parse*' --job short`).
if (args.Length > 0 && args[0] == "workloads")
    return await WorkloadRunner.RunAsync(args.Skip(1).ToArray()).ConfigureAwait(false);

BenchmarkSwitcher.FromAssembly(typeof(WorkloadRunner).Assembly).Run(args);
return 0;
