using System.Collections.Concurrent;
using System.Text;
using Mirage.Vfs;
using Mirage.Vfs.Ram;

namespace Mirage.Conformance.Tests;

/// <summary>
/// Runs a case on a fresh copy of the fixture tree through real bash, and through our shell on a mount
/// (RAM unless a matrix column says otherwise) placed at the very same absolute path, so even `pwd` output can be compared.
/// </summary>
public static class ConformanceRunner
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string CasesDirectory => Path.Combine(RepositoryRoot, "tests", "conformance", "cases");

    public static string FixtureDirectory => Path.Combine(RepositoryRoot, "tests", "conformance", "fixture");

    public static IReadOnlyList<ConformanceCase> AllCases { get; } = ConformanceCase.LoadDirectory(CasesDirectory);

    /// <summary>
    /// Runs a case through our shell over <paramref name="tree"/> (a fresh seeded RAM tree when null) and compares it
    /// with real bash on a host copy of the fixture. Bash's answer for a case is kept for the other mounts the case
    /// runs over; a kept answer that disagrees is checked once more against a fresh bash run, as a case may print times.
    /// </summary>
    public static async Task<(ShellOutcome Bash, ShellOutcome Ours)> RunAsync(ConformanceCase testCase, IWorkingTree? tree = null)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        var reference = await BashReferences.GetOrAdd(testCase.Id, _ => new Lazy<Task<BashReference>>(() => RunBashAsync(testCase, NewWorkingDirectory()))).Value.ConfigureAwait(false);
        var ours = await RunOursAsync(testCase.Script, reference.WorkingDirectory, tree).ConfigureAwait(false);
        if (Same(testCase, reference.Outcome, ours) || reference.Taken > DateTimeOffset.UtcNow - FreshFor) return (reference.Outcome, ours);
        var fresh = await RunBashAsync(testCase, reference.WorkingDirectory).ConfigureAwait(false);
        return (fresh.Outcome, ours);
    }

    /// <summary>True when our outcome is bash's: exit status, stdout, and stderr when the case compares it.</summary>
    public static bool Same(ConformanceCase testCase, ShellOutcome bash, ShellOutcome ours)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        ArgumentNullException.ThrowIfNull(bash);
        ArgumentNullException.ThrowIfNull(ours);
        return bash.ExitCode == ours.ExitCode
            && bash.Stdout.AsSpan().SequenceEqual(ours.Stdout)
            && (!testCase.CompareStderr || bash.Stderr.AsSpan().SequenceEqual(ours.Stderr));
    }

    private static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(5);

    private static readonly ConcurrentDictionary<string, Lazy<Task<BashReference>>> BashReferences = new(StringComparer.Ordinal);

    private sealed record BashReference(string WorkingDirectory, ShellOutcome Outcome, DateTimeOffset Taken);

    private static string NewWorkingDirectory() => Path.Combine(Path.GetTempPath(), "mirage-conf-" + Guid.NewGuid().ToString("N")[..12], "w");

    private static async Task<BashReference> RunBashAsync(ConformanceCase testCase, string work)
    {
        var root = Path.GetDirectoryName(work)!;
        try
        {
            CopyFixture(work);
            var outcome = await BashOracle.RunAsync(testCase.Script, work, Timeout).ConfigureAwait(false);
            return new BashReference(work, outcome, DateTimeOffset.UtcNow);
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

    private static async Task<ShellOutcome> RunOursAsync(string script, string workingDirectory, IWorkingTree? tree)
    {
        tree ??= new FreshRamTree();
        var mountPoint = VPath.Parse(workingDirectory);
        var options = new WorkspaceOptions { WorkingDirectory = workingDirectory, Environment = BashOracle.Environment(workingDirectory), OperationLogCapacity = WriteWatchCapacity };
        var workspace = new Workspace([new Mount(mountPoint, await tree.RentAsync().ConfigureAwait(false)), new Mount(VPath.Parse("/tmp"), new RamResource())], options);
        IReadOnlySet<VPath>? written = null;
        try
        {
            using var cancel = new CancellationTokenSource(Timeout);
            var result = await workspace.ExecuteAsync(script, new ExecuteOptions(), cancel.Token).ConfigureAwait(false);
            written = Written(workspace.Operations, mountPoint);
            return new ShellOutcome(result.Stdout, result.Stderr, result.ExitCode);
        }
        finally
        {
            await workspace.DisposeAsync().ConfigureAwait(false);
            await tree.ReturnAsync(written).ConfigureAwait(false);
        }
    }

    private const int WriteWatchCapacity = 1 << 16;

    /// <summary>The paths the case changed in the tree; null when that is unknown (the log overflowed).</summary>
    private static HashSet<VPath>? Written(OperationLog log, VPath mountPoint) =>
        log.Position > WriteWatchCapacity
            ? null
            : log.Snapshot()
                .Where(record => record.Mount == mountPoint && record.Kind is not (OperationKind.Stat or OperationKind.List or OperationKind.Read))
                .Select(record => record.Path)
                .ToHashSet();

    /// <summary>Directories first, then their files side by side: a remote tree takes one round trip per file.</summary>
    internal static async Task SeedAsync(IResource resource, string hostDirectory, VPath directory)
    {
        var entries = new DirectoryInfo(hostDirectory).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        var directories = entries.OfType<DirectoryInfo>().ToList();
        foreach (var sub in directories) await resource.CreateDirectoryAsync(directory / sub.Name).ConfigureAwait(false);
        var writes = entries.OfType<FileInfo>().Select(file => SeedFileAsync(resource, file, directory / file.Name));
        await Task.WhenAll(writes.Concat(directories.Select(sub => SeedAsync(resource, sub.FullName, directory / sub.Name)))).ConfigureAwait(false);
    }

    /// <summary>Writes one fixture file with its modification time, where the tree keeps times.</summary>
    internal static async Task SeedFileAsync(IResource resource, FileInfo file, VPath path)
    {
        await ResourceOperations.WriteAllBytesAsync(resource, path, await File.ReadAllBytesAsync(file.FullName).ConfigureAwait(false)).ConfigureAwait(false);
        if (resource.TryGetCapability<ITimestamps>(out var times))
            await times.SetModifiedAsync(path, file.LastWriteTimeUtc).ConfigureAwait(false);
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
