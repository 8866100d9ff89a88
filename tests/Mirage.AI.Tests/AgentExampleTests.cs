using Mirage.Testing;

namespace Mirage.AI.Tests;

/// <summary>examples/Agent, run as a user runs it: offline, it finds, reads and summarises logs through the tools.</summary>
public sealed class AgentExampleTests : IClassFixture<TemporaryFolder>
{
    private readonly TemporaryFolder _folder;

    public AgentExampleTests(TemporaryFolder folder) => _folder = folder;

    private static string Executable
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            return Path.Join(CliRunner.RepositoryRoot, "examples", "Agent", "bin", configuration, "net10.0", "Agent");
        }
    }

    [Fact]
    public async Task The_offline_agent_finds_reads_and_writes_a_summary_of_the_alerts()
    {
        var data = _folder.CreateSubfolder();
        var output = Path.Join(_folder.Path, "out-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Join(data, "web"));
        await File.WriteAllTextAsync(Path.Join(data, "web", "front.log"), "GET / 200\nalert: cert expires in 3 days\nGET /a 200\n");
        await File.WriteAllTextAsync(Path.Join(data, "jobs.log"), "alert: queue backlog 5000\nalert: worker 3 down\n");
        await File.WriteAllTextAsync(Path.Join(data, "notes.txt"), "alert: not a log file\n");

        var run = await CliRunner.RunProgramAsync(Executable, ["--data", data, "--out", output]);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal("""
            # Alerts

            | file | lines | alerts |
            |---|---|---|
            | /data/jobs.log | 2 | 2 |
            | /data/web/front.log | 3 | 1 |

            3 alerts in 2 files.

            - /data/jobs.log: alert: queue backlog 5000
            - /data/jobs.log: alert: worker 3 down
            - /data/web/front.log: alert: cert expires in 3 days

            """, await File.ReadAllTextAsync(Path.Join(output, "summary.md")));
        // Every step went through a tool: find, read each file, write.
        Assert.Contains("> glob pattern=**/*.log path=/data\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("> read_file path=/data/web/front.log\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("< created /out/summary.md (", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("The summary of the alerts is in /out/summary.md.", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_agent_reports_a_missing_data_folder()
    {
        var missing = Path.Join(_folder.Path, "none");
        var run = await CliRunner.RunProgramAsync(Executable, ["--data", missing]);
        Assert.Equal((2, $"agent: {missing}: No such directory\n"), (run.ExitCode, run.Stderr));
    }
}
