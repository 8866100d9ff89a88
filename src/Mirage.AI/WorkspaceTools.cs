using System.ComponentModel;
using System.Globalization;
using System.Text;
using Mirage.Vfs;

namespace Mirage.AI;

/// <summary>
/// The operations an agent uses on a workspace, each answering with compact text for a model:
/// execute, read_file, write_file, edit_file, ls, grep, glob. Refusals throw
/// <see cref="WorkspaceToolException"/> with a message the model can act on. Both the
/// Microsoft.Extensions.AI functions and the MCP tools are made from these methods.
/// </summary>
public sealed class WorkspaceTools
{
    private readonly Workspace _workspace;

    public WorkspaceTools(Workspace workspace, WorkspaceToolOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        _workspace = workspace;
        Options = options ?? new WorkspaceToolOptions();
    }

    public WorkspaceToolOptions Options { get; }

    public Workspace Workspace => _workspace;

    [Description("Run a bash command line in the workspace: GNU bash 5.2 with the GNU tools (grep, find, sed, awk, jq, sort, head, wc, xargs, ...). " +
                 "Pipes, redirections, loops and functions work; the working directory, variables and functions last between calls. " +
                 "Returns standard output, then standard error and the exit code. Long output is cut with a notice: redirect it to a file and read that in parts.")]
    public async Task<string> ExecuteAsync(
        [Description("The bash command line, e.g. grep -rn ERROR /data | head -n 20")] string command,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(command)) throw new WorkspaceToolException("command is empty: give a bash command line such as 'ls /'");
        var result = await RunAsync(command, Options.SessionId, cancellationToken).ConfigureAwait(false);
        return FormatResult(result);
    }

    [Description("Read a text file, with line numbers (like cat -n). Use offset and limit to page through long files. Binary files are described, not shown.")]
    public async Task<string> ReadFileAsync(
        [Description("Absolute path of the file, e.g. /data/report.md")] string path,
        [Description("The first line to return, counting from 1")] int offset = 1,
        [Description("How many lines to return")] int limit = 2000,
        CancellationToken cancellationToken = default)
    {
        var file = Resolve(path);
        if (offset < 1) throw new WorkspaceToolException($"offset must be 1 or more (lines count from 1), got {offset}");
        if (limit < 1) throw new WorkspaceToolException($"limit must be 1 or more, got {limit}");
        await RequireFileAsync(file, cancellationToken).ConfigureAwait(false);
        // The first block decides text or binary; a text file is then streamed line by line from its start.
        var head = await ReadHeadAsync(file, cancellationToken).ConfigureAwait(false);
        if (BinarySniffer.Describe(head) is { } kind)
        {
            var size = (await _workspace.Files.StatAsync(file.Value, cancellationToken).ConfigureAwait(false))?.Size;
            return $"{file}: binary file ({kind}{(size is { } bytes ? $", {bytes.ToString(CultureInfo.InvariantCulture)} bytes" : "")}); its bytes are not shown. " +
                   $"Inspect it with execute, e.g. xxd {ShellQuote.Quote(file.Value)} | head";
        }
        var content = await _workspace.Files.OpenReadAsync(file.Value, ByteRange.All, cancellationToken).ConfigureAwait(false);
        await using (content.ConfigureAwait(false))
        {
            using var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
            return await NumberLinesAsync(reader, file, offset, limit, cancellationToken).ConfigureAwait(false);
        }
    }

    [Description("Create or overwrite a file with the given text; missing parent directories are made.")]
    public async Task<string> WriteFileAsync(
        [Description("Absolute path of the file, e.g. /data/summary.md")] string path,
        [Description("The whole new content of the file")] string content,
        CancellationToken cancellationToken = default)
    {
        var file = Resolve(path);
        RequireWritable(file, "write_file");
        ArgumentNullException.ThrowIfNull(content);
        var existing = await _workspace.Files.StatAsync(file.Value, cancellationToken).ConfigureAwait(false);
        if (existing is { Kind: EntryKind.Directory }) throw new WorkspaceToolException($"{file} is a directory: give a file path inside it");
        if (!file.Parent.IsRoot) await _workspace.Files.CreateDirectoryAsync(file.Parent.Value, parents: true, cancellationToken).ConfigureAwait(false);
        var bytes = Encoding.UTF8.GetBytes(content);
        await _workspace.Files.WriteAllBytesAsync(file.Value, bytes, cancellationToken).ConfigureAwait(false);
        return $"{(existing is null ? "created" : "overwrote")} {file} ({bytes.Length.ToString(CultureInfo.InvariantCulture)} bytes)";
    }

    [Description("Replace exact text in a file. old_string must match the file exactly (whitespace included) and only once, unless replace_all is true.")]
    public async Task<string> EditFileAsync(
        [Description("Absolute path of the file")] string path,
        [Description("The exact text to replace, with enough context to be unique")] string old_string,
        [Description("The text to put in its place")] string new_string,
        [Description("Replace every occurrence instead of requiring exactly one")] bool replace_all = false,
        CancellationToken cancellationToken = default)
    {
        var file = Resolve(path);
        RequireWritable(file, "edit_file");
        if (string.IsNullOrEmpty(old_string)) throw new WorkspaceToolException("old_string is empty: give the exact text to replace (use write_file to create a file)");
        ArgumentNullException.ThrowIfNull(new_string);
        if (old_string == new_string) throw new WorkspaceToolException("old_string and new_string are the same: nothing would change");
        await RequireFileAsync(file, cancellationToken).ConfigureAwait(false);
        var text = await _workspace.Files.ReadAllTextAsync(file.Value, cancellationToken).ConfigureAwait(false);
        var occurrences = CountOccurrences(text, old_string);
        if (occurrences == 0)
            throw new WorkspaceToolException($"old_string was not found in {file}: read the file and copy the text exactly, whitespace and line breaks included");
        if (occurrences > 1 && !replace_all)
            throw new WorkspaceToolException($"old_string occurs {occurrences} times in {file}: add surrounding lines to make it unique, or set replace_all to true to replace them all");
        var updated = replace_all ? text.Replace(old_string, new_string, StringComparison.Ordinal) : ReplaceFirst(text, old_string, new_string);
        await _workspace.Files.WriteAllTextAsync(file.Value, updated, cancellationToken).ConfigureAwait(false);
        return $"replaced {occurrences} occurrence{(occurrences == 1 ? "" : "s")} in {file}";
    }

    [Description("List a directory: one entry per line, directories ending in '/', files with their size in bytes.")]
    public async Task<string> ListAsync(
        [Description("Absolute path of the directory (default /)")] string path = "/",
        CancellationToken cancellationToken = default)
    {
        var directory = Resolve(path);
        var entry = await _workspace.Files.StatAsync(directory.Value, cancellationToken).ConfigureAwait(false)
            ?? throw new WorkspaceToolException($"{directory}: No such file or directory");
        if (entry.Kind != EntryKind.Directory) return $"{directory} is a file ({Size(entry)})";
        var entries = await _workspace.Files.ListAsync(directory.Value, cancellationToken).ConfigureAwait(false);
        if (entries.Count == 0) return $"{directory} is empty";
        var text = new StringBuilder();
        var shown = 0;
        foreach (var child in entries)
        {
            if (shown++ == Options.MaxResults)
            {
                text.Append(CultureInfo.InvariantCulture, $"[{entries.Count - Options.MaxResults} more entries not shown; narrow down with glob or execute: ls {ShellQuote.Quote(directory.Value)} | sed -n ...]\n");
                break;
            }
            text.Append(child.Name);
            text.Append(child.Kind switch
            {
                EntryKind.Directory => "/",
                EntryKind.Symlink => "@",
                _ => "  " + Size(child),
            });
            text.Append('\n');
        }
        return text.ToString();
    }

    [Description("Search file contents under a path with a regular expression (GNU grep -E syntax). Returns path:line:text for each match.")]
    public async Task<string> GrepAsync(
        [Description("The extended regular expression, e.g. ERROR|WARN")] string pattern,
        [Description("The file or directory to search (default /)")] string path = "/",
        [Description("Only files whose name matches this glob, e.g. *.log (default: every file)")] string glob = "",
        [Description("Match upper and lower case alike")] bool ignore_case = false,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(pattern)) throw new WorkspaceToolException("pattern is empty: give a regular expression to search for");
        var root = Resolve(path);
        var line = new StringBuilder("grep -rnHE");
        if (ignore_case) line.Append('i');
        if (glob is { Length: > 0 }) line.Append(" --include=").Append(ShellQuote.Quote(glob));
        line.Append(" -e ").Append(ShellQuote.Quote(pattern)).Append(" -- ").Append(ShellQuote.Quote(root.Value));
        line.Append(" | head -n ").Append((Options.MaxResults + 1).ToString(CultureInfo.InvariantCulture));
        line.Append("; exit \"${PIPESTATUS[0]}\"");
        var result = await RunAsync(line.ToString(), ToolSessionId, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == 1 && result.Stdout.Length == 0) return $"no matches for /{pattern}/ under {root}";
        if (result.ExitCode > 1 && result.Stdout.Length == 0) throw new WorkspaceToolException(result.StderrText.Trim());
        return CapLines(result.StdoutText, "matches", "narrow the search with path or glob");
    }

    [Description("Find files whose path matches a glob, e.g. **/*.json (** crosses directories). Returns absolute paths, sorted.")]
    public async Task<string> GlobAsync(
        [Description("The glob, relative to path: *.log, **/*.csv, reports/2026-*/summary.md")] string pattern,
        [Description("The directory to search from (default /)")] string path = "/",
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(pattern)) throw new WorkspaceToolException("pattern is empty: give a glob such as **/*.txt");
        var root = Resolve(path);
        // A subshell keeps the options, IFS and directory of the tool session as they were; IFS= leaves spaces in the glob alone.
        var line = $"( cd -- {ShellQuote.Quote(root.Value)} || exit 2; shopt -s globstar nullglob extglob; p={ShellQuote.Quote(pattern.TrimStart('/'))}; IFS=; m=( $p ); " +
                   $"for f in \"${{m[@]}}\"; do printf '%s\\n' \"${{PWD%/}}/$f\"; done | head -n {(Options.MaxResults + 1).ToString(CultureInfo.InvariantCulture)} )";
        var result = await RunAsync(line, ToolSessionId, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0 && result.Stdout.Length == 0) throw new WorkspaceToolException(result.StderrText.Trim());
        if (result.Stdout.Length == 0) return $"no paths match {pattern} under {root}";
        return CapLines(result.StdoutText, "paths", "use a narrower pattern or path");
    }

    /// <summary>grep and glob run in a session of their own, so they never wait behind or disturb the model's own session.</summary>
    private string ToolSessionId => Options.SessionId + ".tools";

    private Task<ExecutionResult> RunAsync(string line, string sessionId, CancellationToken cancellationToken) =>
        _workspace.ExecuteAsync(line, new ExecuteOptions
        {
            SessionId = sessionId,
            MaxOutputBytes = Options.MaxOutputBytes,
            Timeout = Options.Timeout,
        }, cancellationToken);

    private string FormatResult(ExecutionResult result)
    {
        var text = new StringBuilder();
        text.Append(result.StdoutText);
        if (result.StdoutOmittedBytes > 0)
        {
            if (text.Length > 0 && text[^1] != '\n') text.Append('\n');
            text.Append(CultureInfo.InvariantCulture,
                $"[output truncated: showed the first {result.Stdout.Length} of {result.Stdout.Length + result.StdoutOmittedBytes} bytes; redirect the output to a file and read it in parts with head, tail, sed -n or grep]\n");
        }
        if (result.Stderr.Length > 0)
        {
            if (text.Length > 0 && text[^1] != '\n') text.Append('\n');
            text.Append("[stderr]\n").Append(result.StderrText);
            if (result.StderrOmittedBytes > 0)
            {
                if (text[^1] != '\n') text.Append('\n');
                text.Append(CultureInfo.InvariantCulture, $"[stderr truncated: {result.StderrOmittedBytes} more bytes]\n");
            }
        }
        if (text.Length > 0 && text[^1] != '\n') text.Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"[exit code {result.ExitCode}]");
        return text.ToString();
    }

    private string CapLines(string output, string what, string hint)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length <= Options.MaxResults) return output;
        return string.Join('\n', lines.Take(Options.MaxResults)) + $"\n[more than {Options.MaxResults} {what}; only the first {Options.MaxResults} are shown: {hint}]\n";
    }

    private async Task<string> NumberLinesAsync(StreamReader reader, VPath file, int offset, int count, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var number = 0;
        var budget = Options.MaxOutputBytes;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            number++;
            if (number < offset) continue;
            if (number >= offset + count || text.Length >= budget)
            {
                text.Append(CultureInfo.InvariantCulture, $"[more lines follow; read on with offset={number}]\n");
                return text.ToString();
            }
            if (line.Length > Options.MaxLineLength) line = line[..Options.MaxLineLength] + " [line cut]";
            text.Append(number.ToString(CultureInfo.InvariantCulture).PadLeft(6)).Append('\t').Append(line).Append('\n');
        }
        if (number == 0) return $"{file} is empty";
        if (number < offset) throw new WorkspaceToolException($"{file} has {number} line{(number == 1 ? "" : "s")}; offset {offset} is past the end");
        return text.ToString();
    }

    private async Task<byte[]> ReadHeadAsync(VPath file, CancellationToken cancellationToken)
    {
        var stream = await _workspace.Files.OpenReadAsync(file.Value, new ByteRange(0, BinarySniffer.SampleBytes), cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[BinarySniffer.SampleBytes];
            var length = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return buffer[..length];
        }
    }

    private VPath Resolve(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new WorkspaceToolException("path is empty: give an absolute path such as /data/file.txt");
        return VPath.Combine(VPath.Parse(_workspace.GetSession(Options.SessionId).WorkingDirectory), path);
    }

    private async Task RequireFileAsync(VPath file, CancellationToken cancellationToken)
    {
        var entry = await _workspace.Files.StatAsync(file.Value, cancellationToken).ConfigureAwait(false)
            ?? throw new WorkspaceToolException($"{file}: No such file or directory; find files with glob or ls");
        if (entry.Kind == EntryKind.Directory) throw new WorkspaceToolException($"{file} is a directory: list it with ls");
    }

    /// <summary>Refuses before anything is written, naming where writing is allowed.</summary>
    private void RequireWritable(VPath file, string tool)
    {
        if (Options.ReadOnly)
            throw new WorkspaceToolException($"{tool} is disabled: this workspace is read-only. Read and search files instead, and give your result in your reply.");
        var mount = _workspace.Mounts.Where(m => file.IsUnder(m.Prefix)).MaxBy(m => m.Prefix.Depth);
        if (mount is not null && mount.CanWrite && mount.Prefix != file) return;
        var writable = _workspace.Mounts.Where(m => m.CanWrite).Select(m => m.Prefix.Value).Order(StringComparer.Ordinal).ToList();
        var where = mount is null ? $"{file} is outside every mount" : $"{file} is on {mount.Prefix}, which is read-only";
        throw new WorkspaceToolException(writable.Count == 0
            ? $"cannot write: {where}, and no mount of this workspace is writable. Give your result in your reply instead."
            : $"cannot write: {where}. Writable mounts: {string.Join(", ", writable)}; write the file under one of them.");
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    private static string ReplaceFirst(string text, string value, string replacement)
    {
        var at = text.IndexOf(value, StringComparison.Ordinal);
        return string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + value.Length));
    }

    private static string Size(EntryInfo entry) => entry.Size is { } size ? size.ToString(CultureInfo.InvariantCulture) + " bytes" : "size unknown";
}
