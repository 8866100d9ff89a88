using System.Collections.Concurrent;
using Mirage.Commands;
using Mirage.Vfs;

namespace Mirage;

/// <summary>
/// Many data sources mounted side by side in one tree, driven with bash:
/// <code>
/// await using var ws = new Workspace(new Dictionary&lt;string, IResource&gt; { ["/data"] = new RamResource() });
/// var result = await ws.ExecuteAsync("echo hello > /data/a.txt; cat /data/a.txt");
/// </code>
/// Sessions keep their working directory, variables and functions between calls; each session runs
/// one script at a time, different sessions run concurrently.
/// </summary>
public sealed partial class Workspace : IAsyncDisposable
{
    public const string DefaultSessionId = "default";

    private readonly Dispatcher _dispatcher;
    private readonly WorkspaceShellHost _host;
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    /// <summary>A workspace whose mounts are all writable.</summary>
    public Workspace(IReadOnlyDictionary<string, IResource> mounts, WorkspaceOptions? options = null)
        : this(mounts.Select(m => new Mount(VPath.Parse(m.Key), m.Value)), options)
    {
    }

    public Workspace(IEnumerable<Mount> mounts, WorkspaceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        var list = mounts.ToList();
        Options = options ?? new WorkspaceOptions();
        _dispatcher = new Dispatcher(new MountTable(list), new OperationLog(Options.OperationLogCapacity));
        Commands = Options.Commands ?? CommandRegistry.CreateDefault();
        Files = new WorkspaceFiles(_dispatcher);
        _host = new WorkspaceShellHost(_dispatcher, Commands, RunNestedShellAsync);
        InitialWorkingDirectory = Options.WorkingDirectory is { } cwd
            ? VPath.Parse(cwd)
            : list.Count > 0 ? list[0].Prefix : VPath.Root;
        InitialEnvironment = DefaultEnvironment(InitialWorkingDirectory, Options.Environment);
    }

    public WorkspaceOptions Options { get; }

    /// <summary>Files without bash: read, write, list, stat, remove, copy, move.</summary>
    public WorkspaceFiles Files { get; }

    public IReadOnlyList<Mount> Mounts => _dispatcher.Mounts.Mounts;

    /// <summary>Every backend call, newest last, bounded.</summary>
    public OperationLog Operations => _dispatcher.Log;

    public CommandRegistry Commands { get; }

    /// <summary>
    /// A system prompt describing the mounts (prefix, kind, mode, description) and the commands; use
    /// <see cref="FilePromptBuilder"/> to add notes per mount.
    /// </summary>
    public string FilePrompt => new FilePromptBuilder(this).Build();

    internal Dispatcher Dispatcher => _dispatcher;

    internal VPath InitialWorkingDirectory { get; }

    internal IReadOnlyDictionary<string, string> InitialEnvironment { get; }

    /// <summary>A fresh interpreter over this workspace, with exported variables and a working directory.</summary>
    internal Mirage.Shell.Interpreter.Shell CreateShell(VPath workingDirectory, IEnumerable<KeyValuePair<string, string>> environment)
    {
        var shell = new Mirage.Shell.Interpreter.Shell(_host) { WorkingDirectory = workingDirectory };
        foreach (var (name, value) in environment) shell.SetVariable(name, value, export: true);
        shell.SetVariable("PWD", workingDirectory.Value, export: true);
        return shell;
    }

    /// <summary>`bash ...` started by a command (xargs, find -exec): a child shell with the caller's directory and environment.</summary>
    private async ValueTask<int> RunNestedShellAsync(Mirage.Shell.Interpreter.CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var shell = CreateShell(invocation.WorkingDirectory, invocation.Environment);
        shell.SetPositional(invocation.Arguments);
        shell.Umask = invocation.Umask;
        // "$@" runs argv as one simple command, so the shell's own bash builtin takes the arguments unquoted and unsplit.
        return await shell.ExecuteAsync("\"$@\"", invocation.Stdin, invocation.Stdout, invocation.Stderr, cancellationToken).ConfigureAwait(false);
    }

    private static Dictionary<string, string> DefaultEnvironment(VPath home, IReadOnlyDictionary<string, string>? configured)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
            ["HOME"] = home.Value,
            ["USER"] = "user",
            ["LOGNAME"] = "user",
            ["SHELL"] = "/bin/bash",
            ["TMPDIR"] = "/tmp",
        };
        foreach (var (name, value) in configured ?? new Dictionary<string, string>()) environment[name] = value;
        return environment;
    }

    public void Mount(string prefix, IResource resource, MountMode mode = MountMode.Write) =>
        _dispatcher.Mount(new Mount(VPath.Parse(prefix), resource, mode));

    /// <summary>Mounts <paramref name="resource"/> behind a cache (see <see cref="Mirage.Vfs.Caching.CachedResource"/>).</summary>
    public void Mount(string prefix, IResource resource, Mirage.Vfs.Caching.CacheOptions cache, MountMode mode = MountMode.Write) =>
        Mount(prefix, new Mirage.Vfs.Caching.CachedResource(resource, cache), mode);

    public void Unmount(string prefix) => _dispatcher.Unmount(VPath.Parse(prefix));

    /// <summary>The session with this id, created on first use.</summary>
    public Session GetSession(string id = DefaultSessionId) => _sessions.GetOrAdd(id, key => new Session(this, key));

    public IReadOnlyCollection<string> SessionIds => _sessions.Keys.ToArray();

    public bool CloseSession(string id) => _sessions.TryRemove(id, out _);

    /// <summary>Runs a bash script in a session (the default one unless <see cref="ExecuteOptions.SessionId"/> says otherwise).</summary>
    public Task<ExecutionResult> ExecuteAsync(string script, ExecuteOptions? options = null, CancellationToken cancellationToken = default) =>
        GetSession(options?.SessionId ?? DefaultSessionId).ExecuteAsync(script, options, cancellationToken);

    public Task<ExecutionResult> ExecuteAsync(string script, CancellationToken cancellationToken) =>
        ExecuteAsync(script, null, cancellationToken);

    public ValueTask DisposeAsync() => _dispatcher.DisposeAsync();
}

public sealed record WorkspaceOptions
{
    /// <summary>The working directory new sessions start in; the first mount when null.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables every new session starts with (exported).</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>The commands available to scripts; every shipped command when null.</summary>
    public CommandRegistry? Commands { get; init; }

    public int OperationLogCapacity { get; init; } = 4096;
}
