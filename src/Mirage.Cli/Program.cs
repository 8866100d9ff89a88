using Mirage.Cli;

return await MirageCommandLine.Build().Parse(args).InvokeAsync().ConfigureAwait(false);
