using System.CommandLine;
using Mirage.Configuration;
using Mirage.Vfs;

namespace Mirage.Cli;

/// <summary>
/// `mirage run`: builds a one-shot workspace, runs one script, and passes its stdout, stderr and exit
/// status through unchanged (nothing else is written to stdout).
/// </summary>
internal static class RunVerb
{
    public static Command Create()
    {
        var mounts = new Option<string[]>("--mount", "-m")
        {
            Description = "Mount a resource: PREFIX=ram[:MODE] or PREFIX=disk:HOST_FOLDER[:MODE] (MODE: read, write, exec). Repeatable. Default: /data=ram and /tmp=ram.",
            AllowMultipleArgumentsPerToken = false,
        };
        var config = new Option<string?>("--config") { Description = "A workspace YAML file whose mounts and env to use (--mount adds more)." };
        var cwd = new Option<string?>("--cwd") { Description = "Working directory inside the workspace (default: the first mount)." };
        var command = new Option<string?>("--command", "-c") { Description = "The script to run, as text." };
        var file = new Option<string?>("--file", "-f") { Description = "A host file holding the script." };
        var script = new Argument<string[]>("script")
        {
            Description = "A host script file, then its arguments ($1, $2, ...). With -c, all of these are arguments ($0 first, as bash -c takes them).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var verb = new Command("run", "Run a bash script in a one-shot workspace.") { mounts, config, cwd, command, file, script };
        verb.SetAction((result, cancellationToken) => RunAsync(
            result.GetValue(mounts) ?? [],
            result.GetValue(config),
            result.GetValue(cwd),
            result.GetValue(command),
            result.GetValue(file),
            result.GetValue(script) ?? [],
            cancellationToken));
        return verb;
    }

    private static async Task<int> RunAsync(string[] mountTexts, string? configPath, string? cwd, string? commandText, string? fileName, string[] operands, CancellationToken cancellationToken)
    {
        var stderr = Console.Error;
        var (mounts, config, status) = await LoadMountsAsync(mountTexts, configPath).ConfigureAwait(false);
        if (status != 0) return status;

        string script;
        string? scriptName = null;
        IReadOnlyList<string> arguments;
        if (commandText is not null)
        {
            script = commandText;
            // Like bash -c: the first operand is $0, the rest are $1...
            scriptName = operands.Length > 0 ? operands[0] : null;
            arguments = operands.Skip(1).ToArray();
        }
        else
        {
            var path = fileName ?? (operands.Length > 0 ? operands[0] : null);
            if (path is null)
            {
                await stderr.WriteLineAsync("mirage: run needs a script: -c SCRIPT, --file SCRIPT_FILE or SCRIPT_FILE").ConfigureAwait(false);
                return 2;
            }
            try
            {
                script = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"mirage: {path}: {Describe(e)}").ConfigureAwait(false);
                return 127;
            }
            scriptName = path;
            arguments = operands.Skip(fileName is null ? 1 : 0).ToArray();
        }

        await using var workspace = new Workspace(mounts, new WorkspaceOptions
        {
            WorkingDirectory = cwd ?? config?.WorkingDirectory,
            Environment = config?.Environment,
        });
        var stdout = Console.OpenStandardOutput();
        var errors = Console.OpenStandardError();
        var stdin = Console.IsInputRedirected ? Console.OpenStandardInput() : Stream.Null;
        var result = await workspace.ExecuteAsync(script, new ExecuteOptions
        {
            Stdin = stdin,
            Stdout = stdout,
            Stderr = errors,
            Arguments = arguments,
            ScriptName = scriptName,
        }, cancellationToken).ConfigureAwait(false);
        await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
        return result.ExitCode;
    }

    /// <summary>
    /// The mounts of --config (when given) and --mount options, /data and /tmp in RAM when neither is; a bad
    /// file or option is reported on stderr and answered with status 2.
    /// </summary>
    internal static async Task<(List<Mount> Mounts, WorkspaceConfig? Config, int Status)> LoadMountsAsync(string[] mountTexts, string? configPath)
    {
        var stderr = Console.Error;
        var mounts = new List<Mount>();
        WorkspaceConfig? config = null;
        if (configPath is not null)
        {
            try
            {
                config = WorkspaceConfig.Load(configPath, MountTypes.CreateRegistry());
            }
            catch (ConfigurationException e)
            {
                foreach (var error in e.Errors) await stderr.WriteLineAsync($"mirage: {error}").ConfigureAwait(false);
                return (mounts, null, 2);
            }
            mounts.AddRange(config.Mounts);
        }
        foreach (var text in mountTexts.Length == 0 && config is null ? ["/data=ram", "/tmp=ram"] : mountTexts)
        {
            if (!MountOption.TryParse(text, out var mount, out var error))
            {
                await stderr.WriteLineAsync($"mirage: {error}").ConfigureAwait(false);
                return (mounts, config, 2);
            }
            mounts.Add(mount!);
        }
        return (mounts, config, 0);
    }

    private static string Describe(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
        UnauthorizedAccessException => "Permission denied",
        _ => e.Message,
    };
}
