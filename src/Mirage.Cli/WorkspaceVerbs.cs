using System.CommandLine;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mirage.Server;

namespace Mirage.Cli;

/// <summary>`mirage workspace create | list | get | delete | snapshot | load`: workspaces held by the daemon.</summary>
internal static partial class WorkspaceVerbs
{
    private static readonly JsonSerializerOptions Pretty = new(DaemonClient.Json) { WriteIndented = true };

    public static Command Create()
    {
        var workspace = new Command("workspace", "Create, inspect, delete, snapshot and load workspaces kept by the daemon.");
        workspace.Subcommands.Add(CreateCreate());
        workspace.Subcommands.Add(CreateList());
        workspace.Subcommands.Add(CreateGet());
        workspace.Subcommands.Add(CreateDelete());
        workspace.Subcommands.Add(CreateSnapshot());
        workspace.Subcommands.Add(CreateLoad());
        return workspace;
    }

    private static Option<bool> JsonOption() => new("--json") { Description = "Print the answer as JSON." };

    private static Command CreateCreate()
    {
        var file = new Argument<string>("FILE") { Description = "The workspace's YAML file (see docs/workspace.schema.json)." };
        var id = new Option<string?>("--id") { Description = "The workspace's id (default: the file's id, else a new one)." };
        var json = JsonOption();
        var verb = new Command("create", "Create a workspace from a YAML file and print its id.") { file, id, json };
        verb.SetAction((result, cancellationToken) => Verb.RunAsync(async () =>
        {
            var path = result.GetValue(file)!;
            var yaml = await ReadHostFileAsync(path, cancellationToken).ConfigureAwait(false);
            using var client = await DaemonClient.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var request = new CreateWorkspaceRequest(
                yaml,
                result.GetValue(id),
                path,
                Path.GetDirectoryName(Path.GetFullPath(path)),
                ReferencedVariables(yaml));
            var created = await client.SendJsonAsync<WorkspaceInfo>(HttpMethod.Post, "v1/workspaces", request, cancellationToken).ConfigureAwait(false);
            await PrintAsync(created, result.GetValue(json), created.Id).ConfigureAwait(false);
            return 0;
        }));
        return verb;
    }

