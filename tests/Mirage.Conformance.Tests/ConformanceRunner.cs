using System.Text;
using Mirage.Vfs;
using Mirage.Vfs.Ram;

namespace Mirage.Conformance.Tests;

/// <summary>
/// Runs a case on a fresh copy of the fixture tree through real bash, and through our shell on a RAM
/// mount placed at the very same absolute path, so even `pwd` output can be compared.
/// </summary>
public static class ConformanceRunner
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string CasesDirectory => Path.Combine(RepositoryRoot, "tests", "conformance", "cases");

    public static string FixtureDirectory => Path.Combine(RepositoryRoot, "tests", "conformance", "fixture");

    public static IReadOnlyList<ConformanceCase> AllCases { get; } = ConformanceCase.LoadDirectory(CasesDirectory);

    /// <param name="tree">The working directory's tree for our shell, already holding the fixture; a fresh seeded RAM tree when null.</param>
    public static async Task<(ShellOutcome Bash, ShellOutcome Ours)> RunAsync(ConformanceCase testCase, Func<ValueTask<IResource>>? tree = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "mirage-conf-" + Guid.NewGuid().ToString("N")[..12]);
        var work = Path.Combine(root, "w");
        try
        {
            CopyFixture(work);
            var bash = await BashOracle.RunAsync(testCase.Script, work, Timeout).ConfigureAwait(false);
            var ours = await RunOursAsync(testCase.Script, work, tree).ConfigureAwait(false);
            return (bash, ours);
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A case may leave read-only bits behind; the temp folder is cleaned by the system later.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>Copies the fixture tree (and the empty directory cases expect) into a resource.</summary>
    public static async Task SeedFixtureAsync(IResource tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        await SeedAsync(tree, FixtureDirectory, VPath.Root).ConfigureAwait(false);
        await tree.CreateDirectoryAsync(VPath.Parse("/empty-dir")).ConfigureAwait(false);
    }

    private static async Task<ShellOutcome> RunOursAsync(string script, string workingDirectory, Func<ValueTask<IResource>>? makeTree)
    {
        IResource tree;
        if (makeTree is null)
        {
            tree = new RamResource();
            await SeedFixtureAsync(tree).ConfigureAwait(false);
        }
        else
        {
            tree = await makeTree().ConfigureAwait(false);
        }
        await using var workspace = new Workspace(
            [new Mount(VPath.Parse(workingDirectory), tree), new Mount(VPath.Parse("/tmp"), new RamResource())],
            new WorkspaceOptions { WorkingDirectory = workingDirectory, Environment = BashOracle.Environment(workingDirectory) });
        using var cancel = new CancellationTokenSource(Timeout);
        var result = await workspace.ExecuteAsync(script, new ExecuteOptions(), cancel.Token).ConfigureAwait(false);
        return new ShellOutcome(result.Stdout, result.Stderr, result.ExitCode);
    }

    private static async Task SeedAsync(IResource resource, string hostDirectory, VPath directory)
    {
        foreach (var entry in new DirectoryInfo(hostDirectory).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var path = directory / entry.Name;
            if (entry is DirectoryInfo sub)
            {
                await resource.CreateDirectoryAsync(path).ConfigureAwait(false);
                await SeedAsync(resource, sub.FullName, path).ConfigureAwait(false);
            }
            else
            {
                await ResourceOperations.WriteAllBytesAsync(resource, path, await File.ReadAllBytesAsync(entry.FullName).ConfigureAwait(false)).ConfigureAwait(false);
                if (resource.TryGetCapability<ITimestamps>(out var times))
                    await times.SetModifiedAsync(path, entry.LastWriteTimeUtc).ConfigureAwait(false);
            }
        }
    }

    private static void CopyFixture(string destination)
    {
        Directory.CreateDirectory(destination);
        CopyDirectory(FixtureDirectory, destination);
        Directory.CreateDirectory(Path.Combine(destination, "empty-dir"));
    }

    private static void CopyDirectory(string source, string destination)
    {
        if (!Directory.Exists(source)) return;
        foreach (var directory in Directory.EnumerateDirectories(source))
        {
            var target = Path.Combine(destination, Path.GetFileName(directory));
            Directory.CreateDirectory(target);
            CopyDirectory(directory, target);
        }
        foreach (var file in Directory.EnumerateFiles(source))
        {
            var target = Path.Combine(destination, Path.GetFileName(file));
            File.Copy(file, target);
            File.SetLastWriteTimeUtc(target, File.GetLastWriteTimeUtc(file));
        }
    }

    /// <summary>A readable account of how two outcomes differ, for a failing assertion.</summary>
    public static string Describe(ConformanceCase testCase, ShellOutcome bash, ShellOutcome ours)
    {
        var text = new StringBuilder();
        text.Append("case ").Append(testCase.Id).Append(" (line ").Append(testCase.Line).Append(")\n");
        text.Append("--- script\n").Append(testCase.Script);
        text.Append("--- bash: exit ").Append(bash.ExitCode).Append('\n').Append(Show(bash.StdoutText));
        if (bash.Stderr.Length > 0) text.Append("--- bash stderr\n").Append(Show(bash.StderrText));
        text.Append("--- ours: exit ").Append(ours.ExitCode).Append('\n').Append(Show(ours.StdoutText));
        if (ours.Stderr.Length > 0) text.Append("--- our stderr\n").Append(Show(ours.StderrText));
        return text.ToString();
    }

    private static string Show(string text) => text.Length > 4000 ? text[..4000] + "\n[...]\n" : text;

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Mirage.slnx"))) return directory.FullName;
        }
        throw new InvalidOperationException("Mirage.slnx not found above " + AppContext.BaseDirectory);
    }
}
