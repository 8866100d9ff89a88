using Microsoft.Extensions.AI;
using Mirage.Vfs;
using Mirage.Vfs.Disk;
using Mirage.Vfs.Ram;

namespace Mirage.AI.Tests;

/// <summary>The workspace functions inside Microsoft.Extensions.AI's own tool-calling loop.</summary>
public sealed class FunctionLoopTests
{
    [Fact]
    public async Task A_tool_loop_runs_the_functions_and_hands_their_results_back_to_the_model()
    {
        await using var workspace = new Workspace([
            new Mount(VPath.Parse("/logs"), new RamResource(), MountMode.Read),
            new Mount(VPath.Parse("/out"), new RamResource()),
        ]);
        // Seeded beside the mount table: the mount is read-only for the workspace, not for its owner.
        var logs = (RamResource)workspace.Mounts.Single(m => m.Prefix == VPath.Parse("/logs")).Resource;
        await ResourceOperations.WriteAllBytesAsync(logs, VPath.Parse("/a.log"), "ok\nalert: disk\nalert: cpu\n"u8.ToArray());
        await ResourceOperations.WriteAllBytesAsync(logs, VPath.Parse("/b.log"), "alert: net\n"u8.ToArray());

        string? counted = null;
        var model = new ScriptedChatClient(
            _ => ScriptedChatClient.Call(
                ("c1", "execute", new() { ["command"] = "grep -r alert /logs | wc -l" }),
                ("c2", "glob", new() { ["pattern"] = "*.log", ["path"] = "/logs" })),
            seen =>
            {
                counted = ScriptedChatClient.ResultOf(seen, "c1");
                return ScriptedChatClient.Call(
                    ("c3", "write_file", new() { ["path"] = "/out/summary.txt", ["content"] = "alerts: " + counted.Split('\n')[0] + "\n" }),
                    ("c4", "write_file", new() { ["path"] = "/logs/summary.txt", ["content"] = "x" }));
            },
            _ => new ChatMessage(ChatRole.Assistant, "done"));
        using var client = new ChatClientBuilder(model).UseFunctionInvocation().Build();

        var response = await client.GetResponseAsync("count the alerts", new ChatOptions { Tools = [.. WorkspaceFunctions.Create(workspace)] });

        Assert.Equal("done", response.Text);
        Assert.Equal("3\n[exit code 0]", counted);
        var second = model.Requests[1];
        Assert.Equal("/logs/a.log\n/logs/b.log\n", ScriptedChatClient.ResultOf(second, "c2"));
        var third = model.Requests[2];
        Assert.Equal("created /out/summary.txt (10 bytes)", ScriptedChatClient.ResultOf(third, "c3"));
        Assert.Equal("Error: cannot write: /logs/summary.txt is on /logs, which is read-only. Writable mounts: /out; write the file under one of them.",
            ScriptedChatClient.ResultOf(third, "c4"));
        Assert.Equal("alerts: 3\n", await workspace.Files.ReadAllTextAsync("/out/summary.txt"));
        Assert.Equal(["execute", "read_file", "write_file", "edit_file", "ls", "grep", "glob"], model.Options[0]!.Tools!.Select(t => t.Name));
    }

    [Fact]
    public async Task Every_function_says_what_it_does_and_describes_its_parameters()
    {
        await using var workspace = new Workspace(new Dictionary<string, IResource> { ["/data"] = new RamResource() });
        foreach (var function in WorkspaceFunctions.Create(workspace))
        {
            Assert.True(function.Description.Length > 40, function.Name);
            var properties = function.JsonSchema.GetProperty("properties");
            Assert.NotEmpty(properties.EnumerateObject());
            foreach (var parameter in properties.EnumerateObject())
                Assert.True(parameter.Value.TryGetProperty("description", out _), $"{function.Name}.{parameter.Name} has no description");
        }
        var edit = WorkspaceFunctions.Create(workspace).Single(f => f.Name == "edit_file");
        Assert.Equal(["path", "old_string", "new_string", "replace_all"], edit.JsonSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["path", "old_string", "new_string"], edit.JsonSchema.GetProperty("required").EnumerateArray().Select(p => p.GetString()));
    }
}
