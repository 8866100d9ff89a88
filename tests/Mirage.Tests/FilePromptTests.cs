using Mirage.Vfs;
using Mirage.Vfs.Disk;
using Mirage.Vfs.Ram;

namespace Mirage.Tests;

public sealed class FilePromptTests
{
    [Fact]
    public async Task The_prompt_lists_each_mount_with_kind_mode_description_and_notes()
    {
        var folder = Directory.CreateTempSubdirectory("mirage-prompt-").FullName;
        try
        {
            await using var workspace = new Workspace(
            [
                new Mount(VPath.Parse("/docs"), new DiskResource(folder, "Product manuals in Markdown."), MountMode.Read),
                new Mount(VPath.Parse("/data"), new RamResource()),
            ]);
            var prompt = new FilePromptBuilder(workspace)
                .Note("/data", "events.jsonl holds one JSON object per line.")
                .Line("Answer in English.")
                .Build();
            var lines = prompt.Split('\n');
            Assert.Equal("Mounts:", lines[2]);
            Assert.Equal("- /data (ram, read-write): In-memory files and directories; they last as long as the workspace.", lines[3]);
            Assert.Equal("  Note: events.jsonl holds one JSON object per line.", lines[4]);
            Assert.Equal("- /docs (disk, read-only): Product manuals in Markdown.", lines[5]);
            Assert.Contains("Write only under /data; elsewhere writing fails with \"Read-only file system\".", lines);
            Assert.Contains("Commands start in /docs.", lines);
            var commands = lines.Single(l => l.StartsWith("Commands: ", StringComparison.Ordinal));
            foreach (var name in workspace.Commands.Names) Assert.Contains(" " + name + " ", commands.Replace(",", " ", StringComparison.Ordinal) + " ", StringComparison.Ordinal);
            Assert.Equal("Answer in English.", lines[^2]);
            Assert.Equal(new FilePromptBuilder(workspace).Build(), workspace.FilePrompt);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_workspace_without_writable_mounts_says_so_and_notes_need_a_mount()
    {
        await using var workspace = new Workspace([new Mount(VPath.Parse("/ro"), new RamResource(), MountMode.Read)]);
        Assert.Contains("Every mount is read-only: writing anywhere fails with \"Read-only file system\".\n", workspace.FilePrompt, StringComparison.Ordinal);
        Assert.Contains("- /ro (ram, read-only): ", workspace.FilePrompt, StringComparison.Ordinal);
        var error = Assert.Throws<ArgumentException>(() => new FilePromptBuilder(workspace).Note("/elsewhere", "x"));
        Assert.StartsWith("no mount at /elsewhere", error.Message, StringComparison.Ordinal);
    }
}
