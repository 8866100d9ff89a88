using System.Text;
using Mirage.Vfs;
using Mirage.Vfs.Ram;

namespace Mirage.Commands.Tests.Text;

/// <summary>
/// Runs the text commands' conformance cases that need no full shell (simple pipelines) directly against the
/// commands, and the same script through real bash with GNU tools on a copy of the fixture tree.
/// </summary>
public sealed class TextCaseTests : ICommandRunner
{
    private static readonly string[] CaseFiles =
    [
        "grep", "sed", "sort", "uniq", "cut", "tr", "paste", "join", "comm", "nl", "rev", "tac", "fold", "fmt", "column",
        "expand", "unexpand", "shuf", "strings", "iconv", "numfmt", "expr", "bc", "xargs", "printf", "echo", "test",
    ];

    private static readonly CommandRegistry Registry = new(FileSystemCommands.All().Concat(TextCommands.All()));

    private Dispatcher? _files;

    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Mirage.slnx"))) directory = directory.Parent;
            return directory?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }

    private static string FixtureDirectory => Path.Combine(RepositoryRoot, "tests", "conformance", "fixture");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var conformanceCase in LoadCases())
            data.Add(conformanceCase.Id);
        return data;
    }

    private static IEnumerable<TextCase> LoadCases()
    {
        var directory = Path.Combine(RepositoryRoot, "tests", "conformance", "cases");
        foreach (var area in CaseFiles)
        {
            var file = Path.Combine(directory, area + ".cases");
            if (!File.Exists(file)) continue;
            foreach (var conformanceCase in TextCase.Parse(area, File.ReadAllText(file)))
            {
                if (conformanceCase.Divergent) continue;
                if (!MiniScript.TryParse(conformanceCase.Script, out var pipelines)) continue;
                if (pipelines.SelectMany(p => p.Stages).Any(s => !Registry.TryGet(s.Argv[0], out _))) continue;
                yield return conformanceCase;
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Case_matches_GNU(string id)
    {
        var conformanceCase = LoadCases().Single(c => c.Id == id);
        var real = await RunRealAsync(conformanceCase.Script);
        var ours = await RunOursAsync(conformanceCase.Script);
        Assert.Equal(Show(real.Stdout), Show(ours.Stdout));
        Assert.Equal(real.ExitCode, ours.ExitCode);
        if (conformanceCase.CompareStderr) Assert.Equal(real.StderrText, ours.StderrText);
    }

    private static string Show(byte[] bytes) => Encoding.Latin1.GetString(bytes);

    private static async Task<Outcome> RunRealAsync(string script)
    {
        var directory = Directory.CreateTempSubdirectory("mirage-text-case-");
        try
        {
            CopyDirectory(FixtureDirectory, directory.FullName);
            return await RealBash.RunAsync(script, directory.FullName);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source)) File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        foreach (var sub in Directory.EnumerateDirectories(source)) CopyDirectory(sub, Path.Combine(destination, Path.GetFileName(sub)));
    }

    private async Task<Outcome> RunOursAsync(string script)
    {
        _files = new Dispatcher(new MountTable([new Mount(VPath.Root, new RamResource())]));
        await LoadTreeAsync(FixtureDirectory, VPath.Root);
        Assert.True(MiniScript.TryParse(script, out var pipelines));
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        var status = 0;
        var skip = false;
        foreach (var pipeline in pipelines)
        {
            if (!skip)
            {
                byte[] input = [];
                for (var index = 0; index < pipeline.Stages.Count; index++)
                {
                    var stage = pipeline.Stages[index];
                    if (stage.HereDoc is not null) input = Encoding.UTF8.GetBytes(stage.HereDoc);
                    // The tree holds no /dev: an input from /dev/null is simply empty.
                    if (stage.InputFile is not null) input = stage.InputFile == "/dev/null" ? [] : await ResourceOperations.ReadAllBytesAsync(_files, VPath.Combine(VPath.Root, stage.InputFile));
                    using var stageOut = new MemoryStream();
                    using var stageErr = new MemoryStream();
                    var argv = stage.Argv.Select(a => a == "\u0001status" ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : a).ToList();
                    status = await ((ICommandRunner)this).RunAsync(argv, new MemoryStream(input), stageOut, stage.MergeStderr ? stageOut : stageErr, CancellationToken.None);
                    if (!stage.DiscardStderr) stderr.Write(stageErr.ToArray());
                    input = stageOut.ToArray();
                    if (stage.OutputFile is not null)
                    {
                        var target = VPath.Combine(VPath.Root, stage.OutputFile);
                        if (stage.AppendOutput && await _files.StatAsync(target) is not null)
                            input = [.. await ResourceOperations.ReadAllBytesAsync(_files, target), .. input];
                        await ResourceOperations.WriteAllBytesAsync(_files, target, input);
                        input = [];
                    }
                }
                stdout.Write(input);
            }
            skip = pipeline.Joiner switch { "&&" => status != 0, "||" => status == 0, _ => false };
        }
        return new Outcome(stdout.ToArray(), stderr.ToArray(), status);
    }

    private async Task LoadTreeAsync(string directory, VPath target)
    {
        foreach (var file in Directory.EnumerateFiles(directory))
            await ResourceOperations.WriteAllBytesAsync(_files!, target / Path.GetFileName(file), await File.ReadAllBytesAsync(file));
        foreach (var sub in Directory.EnumerateDirectories(directory))
        {
            var path = target / Path.GetFileName(sub);
            await _files!.CreateDirectoryAsync(path);
            await LoadTreeAsync(sub, path);
        }
    }

    async ValueTask<int> ICommandRunner.RunAsync(IReadOnlyList<string> arguments, Stream stdin, Stream stdout, Stream stderr, CancellationToken cancellationToken)
    {
        if (!Registry.TryGet(arguments[0], out var command))
        {
            await stderr.WriteAsync(Encoding.UTF8.GetBytes($"bash: {arguments[0]}: command not found\n"), cancellationToken);
            return 127;
        }
        var context = new CommandContext
        {
            Name = arguments[0],
            Arguments = arguments.Skip(1).ToList(),
            Stdin = stdin,
            Stdout = stdout,
            Stderr = stderr,
            WorkingDirectory = VPath.Root,
            Environment = new Dictionary<string, string> { ["LC_ALL"] = "C", ["TZ"] = "UTC", ["PATH"] = "/usr/bin:/bin" },
            Files = _files!,
            Runner = this,
            CancellationToken = cancellationToken,
        };
        return await command.RunAsync(context);
    }
}
