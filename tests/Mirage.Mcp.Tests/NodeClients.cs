using Mirage.Testing;

namespace Mirage.Mcp.Tests;

/// <summary>The real MCP clients from npm, installed by scripts/install-tools.sh into .tools/node.</summary>
internal static class NodeClients
{
    public static string Modules { get; } = FindModules();

    public static string Inspector => Path.Join(Modules, ".bin", "mcp-inspector");

    /// <summary>The inspector in CLI mode; its JSON answer is on stdout.</summary>
    public static Task<CliRunner.Outcome> InspectAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null) =>
        CliRunner.RunProgramAsync(Inspector, ["--cli", .. arguments], environment, workingDirectory: workingDirectory);

    /// <summary>Runs a script from clients/ beside a link to the installed modules, so its imports resolve.</summary>
    public static async Task<CliRunner.Outcome> RunScriptAsync(string script, string folder, IEnumerable<string> arguments)
    {
        var copy = Path.Join(folder, script);
        File.Copy(Path.Join(AppContext.BaseDirectory, "clients", script), copy, overwrite: true);
        var link = Path.Join(folder, "node_modules");
        if (!Directory.Exists(link)) Directory.CreateSymbolicLink(link, Modules);
        return await CliRunner.RunProgramAsync("node", [copy, .. arguments], workingDirectory: folder);
    }

    private static string FindModules()
    {
        var modules = Path.Join(CliRunner.RepositoryRoot, ".tools", "node", "node_modules");
        if (!File.Exists(Path.Join(modules, ".bin", "mcp-inspector")) || !Directory.Exists(Path.Join(modules, "@modelcontextprotocol", "sdk")))
            throw new InvalidOperationException($"the MCP clients are not installed in {modules}: run scripts/install-tools.sh");
        return modules;
    }
}
