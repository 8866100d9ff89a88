using System.Globalization;
using System.Text;
using Mirage.Shell.Interpreter;
using Mirage.Vfs;
using ShellInterpreter = Mirage.Shell.Interpreter.Shell;

namespace Mirage;

/// <summary>
/// A shell's state between calls: working directory, variables, functions, options. A session runs one
/// script at a time; callers that share a session wait their turn.
/// </summary>
public sealed class Session
{
    private readonly Workspace _workspace;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly ShellInterpreter _shell;

    internal Session(Workspace workspace, string id)
    {
        _workspace = workspace;
        Id = id;
        _shell = workspace.CreateShell(workspace.InitialWorkingDirectory, workspace.InitialEnvironment);
    }

    /// <summary>The status of a line its caller cancelled, as bash gives a foreground command killed by SIGINT.</summary>
    public const int InterruptedStatus = 130;

    public string Id { get; }

    /// <summary>The directory the next script starts in.</summary>
    public string WorkingDirectory => _shell.WorkingDirectory.Value;

    /// <summary>A variable's current value, or null when unset.</summary>
    public string? GetVariable(string name) => _shell.Variables.Get(name);

    public async Task<ExecutionResult> ExecuteAsync(string script, ExecuteOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(script);
        options ??= new ExecuteOptions();
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var stdout = options.Stdout is null ? new CappedBuffer(options.MaxOutputBytes) : null;
            using var stderr = options.Stderr is null ? new CappedBuffer(options.MaxOutputBytes) : null;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (options.Timeout is { } timeout) deadline.CancelAfter(timeout);
            var restore = ApplyCallSettings(options);
            int status;
            var timedOut = false;
            try
            {
                status = await _shell.ExecuteAsync(
                    script,
                    options.Stdin ?? Stream.Null,
                    (Stream?)options.Stdout ?? stdout!,
                    (Stream?)options.Stderr ?? stderr!,
                    deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                timedOut = true;
                status = _shell.LastStatus = 124;
                var notice = Encoding.UTF8.GetBytes($"mirage: time limit exceeded: the command ran longer than {options.Timeout!.Value.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s and was stopped\n");
                if (stderr is not null) stderr.AppendUncapped(notice);
                else await options.Stderr!.WriteAsync(notice, CancellationToken.None).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The caller interrupted the line (Ctrl-C at a prompt, a client that went away): as in bash after
                // SIGINT, the next line of this session sees $? = 128 + 2.
                _shell.LastStatus = InterruptedStatus;
                throw;
            }
            finally
            {
                restore();
            }
            return new ExecutionResult(status, stdout?.ToArray() ?? [], stderr?.ToArray() ?? [])
            {
                StdoutOmittedBytes = stdout?.OmittedBytes ?? 0,
                StderrOmittedBytes = stderr?.OmittedBytes ?? 0,
                TimedOut = timedOut,
            };
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Applies per-call settings and returns how to undo those that are for this call only.</summary>
    private Action ApplyCallSettings(ExecuteOptions options)
    {
        if (options.Arguments is not null) _shell.SetPositional(options.Arguments);
        if (options.ScriptName is not null) _shell.ScriptName = options.ScriptName;
        var undo = new List<Action>();
        if (options.WorkingDirectory is not null)
        {
            var previous = _shell.WorkingDirectory;
            _shell.WorkingDirectory = VPath.Combine(previous, options.WorkingDirectory);
            undo.Add(() => _shell.WorkingDirectory = previous);
        }
        foreach (var (name, value) in options.Environment ?? new Dictionary<string, string>())
        {
            var previous = _shell.Variables.Get(name);
            _shell.SetVariable(name, value, export: true);
            undo.Add(() =>
            {
                if (previous is null) _shell.Variables.Unset(name);
                else _shell.SetVariable(name, previous, export: true);
            });
        }
        return () =>
        {
            for (var i = undo.Count - 1; i >= 0; i--) undo[i]();
        };
    }
}
