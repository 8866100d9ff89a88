using System.Globalization;
using System.Text;
using Mirage.Shell.Expansion;
using Mirage.Shell.Syntax;
using Mirage.Shell.Syntax.Ast;
using Mirage.Vfs;

namespace Mirage.Shell.Interpreter;

/// <summary>Resource limits of one shell; every limit fails with a message naming it.</summary>
public sealed record ShellLimits
{
    /// <summary>Iterations of any single loop.</summary>
    public long MaxLoopIterations { get; init; } = 100_000_000;

    /// <summary>Nested function calls (and sourced files).</summary>
    public int MaxCallDepth { get; init; } = 1000;

    /// <summary>Bytes written to the shell's own standard output by one <see cref="Shell.ExecuteAsync"/>.</summary>
    public long MaxOutputBytes { get; init; } = 16L * 1024 * 1024 * 1024;

    /// <summary>Wall-clock time of one <see cref="Shell.ExecuteAsync"/>; null for none.</summary>
    public TimeSpan? WallClock { get; init; } = TimeSpan.FromMinutes(30);
}

/// <summary>Thrown when a limit trips; it ends the whole execution.</summary>
public sealed class ShellLimitExceededException : Exception
{
    public ShellLimitExceededException()
    {
    }

    public ShellLimitExceededException(string message)
        : base(message)
    {
    }

    public ShellLimitExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>set -o options.</summary>
public sealed class ShellFlags
{
    public bool ErrExit { get; set; }

    public bool XTrace { get; set; }

    public bool PipeFail { get; set; }

    public bool NoClobber { get; set; }

    public bool AllExport { get; set; }

    public bool Verbose { get; set; }

    public bool NoExec { get; set; }

    public ShellFlags Clone() => (ShellFlags)MemberwiseClone();
}

/// <summary>
/// A bash interpreter over an <see cref="IShellHost"/>: state (variables, functions, options,
/// working directory, positional parameters, traps, last status) persists between executions.
/// </summary>
public sealed partial class Shell : IExpansionContext, IArithmeticVariables
{
    internal const string Version = "5.2.21(1)-release";

    private readonly IShellHost host;
    private readonly Runtime runtime;
    private readonly Expander expander;
    private Dictionary<string, FunctionDefinition> functions;
    private readonly Dictionary<string, string> aliases;
    private readonly Dictionary<string, string> traps;
    private List<string> positional;
    private IoTable io = new(Stream.Null, Stream.Null, Stream.Null);

    public Shell(IShellHost host, ShellLimits? limits = null)
    {
        this.host = host;
        runtime = new Runtime(limits ?? new ShellLimits());
        Variables = new VariableStore();
        functions = new Dictionary<string, FunctionDefinition>(StringComparer.Ordinal);
        aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        traps = new Dictionary<string, string>(StringComparer.Ordinal);
        positional = [];
        Settings = new ExpansionSettings { ExtGlob = true };
        Flags = new ShellFlags();
        expander = new Expander(this);
        Variables.EvaluateArithmetic = text => Arithmetic.Evaluate(text, this);
        InitialiseVariables();
    }

    private Shell(Shell parent)
    {
        host = parent.host;
        runtime = parent.runtime;
        Variables = parent.Variables.Clone();
        functions = new Dictionary<string, FunctionDefinition>(parent.functions, StringComparer.Ordinal);
        aliases = new Dictionary<string, string>(parent.aliases, StringComparer.Ordinal);
        traps = new Dictionary<string, string>(parent.traps, StringComparer.Ordinal);
        traps.Remove("EXIT");
        positional = [.. parent.positional];
        Settings = parent.Settings.Clone();
        Flags = parent.Flags.Clone();
        WorkingDirectory = parent.WorkingDirectory;
        Umask = parent.Umask;
        ScriptName = parent.ScriptName;
        LastStatus = parent.LastStatus;
        currentLine = parent.currentLine;
        errexitSuppressed = parent.errexitSuppressed;
        callDepth = parent.callDepth;
        loopDepth = 0;
        functionNames = [.. parent.functionNames];
        IsSubshell = true;
        expander = new Expander(this);
        Variables.EvaluateArithmetic = text => Arithmetic.Evaluate(text, this);
        io = parent.io;
        lastBackgroundPid = parent.lastBackgroundPid;
        runningFunctionSource = parent.runningFunctionSource;
        substitutionDescriptors = new Dictionary<int, Stream>(parent.substitutionDescriptors);
        CopyShoptsFrom(parent);
    }

    public VariableStore Variables { get; }

    public ExpansionSettings Settings { get; }

    public ShellFlags Flags { get; }

    public ShellLimits Limits => runtime.Limits;

    public VPath WorkingDirectory { get; set; } = VPath.Root;

    /// <summary>$0: "bash" for <c>-c</c> strings, the file name for scripts.</summary>
    public string ScriptName { get; set; } = "bash";

    public int LastStatus { get; set; }

    public IReadOnlyList<string> Positional => positional;

    public IReadOnlyDictionary<string, FunctionDefinition> Functions => functions;

