using System.Diagnostics;
using System.Text;
using Mirage.Vfs;
using Mirage.Vfs.Ram;

namespace Mirage.Commands.Tests;

/// <summary>
/// Runs one argv through the real GNU tool in a copy of the conformance fixture and through our command on a
/// RAM copy of the same tree, so each side's stdout, stderr and status can be compared byte for byte.
/// </summary>
public static class GnuComparison
{
    public static string FixtureDirectory { get; } = FindFixture();

    public static async Task<(RunResult Gnu, RunResult Ours)> RunBothAsync(string[] argv, string stdin = "")
    {
        var root = Path.Combine(Path.GetTempPath(), "mirage-cmp-" + Guid.NewGuid().ToString("N")[..10]);
        var work = Path.Combine(root, "w");
        try
        {
            CopyDirectory(FixtureDirectory, work);
            Directory.CreateDirectory(Path.Combine(work, "empty-dir"));
            var gnu = await RunGnuAsync(argv, work, stdin);
            await using var box = new Sandbox(new Mount(VPath.Parse(work), new RamResource()), new Mount(VPath.Parse("/tmp"), new RamResource()));
            box.WorkingDirectory = VPath.Parse(work);
            await SeedAsync(box, FixtureDirectory, VPath.Parse(work));
            await box.Files.CreateDirectoryAsync(VPath.Parse(work) / "empty-dir");
            var ours = await box.RunWithInputAsync(stdin, argv);
            return (gnu, ours);
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<RunResult> RunGnuAsync(string[] argv, string directory, string stdin)
    {
        var start = new ProcessStartInfo(argv[0])
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in argv.Skip(1)) start.ArgumentList.Add(argument);
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        start.Environment["LC_ALL"] = "C";
        start.Environment["TZ"] = "UTC";
        start.Environment["USER"] = "user";
        start.Environment["HOME"] = directory;
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        await Task.WhenAll(process.StandardOutput.BaseStream.CopyToAsync(stdout), process.StandardError.BaseStream.CopyToAsync(stderr));
        await process.WaitForExitAsync();
        return RunResult.From(process.ExitCode, stdout.ToArray(), stderr.ToArray());
    }

    private static async Task SeedAsync(Sandbox box, string hostDirectory, VPath directory)
    {
        foreach (var entry in new DirectoryInfo(hostDirectory).EnumerateFileSystemInfos())
        {
            var path = directory / entry.Name;
            if (entry is DirectoryInfo sub)
            {
                await box.Files.CreateDirectoryAsync(path);
                await SeedAsync(box, sub.FullName, path);
            }
            else
            {
                await ResourceOperations.WriteAllBytesAsync(box.Files, path, await File.ReadAllBytesAsync(entry.FullName));
            }
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var directory in Directory.EnumerateDirectories(from)) CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
    }

    private static string FindFixture()
    {
        var directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "Mirage.slnx"))) directory = Path.GetDirectoryName(directory);
        return Path.Combine(directory ?? throw new InvalidOperationException("repository root not found"), "tests", "conformance", "fixture");
    }
}
