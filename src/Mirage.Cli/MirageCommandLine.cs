using System.CommandLine;

namespace Mirage.Cli;

/// <summary>The `mirage` command tree. Each verb's action returns the process exit status.</summary>
internal static class MirageCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Mirage: one virtual filesystem over many data sources, driven with bash.");
        root.Subcommands.Add(RunVerb.Create());
        root.Subcommands.Add(WorkspaceVerbs.Create());
        root.Subcommands.Add(ExecuteVerb.CreateExecute());
        root.Subcommands.Add(ExecuteVerb.CreateShell());
        root.Subcommands.Add(DaemonVerbs.Create());
        root.Subcommands.Add(McpVerb.Create());
        return root;
    }
}
