using BenchmarkDotNet.Running;
using Mirage.Benchmarks;

// `corpus DIR` writes the benchmark corpus; `workloads --corpus DIR ...` times W1-W15 in a warm
// workspace beside real bash and GNU tools in the same run, then the reading ones on a cached S3 mount
// (`workloads ... s3` for that alone); anything else goes to BenchmarkDotNet (for example `--filter '*Grep*'`).
switch (args.FirstOrDefault())
{
    case "corpus" when args.Length == 2:
        Corpus.Generate(Path.GetFullPath(args[1]));
        return 0;
    case "s3cache": return await S3CacheWorkload.RunAsync().ConfigureAwait(false);
    case "workloads":
        if (RunnerOptions.Parse(args[1..]) is not { } options)
        {
            await Console.Error.WriteLineAsync(RunnerOptions.Usage).ConfigureAwait(false);
            return 2;
        }
        return await new WorkloadRunner(options).RunAsync().ConfigureAwait(false);
    case "daemon":
        return await DaemonWorkload.RunAsync(args[1..]).ConfigureAwait(false);
    default:
        BenchmarkSwitcher.FromAssembly(typeof(Corpus).Assembly).Run(args, HotPathConfig.Create());
        return 0;
}