    internal bool IsSubshell { get; private set; }

    internal IShellHost Host => host;

    internal Expander Expander => expander;

    internal IoTable Io => io;

    internal Dictionary<string, string> Aliases => aliases;

    internal Dictionary<string, string> Traps => traps;

    internal int CurrentLine => currentLine;

    public string? HomeDirectory => Variables.Get("HOME");

    /// <summary>True when the locale variables, in POSIX precedence, name a UTF-8 locale; otherwise the C locale applies.</summary>
    internal bool UsesUtf8Locale
    {
        get
        {
            var locale = Variables.Get("LC_ALL") is { Length: > 0 } all ? all
                : Variables.Get("LC_CTYPE") is { Length: > 0 } ctype ? ctype
                : Variables.Get("LANG") ?? "";
            return locale.Contains("UTF-8", StringComparison.OrdinalIgnoreCase) || locale.Contains("utf8", StringComparison.OrdinalIgnoreCase);
        }
    }

    bool IArithmeticVariables.NoUnset => Settings.NoUnset;

    public void SetPositional(IEnumerable<string> values) => positional = [.. values];

    /// <summary>Sets (and optionally exports) a variable, as the environment of a session does.</summary>
    public void SetVariable(string name, string value, bool export = false)
    {
        Variables.Set(name, value);
        if (export)
        {
            Variables.GetOrCreate(name).Attributes |= VariableAttributes.Exported;
        }
    }

    private void InitialiseVariables()
    {
        Variables.Set("IFS", " \t\n");
        Variables.Set("PS4", "+ ");
        Variables.Set("OPTIND", "1");
        Variables.Set("BASH_VERSION", Version);
        Variables.Set("BASH", "/bin/bash");
        Variables.Set("HOSTNAME", "mirage");
        Variables.Set("SHELL", "/bin/bash");
        Variables.GetOrCreate("BASH_VERSINFO");
        Variables.SetArray(Variables.GetOrCreate("BASH_VERSINFO"), [(null, "5"), (null, "2"), (null, "21"), (null, "1"), (null, "release"), (null, "x86_64-pc-linux-gnu")], append: false, associative: false);
    }

