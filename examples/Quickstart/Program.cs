using Mirage;
using Mirage.Vfs;
using Mirage.Vfs.Disk;
using Mirage.Vfs.Ram;

// A RAM scratch area and a folder of this machine, side by side in one tree. The folder is mounted
// read-only: an agent can read everything in it and change nothing.
var sample = Path.Combine(AppContext.BaseDirectory, "sample");
await using var workspace = new Workspace(
[
    new Mount(VPath.Parse("/data"), new RamResource()),
    new Mount(VPath.Parse("/docs"), new DiskResource(sample), MountMode.Read),
]);

string[] lines =
[
    "ls /",
    "ls -l /docs | tail -n +2 | wc -l",
    "grep -c alert /docs/app.log",
    "grep alert /docs/app.log | cut -d' ' -f4-",
    "cp /docs/report.csv /data/report.csv && sort -t, -k3 -n -r /data/report.csv | head -n 2",
    "for f in /docs/*; do printf '%-8s %s lines\\n' \"$(basename \"$f\")\" \"$(wc -l < \"$f\")\"; done",
    "echo 'draft' > /docs/new.txt",
    "cat /docs/missing.txt",
    "nosuchcommand --help",
];

foreach (var line in lines)
{
    var result = await workspace.ExecuteAsync(line);
    Console.WriteLine($"$ {line}");
    Console.Write(result.StdoutText);
    Console.Write(result.StderrText);
    if (result.ExitCode != 0) Console.WriteLine($"[exit {result.ExitCode}]");
    Console.WriteLine();
}

// The same files without bash.
await workspace.Files.WriteAllTextAsync("/data/summary.txt", "2 alerts, 4 regions\n");
Console.WriteLine($"/data holds: {string.Join(", ", (await workspace.Files.ListAsync("/data")).Select(e => e.Name))}");
