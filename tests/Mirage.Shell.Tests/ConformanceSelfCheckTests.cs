using System.Text;
using System.Diagnostics;

namespace Mirage.Shell.Tests;

/// <summary>
/// Runs the shell-*.cases conformance files through real bash (in an empty temporary folder) and
/// through our shell (over the in-memory test host), and requires the same stdout and status.
/// Cases marked as divergences must differ.
/// </summary>
public sealed class ConformanceSelfCheckTests
{
    private static string CasesDirectory
    {
        get
        {
            var directory = AppContext.BaseDirectory;
            while (!Directory.Exists(Path.Combine(directory, "tests", "conformance", "cases")))
            {
                directory = Path.GetDirectoryName(directory) ?? throw new DirectoryNotFoundException("tests/conformance/cases");
            }

            return Path.Combine(directory, "tests", "conformance", "cases");
        }
    }

    private static string FixtureDirectory => Path.Combine(Path.GetDirectoryName(CasesDirectory)!, "fixture");

    private sealed record Case(string Id, string Script, string? Divergence, bool CompareStderr);

    private static List<Case> Load()
    {
        var result = new List<Case>();
        foreach (var file in Directory.EnumerateFiles(CasesDirectory, "shell-*.cases").Order(StringComparer.Ordinal))
        {
            var area = Path.GetFileNameWithoutExtension(file);
            string? name = null;
            string? divergence = null;
            var stderr = false;
            var script = new StringBuilder();
            var directives = false;
            foreach (var line in File.ReadAllLines(file).Append(null))
            {
                if (line is null || line.StartsWith("## ", StringComparison.Ordinal))
                {
                    if (name is not null)
                    {
                        result.Add(new Case($"{area}/{name}", script.ToString().TrimEnd('\n') + "\n", divergence, stderr));
                    }

                    name = line?[3..].Trim();
                    divergence = null;
                    stderr = false;
                    script.Clear();
                    directives = true;
                    continue;
                }

                if (directives && line.StartsWith("#@", StringComparison.Ordinal))
                {
                    var directive = line[2..].Trim();
                    if (directive.StartsWith("divergence:", StringComparison.Ordinal))
                    {
                        divergence = directive["divergence:".Length..].Trim();
                    }
                    else
                    {
                        stderr |= directive == "stderr";
                    }

                    continue;
                }

                directives = false;
                if (name is not null)
                {
                    script.Append(line).Append('\n');
                }
            }
        }

        return result;
    }

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var item in Load())
        {
            data.Add(item.Id);
        }

        return data;
    }

    private static async Task<(string Stdout, string Stderr, int Status)> RunBashAsync(string script, string folder)
    {
        // Through env so that bash is argv[0] "bash" and SIGPIPE is back to its default (the test host ignores it).
        var start = new ProcessStartInfo("/usr/bin/env") { WorkingDirectory = folder, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--default-signal=PIPE");
        start.ArgumentList.Add("bash");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        start.Environment["LC_ALL"] = "C";
        start.Environment["TZ"] = "UTC";
        start.Environment["HOME"] = folder;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (await stdout, await stderr, process.ExitCode);
    }

    private static void CopyFixture(string target, TestHost host, string virtualRoot)
    {
        foreach (var file in Directory.EnumerateFiles(FixtureDirectory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(FixtureDirectory, file);
            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
            host.AddFile(virtualRoot + "/" + relative.Replace('\\', '/'), File.ReadAllBytes(file));
        }

        foreach (var directory in Directory.EnumerateDirectories(FixtureDirectory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(FixtureDirectory, directory);
            Directory.CreateDirectory(Path.Combine(target, relative));
            host.AddDirectory(virtualRoot + "/" + relative);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Case_matches_bash(string id)
    {
        var item = Load().Single(c => c.Id == id);
        var folder = Path.Combine(Path.GetTempPath(), "mirage-shell-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var host = new TestHost();
            CopyFixture(folder, host, "/work");
            var expected = await RunBashAsync(item.Script, folder);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var actual = await ShellRun.RunAsync(item.Script.Replace(folder, "/work", StringComparison.Ordinal), host, cancellationToken: timeout.Token);
            var expectedStdout = expected.Stdout.Replace(folder, "/work", StringComparison.Ordinal);
            var expectedStderr = expected.Stderr.Replace(folder, "/work", StringComparison.Ordinal);
            var same = expectedStdout == actual.Stdout && expected.Status == actual.Status
                && (!item.CompareStderr || expectedStderr == actual.Stderr);
            if (item.Divergence is not null)
            {
                Assert.False(same, $"{id} is marked as a divergence ({item.Divergence}) but now matches bash; remove the mark");
                return;
            }

            var report = new StringBuilder()
                .AppendLine($"--- bash (status {expected.Status}) stdout:").AppendLine(expectedStdout)
                .AppendLine($"--- ours (status {actual.Status}) stdout:").AppendLine(actual.Stdout)
                .AppendLine("--- bash stderr:").AppendLine(expectedStderr)
                .AppendLine("--- our stderr:").AppendLine(actual.Stderr);
            Assert.True(same, report.ToString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
