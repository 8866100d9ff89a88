using System.CommandLine;
using Mirage.Cli;

// Ctrl-C is left to each verb: a one-shot verb ends as any Unix program does (its connection to the
// daemon closes, which cancels the line there), and the interactive prompt catches it to cancel only
// the running line.
return await MirageCommandLine.Build().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
