using System.Text;
using Mirage.Vfs;

namespace Mirage;

/// <summary>
/// The system-prompt text that tells a model what a workspace holds: each mount's prefix, kind, mode and
/// the resource's own description, notes added by the caller, and the commands the shell knows.
/// <code>
/// var prompt = new FilePromptBuilder(workspace).Note("/logs", "one JSON object per line").Build();
/// </code>
/// </summary>
public sealed class FilePromptBuilder
{
    private readonly Workspace _workspace;
    private readonly Dictionary<VPath, List<string>> _notes = [];
    private readonly List<string> _extra = [];

    public FilePromptBuilder(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        _workspace = workspace;
    }

    /// <summary>Whether the list of command names is included (true by default).</summary>
    public bool IncludeCommands { get; set; } = true;

    /// <summary>Adds a note to the mount at <paramref name="prefix"/>: its layout, file formats, what to look for.</summary>
    public FilePromptBuilder Note(string prefix, string note)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(note);
        var path = VPath.Parse(prefix);
        if (!_workspace.Mounts.Any(m => m.Prefix == path)) throw new ArgumentException($"no mount at {path}", nameof(prefix));
        if (!_notes.TryGetValue(path, out var list)) _notes[path] = list = [];
        list.Add(note.Trim());
        return this;
    }

    /// <summary>Adds a line to the end of the prompt (a task-wide rule, say).</summary>
    public FilePromptBuilder Line(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        _extra.Add(text.Trim());
        return this;
    }

    public string Build()
    {
        var text = new StringBuilder();
        text.Append("You work in a virtual filesystem through bash: GNU bash 5.2 with GNU coreutils behaviour, ")
            .Append("run by Mirage, not by a real machine. Only the paths below exist; there is no network and no host program.\n\n");
        var mounts = _workspace.Mounts.OrderBy(m => m.Prefix.Value, StringComparer.Ordinal).ToList();
        text.Append("Mounts:\n");
        foreach (var mount in mounts)
        {
            var info = mount.Resource.Info;
            text.Append("- ").Append(mount.Prefix.Value).Append(" (").Append(info.Kind).Append(", ").Append(ModeText(mount)).Append("): ")
                .Append(info.Description.Trim()).Append('\n');
            foreach (var tip in FlagTips(info.Flags)) text.Append("  ").Append(tip).Append('\n');
            foreach (var note in _notes.GetValueOrDefault(mount.Prefix) ?? []) text.Append("  Note: ").Append(note).Append('\n');
        }

        var writable = mounts.Where(m => m.CanWrite).Select(m => m.Prefix.Value).ToList();
        text.Append('\n');
        text.Append(writable.Count == 0
            ? "Every mount is read-only: writing anywhere fails with \"Read-only file system\".\n"
            : $"Write only under {string.Join(", ", writable)}; elsewhere writing fails with \"Read-only file system\".\n");
        text.Append("Commands start in ").Append(_workspace.InitialWorkingDirectory.Value).Append(".\n");
        if (IncludeCommands)
        {
            text.Append("Commands: ").Append(string.Join(' ', _workspace.Commands.Names))
                .Append(", and the bash builtins (cd, echo, printf, read, test, export, ...).\n");
        }
        text.Append("Tips: find files with find DIR -name 'GLOB' and text with grep -rn PATTERN DIR; read big files in parts ")
            .Append("(head, tail, sed -n 'A,Bp'); jq reads JSON and JSON lines; pipes and redirections work as in bash.\n");
        foreach (var line in _extra) text.Append(line).Append('\n');
        return text.ToString();
    }

    private static string ModeText(Mount mount) => !mount.CanWrite ? "read-only" : mount.Mode == MountMode.Exec ? "read-write, scripts may run" : "read-write";

    private static IEnumerable<string> FlagTips(ResourceFlags flags)
    {
        if (flags.HasFlag(ResourceFlags.ImplicitDirectories)) yield return "Directories exist only while they hold files: mkdir alone leaves nothing behind.";
        if (flags.HasFlag(ResourceFlags.CaseInsensitive)) yield return "Names are case-insensitive.";
        if (flags.HasFlag(ResourceFlags.UnknownSizes)) yield return "Sizes in listings may be unknown until a file is read.";
    }
}