    private static Command CreateList()
    {
        var json = JsonOption();
        var verb = new Command("list", "List the daemon's workspaces: id, mounts, sessions.") { json };
        verb.SetAction((result, cancellationToken) => Verb.RunAsync(async () =>
        {
            using var client = await DaemonClient.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var all = await client.SendJsonAsync<List<WorkspaceInfo>>(HttpMethod.Get, "v1/workspaces", null, cancellationToken).ConfigureAwait(false);
            if (result.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(all, Pretty)).ConfigureAwait(false);
                return 0;
            }
            foreach (var workspace in all)
            {
                var mounts = string.Join(' ', workspace.Mounts.Select(m => $"{m.Prefix}({m.Type},{m.Mode})"));
                await Console.Out.WriteLineAsync($"{workspace.Id}\t{mounts}\tsessions: {workspace.Sessions.Count}").ConfigureAwait(false);
            }
            return 0;
        }));
        return verb;
    }

    private static Command CreateGet()
    {
        var id = new Argument<string>("ID") { Description = "The workspace's id." };
        var verb = new Command("get", "Print a workspace's mounts and sessions as JSON.") { id };
        verb.SetAction((result, cancellationToken) => Verb.RunAsync(async () =>
        {
            using var client = await DaemonClient.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var workspace = await client.SendJsonAsync<WorkspaceInfo>(HttpMethod.Get, "v1/workspaces/" + Verb.Escape(result.GetValue(id)!), null, cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(workspace, Pretty)).ConfigureAwait(false);
            return 0;
        }));
        return verb;
    }

    private static Command CreateDelete()
    {
        var id = new Argument<string>("ID") { Description = "The workspace's id." };
        var verb = new Command("delete", "Delete a workspace and its sessions (RAM contents are lost; snapshot first to keep them).") { id };
        verb.SetAction((result, cancellationToken) => Verb.RunAsync(async () =>
        {
            using var client = await DaemonClient.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var deleted = await client.SendJsonAsync<DeletedResponse>(HttpMethod.Delete, "v1/workspaces/" + Verb.Escape(result.GetValue(id)!), null, cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(deleted.Id).ConfigureAwait(false);
            return 0;
        }));
        return verb;
    }

    private static Command CreateSnapshot()
    {
        var id = new Argument<string>("ID") { Description = "The workspace's id." };
        var file = new Argument<string>("FILE") { Description = "The tar file to write." };
        var verb = new Command("snapshot", "Save a workspace (mounts, RAM and disk contents, cached files, sessions) to a tar file.") { id, file };
        verb.SetAction((result, cancellationToken) => Verb.RunAsync(async () =>
        {
            var path = Path.GetFullPath(result.GetValue(file)!);
            using var client = await DaemonClient.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using var request = client.NewRequest(HttpMethod.Get, $"v1/workspaces/{Verb.Escape(result.GetValue(id)!)}/snapshot");
            using var response = await client.SendAsync(request, cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            // Written beside the target and moved into place, so a failure never leaves half a file under its name.
            var partial = path + ".partial";
            try
            {
                var output = new FileStream(partial, FileMode.Create, FileAccess.Write);
                await using (output.ConfigureAwait(false))
                    await response.Content.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                File.Move(partial, path, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                File.Delete(partial);
                throw new CliException($"{result.GetValue(file)}: cannot write: {e.Message}");
            }
            return 0;
        }));
        return verb;
    }

    private static Command CreateLoad()
    {
        var file = new Argument<string>("FILE") { Description = "A tar written by `mirage workspace snapshot`." };
        var id = new Option<string?>("--id") { Description = "The new workspace's id (default: the snapshot's)." };
        var config = new Option<string?>("--config") { Description = "A YAML file giving back redacted secrets or changing settings: mounts: {PREFIX: {config: {KEY: VALUE}, restore: keep|overwrite}}." };
        var json = JsonOption();
        var verb = new Command("load", "Create a workspace from a snapshot tar and print its id.") { file, id, config, json };
        verb.SetAction((result, cancellationToken) => Verb.RunAsync(async () =>
        {
            var path = result.GetValue(file)!;
            if (!File.Exists(path)) throw new CliException($"{path}: No such file or directory", 2);
            var overridesPath = result.GetValue(config);
            var overrides = overridesPath is null ? null : await ReadHostFileAsync(overridesPath, cancellationToken).ConfigureAwait(false);
            using var client = await DaemonClient.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var tar = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            await using (tar.ConfigureAwait(false))
            {
                using var form = new MultipartFormDataContent();
                var snapshot = new StreamContent(tar);
                snapshot.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
                form.Add(snapshot, "snapshot", Path.GetFileName(path));
                if (result.GetValue(id) is { } newId) form.Add(new StringContent(newId), "id");
                if (overrides is not null)
                {
                    form.Add(new StringContent(overrides), "overrides");
                    form.Add(new StringContent(JsonSerializer.Serialize(ReferencedVariables(overrides), CliJsonContext.Default.DictionaryStringString)), "variables");
                    form.Add(new StringContent(overridesPath!), "overrides_name");
                    // Relative disk roots in the overrides are relative to the file, as in a workspace file.
                    form.Add(new StringContent(Path.GetDirectoryName(Path.GetFullPath(overridesPath!))!), "base_folder");
                }
                using var request = client.NewRequest(HttpMethod.Post, "v1/workspaces/load", form);
                using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
                var loaded = await response.Content.ReadFromJsonAsync<WorkspaceInfo>(DaemonClient.Json, cancellationToken).ConfigureAwait(false)
                    ?? throw new CliException("the daemon sent an empty answer");
                await PrintAsync(loaded, result.GetValue(json), loaded.Id).ConfigureAwait(false);
            }
            return 0;
        }));
        return verb;
    }

    private static async Task PrintAsync(WorkspaceInfo workspace, bool json, string plain) =>
        await Console.Out.WriteLineAsync(json ? JsonSerializer.Serialize(workspace, Pretty) : plain).ConfigureAwait(false);

    private static async Task<string> ReadHostFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliException($"{path}: No such file or directory", 2);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{path}: cannot read: {e.Message}", 2);
        }
    }

    /// <summary>The values of the variables a file names as ${VAR}, from this terminal's environment (the daemon's may differ).</summary>
    internal static Dictionary<string, string> ReferencedVariables(string yaml)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in VariableReference().Matches(yaml))
        {
            var name = match.Groups[1].Value;
            if (Environment.GetEnvironmentVariable(name) is { } value) variables[name] = value;
        }
        return variables;
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex VariableReference();
}