    /// <summary>
    /// Parses and runs <paramref name="script"/> as <c>bash -c</c> would, with the given standard
    /// streams. Returns the exit status; state changes stay for the next call.
    /// </summary>
    public async Task<int> ExecuteAsync(string script, Stream stdin, Stream stdout, Stream stderr, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (Limits.WallClock is { } wallClock)
        {
            deadline.CancelAfter(wallClock);
        }

        // The limit is per script: a long-lived shell (a workspace session) starts every script at zero.
        runtime.ResetOutputCount();
        var limited = new LimitedOutputStream(stdout, runtime);
        io = new IoTable(stdin, limited, stderr);
        control = ControlFlow.None;
        try
        {
            var status = await RunSourceAsync(script, deadline.Token).ConfigureAwait(false);
            status = await RunExitTrapAsync(status, deadline.Token).ConfigureAwait(false);
            await WaitForJobsAsync().ConfigureAwait(false);
            return status;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            await WriteErrorAsync($"bash: time limit exceeded: the script ran longer than {Limits.WallClock?.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s\n").ConfigureAwait(false);
            return LastStatus = 124;
        }
        catch (ShellLimitExceededException limit)
        {
            await WriteErrorAsync($"bash: {limit.Message}\n").ConfigureAwait(false);
            return LastStatus = 1;
        }
        finally
        {
            control = ControlFlow.None;
            await CloseSubstitutionsAsync(0).ConfigureAwait(false);
            await ReleaseKeptSubstitutionsAsync(all: true).ConfigureAwait(false);
            await DisposeAllAsync(persistentStreams).ConfigureAwait(false);
            await limited.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Parses and runs source text in this shell (the top level, eval, source, bash -c).</summary>
    internal async ValueTask<int> RunSourceAsync(string source, CancellationToken cancellationToken, string? errorContext = "-c")
    {
        if (GetShopt("expand_aliases") || source.Contains("expand_aliases", StringComparison.Ordinal))
        {
            return await RunWithAliasesAsync(source, errorContext, cancellationToken).ConfigureAwait(false);
        }

        Script script;
        try
        {
            script = Parser.Parse(source);
        }
        catch (ParseException error)
        {
            // bash runs the commands before the bad one: run the longest prefix that parses.
            var lines = source.Split('\n');
            for (var keep = Math.Min(error.Line - 1, lines.Length); keep > 0; keep--)
            {
                Script prefix;
                try
                {
                    prefix = Parser.Parse(string.Join('\n', lines.Take(keep)));
                }
                catch (ParseException)
                {
                    continue;
                }

                await RunTopLevelAsync(prefix.Statements, cancellationToken).ConfigureAwait(false);
                if (Ended)
                {
                    return LastStatus;
                }

                break;
            }

            return await SyntaxErrorAsync(error, errorContext).ConfigureAwait(false);
        }

        return await RunTopLevelAsync(script.Statements, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads and runs one line at a time, as bash does, so an alias defined on one line expands on the
    /// next. (A script is otherwise parsed whole: running the lines before a syntax error gives the same result.)
    /// </summary>
    private async ValueTask<int> RunWithAliasesAsync(string source, string? errorContext, CancellationToken cancellationToken)
    {
        var status = LastStatus;
        using var lines = Parser.ParseLines(source, aliases: name => GetShopt("expand_aliases") && aliases.TryGetValue(name, out var text) ? text : null).GetEnumerator();
        while (true)
        {
            try
            {
                if (!lines.MoveNext())
                {
                    return status;
                }
            }
            catch (ParseException error)
            {
                return await SyntaxErrorAsync(error, errorContext).ConfigureAwait(false);
            }

            status = await RunTopLevelAsync(lines.Current.Statements, cancellationToken).ConfigureAwait(false);
            if (control != ControlFlow.None)
            {
                return status;
            }
        }
    }

    private async ValueTask<int> SyntaxErrorAsync(ParseException error, string? errorContext)
    {
        await WarnUnterminatedAsync(error.UnterminatedHereDocuments).ConfigureAwait(false);
        var where = errorContext is null ? $"{ErrorName}: line {error.Line}: " : $"{ErrorName}: {errorContext}: line {error.Line}: ";
        var text = new StringBuilder(where).Append(error.Message).Append('\n');
        if (error.SourceLine is not null)
        {
            text.Append(where).Append('`').Append(error.SourceLine).Append("'\n");
        }

        await WriteErrorAsync(text.ToString()).ConfigureAwait(false);
        LastStatus = 2;
        control = ControlFlow.Exit;
        return 2;
    }

    /// <summary>
    /// The name errors start with: $0, or, inside a function, where the function was defined. bash 5.2
    /// names a function from a <c>-c</c> string "environment" (its BASH_SOURCE), as it names imported ones.
    /// </summary>
    private string ErrorName => runningFunctionSource ?? (ScriptName == "bash" || ScriptName == "sh" ? "bash" : ScriptName);

    /// <summary>Where each function was defined, for <see cref="ErrorName"/>: "environment" for a <c>-c</c> string, else the script.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<FunctionDefinition, string> FunctionSources = new();

    private string? runningFunctionSource;

    private void RememberFunctionSource(FunctionDefinition definition) =>
        FunctionSources.AddOrUpdate(definition, ScriptName == "bash" || ScriptName == "sh" ? "environment" : ScriptName);

    /// <summary>Writes a "bash: line N: message" line to the current standard error.</summary>
    internal ValueTask ReportAsync(string message) => WriteErrorAsync($"{ErrorName}: line {currentLine}: {message}\n");

    internal async ValueTask WriteErrorAsync(string text)
    {
        try
        {
            await io.Stderr.WriteAsync(Mirage.Shell.Syntax.ShellEncoding.GetBytes(text)).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // stderr gone: nothing else to tell.
        }
    }

    internal static ValueTask WriteAsync(Stream stream, string text, CancellationToken cancellationToken) =>
        text.Length == 0 ? ValueTask.CompletedTask : stream.WriteAsync(Mirage.Shell.Syntax.ShellEncoding.GetBytes(text), cancellationToken);

    /// <summary>A copy of this shell for a subshell, command substitution or pipeline stage.</summary>
    internal Shell CreateSubshell() => new(this);

    private async ValueTask<int> RunExitTrapAsync(int status, CancellationToken cancellationToken)
    {
        if (traps.Remove("EXIT", out var handler) && handler.Length > 0)
        {
            var savedControl = control;
            control = ControlFlow.None;
            LastStatus = status;
            await RunSourceAsync(handler, cancellationToken).ConfigureAwait(false);
            if (control != ControlFlow.Exit)
            {
                control = savedControl;
                return status;
            }

            return LastStatus;
        }

        return status;
    }

    /// <summary>State shared by a shell and all its subshells: limits, counters, job ids.</summary>
    private sealed class Runtime(ShellLimits limits)
    {
        private long outputBytes;
        private int nextPid = 4242;

        public ShellLimits Limits { get; } = limits;

        public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;

        public Random Random { get; } = new();

        public int ProcessId { get; } = 4242;

        public int NewProcessId() => Interlocked.Increment(ref nextPid);

        public void ResetOutputCount() => Interlocked.Exchange(ref outputBytes, 0);

        public void CountOutput(int bytes)
        {
            if (Interlocked.Add(ref outputBytes, bytes) > Limits.MaxOutputBytes)
            {
                throw new ShellLimitExceededException($"output limit exceeded: more than {Limits.MaxOutputBytes} bytes written");
            }
        }
    }

    /// <summary>The caller's stdout, counting bytes against the output limit.</summary>
    private sealed class LimitedOutputStream(Stream inner, Runtime runtime) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Write(byte[] buffer, int offset, int count)
        {
            runtime.CountOutput(count);
            inner.Write(buffer, offset, count);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            runtime.CountOutput(buffer.Length);
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
