using System.Text;
using Mirage.Shell.Expansion;
using Mirage.Shell.Interpreter.Builtins;
using Mirage.Shell.Syntax.Ast;
using Mirage.Vfs;

namespace Mirage.Shell.Interpreter;

/// <summary>An argument of a declaration command: plain text, or an assignment kept whole.</summary>
internal sealed record DeclarationArgument(string? Text, Assignment? Assignment);

public sealed partial class Shell
{
    private static readonly HashSet<string> DeclarationCommands = new(StringComparer.Ordinal) { "declare", "typeset", "local", "export", "readonly" };

    private int? lastSubstitutionStatus;

    private async ValueTask<int> RunSimpleAsync(SimpleCommand command, CancellationToken cancellationToken)
    {
        currentLine = command.Line;
        lastSubstitutionStatus = null;
        List<string> arguments;
        List<DeclarationArgument>? declarations = null;
        try
        {
            if (command.Words.Count > 0 && command.Words[0].UnquotedText is { } first && DeclarationCommands.Contains(first)
                && command.Words.Skip(1).Any(static word => word.Parts is [AssignmentPart]))
            {
                arguments = [first];
                declarations = [];
                foreach (var word in command.Words.Skip(1))
                {
                    if (word.Parts is [AssignmentPart assignmentPart])
                    {
                        declarations.Add(new DeclarationArgument(null, assignmentPart.Assignment));
                        arguments.Add(assignmentPart.Assignment.Name + "=");
                    }
                    else
                    {
                        foreach (var text in await expander.ExpandWordsAsync([word], cancellationToken).ConfigureAwait(false))
                        {
                            declarations.Add(new DeclarationArgument(text, null));
                            arguments.Add(text);
                        }
                    }
                }
            }
            else
            {
                arguments = await expander.ExpandWordsAsync(command.Words, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ExpansionException error)
        {
            return await ExpansionFailedAsync(error).ConfigureAwait(false);
        }

        if (Ended)
        {
            return LastStatus;
        }

        if (arguments.Count == 0)
        {
            return await RunAssignmentsOnlyAsync(command, cancellationToken).ConfigureAwait(false);
        }

        var opened = new List<Stream>();
        var saved = io;
        IoTable? applied = null;
        var pushedFrame = false;
        try
        {
            if (command.Redirections.Count > 0)
            {
                var redirected = await ApplyRedirectionsAsync(command.Redirections, io, opened, cancellationToken).ConfigureAwait(false);
                if (redirected is null)
                {
                    return 1;
                }

                io = redirected;
            }

            applied = io;

            // Assignments before a command hold only for that command.
            Dictionary<string, string>? environmentOverrides = null;
            if (command.Assignments.Count > 0)
            {
                var name = arguments[0];
                if (functions.ContainsKey(name) || BuiltinTable.Contains(name))
                {
                    Variables.PushFrame();
                    pushedFrame = true;
                    foreach (var assignment in command.Assignments)
                    {
                        var variable = Variables.DeclareLocal(assignment.Name);
                        variable.Attributes |= VariableAttributes.Exported;
                        await AssignAsync(variable, assignment, cancellationToken).ConfigureAwait(false);
                    }
                }
                else
                {
                    environmentOverrides = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (var assignment in command.Assignments)
                    {
                        environmentOverrides[assignment.Name] = assignment.Value is null ? "" : await expander.ExpandStringAsync(assignment.Value, cancellationToken, tilde: true).ConfigureAwait(false);
                    }
                }
            }

            if (Flags.XTrace)
            {
                await TraceAsync(string.Join(' ', command.Assignments.Select(static a => a.Name + "=...").Concat(arguments.Select(QuoteForTrace)))).ConfigureAwait(false);
            }

            return await InvokeAsync(arguments, declarations, environmentOverrides, cancellationToken).ConfigureAwait(false);
        }
        catch (ExpansionException error)
        {
            return await ExpansionFailedAsync(error).ConfigureAwait(false);
        }
        catch (BrokenPipeException) when (!IsSubshell)
        {
            return 141;
        }
        finally
        {
            if (pushedFrame)
            {
                Variables.PopFrame();
            }

            if (keepRedirections)
            {
                // exec with redirections: they stay open for the rest of the shell.
                keepRedirections = false;
                persistentStreams.AddRange(opened);
                await ReleaseUnreferencedStreamsAsync().ConfigureAwait(false);
            }
            else
            {
                await RestoreDescriptorsAsync(saved, applied ?? saved, opened).ConfigureAwait(false);
            }
        }
    }

    private static string QuoteForTrace(string argument) =>
        argument.Length == 0 ? "''" : argument.Any(static c => " \t\n'\"\\|&;()<>*?[]$`!{}~#".Contains(c)) ? ShellQuoting.Single(argument) : argument;

    private async ValueTask<int> RunAssignmentsOnlyAsync(SimpleCommand command, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var assignment in command.Assignments)
            {
                var variable = Variables.GetOrCreate(assignment.Name);
                await AssignAsync(variable, assignment, cancellationToken).ConfigureAwait(false);
                if (Flags.AllExport)
                {
                    variable.Attributes |= VariableAttributes.Exported;
                }

                if (Flags.XTrace)
                {
                    await TraceAsync($"{assignment.Name}={QuoteForTrace(variable.Value ?? "")}").ConfigureAwait(false);
                }

                if (Ended)
                {
                    return LastStatus;
                }
            }
        }
        catch (ExpansionException error)
        {
            return await ExpansionFailedAsync(error).ConfigureAwait(false);
        }

        var status = lastSubstitutionStatus ?? 0;
        if (command.Redirections.Count > 0)
        {
            var opened = new List<Stream>();
            var redirected = await ApplyRedirectionsAsync(command.Redirections, io, opened, cancellationToken).ConfigureAwait(false);
            await DisposeAllAsync(opened).ConfigureAwait(false);
            if (redirected is null)
            {
                return 1;
            }
        }

        return status;
    }

    /// <summary>Performs one assignment (scalar, element, or compound array) on <paramref name="variable"/>.</summary>
    internal async ValueTask AssignAsync(Variable variable, Assignment assignment, CancellationToken cancellationToken)
    {
        if (variable.Has(VariableAttributes.ReadOnly))
        {
            throw VariableStore.ReadOnlyError(variable.Name);
        }

        if (assignment.ArrayValue is { } elements)
        {
            var values = new List<(string? Key, string Value)>();
            foreach (var element in elements)
            {
                if (element.Key is not null)
                {
                    var key = await expander.ExpandStringAsync(element.Key, cancellationToken).ConfigureAwait(false);
                    var value = await expander.ExpandStringAsync(element.Value, cancellationToken, tilde: true).ConfigureAwait(false);
                    values.Add((key, value));
                }
                else
                {
                    foreach (var value in await expander.ExpandWordsAsync([element.Value], cancellationToken).ConfigureAwait(false))
                    {
                        values.Add((null, value));
                    }
                }
            }

            var associative = variable.Associative is not null || variable.Has(VariableAttributes.Associative);
            if (associative && values.All(static v => v.Key is null))
            {
                // a=(k1 v1 k2 v2) on an associative array pairs the words up.
                var paired = new List<(string? Key, string Value)>();
                for (var i = 0; i < values.Count; i += 2)
                {
                    paired.Add((values[i].Value, i + 1 < values.Count ? values[i + 1].Value : ""));
                }

                values = paired;
            }

            Variables.SetArray(variable, values, assignment.Append, associative);
            return;
        }

        var text = assignment.Value is null ? "" : await expander.ExpandStringAsync(assignment.Value, cancellationToken, tilde: true).ConfigureAwait(false);
        if (assignment.Index is not null)
        {
            var subscript = await expander.ExpandStringAsync(assignment.Index, cancellationToken).ConfigureAwait(false);
            Variables.SetElement(variable, subscript, text, assignment.Append);
            return;
        }

        Variables.Assign(variable, text, assignment.Append);
    }

    /// <summary>Runs argv: a function, a builtin, a script path, or a host command.</summary>
    internal async ValueTask<int> InvokeAsync(IReadOnlyList<string> arguments, IReadOnlyList<DeclarationArgument>? declarations, IReadOnlyDictionary<string, string>? environmentOverrides, CancellationToken cancellationToken)
    {
        var name = arguments[0];
        if (functions.TryGetValue(name, out var function))
        {
            return await CallFunctionAsync(function, arguments, cancellationToken).ConfigureAwait(false);
        }

        if (BuiltinTable.TryGet(name, out var builtin))
        {
            return await RunBuiltinAsync(builtin, arguments, declarations, cancellationToken).ConfigureAwait(false);
        }

        return await RunExternalAsync(arguments, environmentOverrides, cancellationToken).ConfigureAwait(false);
    }

    internal async ValueTask<int> RunBuiltinAsync(Builtin builtin, IReadOnlyList<string> arguments, IReadOnlyList<DeclarationArgument>? declarations, CancellationToken cancellationToken)
    {
        var context = new BuiltinContext(this, arguments[0], [.. arguments.Skip(1)], io, declarations);
        try
        {
            return await builtin(context, cancellationToken).ConfigureAwait(false);
        }
        catch (Expansion.ArithmeticException error) when (arguments[0] is "let")
        {
            await ReportAsync($"let: {error.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (BadDescriptorException)
        {
            await ReportAsync($"{arguments[0]}: write error: Bad file descriptor").ConfigureAwait(false);
            return 1;
        }
    }

    internal async ValueTask<int> RunExternalAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environmentOverrides, CancellationToken cancellationToken)
    {
        var name = arguments[0];
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return await RunScriptFileAsync(name, arguments, cancellationToken).ConfigureAwait(false);
        }

        if (!host.HasCommand(name))
        {
            await ReportAsync($"{name}: command not found").ConfigureAwait(false);
            return 127;
        }

        var environment = ExportedEnvironment();
        if (environmentOverrides is not null)
        {
            foreach (var (key, value) in environmentOverrides)
            {
                environment[key] = value;
            }
        }

        try
        {
            var table = io;
            var invocation = new CommandInvocation(arguments, io.Stdin, io.Stdout, io.Stderr, WorkingDirectory, environment)
            {
                FindDescriptor = fd => FindDescriptor(table, fd),
                Umask = Umask,
            };
            return await host.ExecuteAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenPipeException)
        {
            return 141;
        }
    }

    internal Dictionary<string, string> ExportedEnvironment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in Variables.All())
        {
            if (variable.Has(VariableAttributes.Exported) && variable.Value is { } value)
            {
                environment[variable.Name] = value;
            }
        }

        environment["PWD"] = WorkingDirectory.Value;
        return environment;
    }

    internal async ValueTask<int> CallFunctionAsync(FunctionDefinition function, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        if (callDepth >= Limits.MaxCallDepth)
        {
            throw new ShellLimitExceededException($"{function.Name}: function call depth limit exceeded ({Limits.MaxCallDepth})");
        }

        var savedPositional = positional;
        var savedSource = runningFunctionSource;
        positional = [.. arguments.Skip(1)];
        runningFunctionSource = FunctionSources.TryGetValue(function, out var source) ? source : null;
        Variables.PushFrame();
        functionNames.Insert(0, function.Name);
        UpdateFunctionNames();
        callDepth++;
        try
        {
            var status = await RunCommandAsync(function.Body, cancellationToken).ConfigureAwait(false);
            if (control == ControlFlow.Return)
            {
                control = ControlFlow.None;
                status = LastStatus;
            }

            return Ended ? LastStatus : status;
        }
        finally
        {
            callDepth--;
            functionNames.RemoveAt(0);
            UpdateFunctionNames();
            Variables.PopFrame();
            positional = savedPositional;
            runningFunctionSource = savedSource;
        }
    }

    private void UpdateFunctionNames()
    {
        var variable = Variables.DeclareGlobal("FUNCNAME");
        if (functionNames.Count == 0)
        {
            variable.Indexed = null;
            variable.Scalar = null;
            return;
        }

        variable.Indexed = [];
        for (var i = 0; i < functionNames.Count; i++)
        {
            variable.Indexed[i] = functionNames[i];
        }

    }

    /// <summary><c>./script.sh</c>, <c>bash file</c>: reads the file through the host and runs it in a child shell.</summary>
    private async ValueTask<int> RunScriptFileAsync(string path, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var entry = await StatOrNullAsync(path, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            await ReportAsync($"{path}: No such file or directory").ConfigureAwait(false);
            return 127;
        }

        if (entry.IsDirectory)
        {
            await ReportAsync($"{path}: Is a directory").ConfigureAwait(false);
            return 126;
        }

        var source = await ReadTextAsync(path, cancellationToken).ConfigureAwait(false);
        if (source.StartsWith("#!", StringComparison.Ordinal))
        {
            var newline = source.IndexOf('\n', StringComparison.Ordinal);
            var interpreter = source[2..(newline >= 0 ? newline : source.Length)].Trim();
            var program = interpreter.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            var programName = program.Contains('/', StringComparison.Ordinal) ? program[(program.LastIndexOf('/') + 1)..] : program;
            if (programName == "env")
            {
                programName = interpreter.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).FirstOrDefault() ?? "";
            }

            if (programName is not ("bash" or "sh" or "dash" or "zsh" or "ksh"))
            {
                if (host.HasCommand(programName))
                {
                    return await RunExternalAsync([programName, path, .. arguments.Skip(1)], null, cancellationToken).ConfigureAwait(false);
                }

                await ReportAsync($"{path}: {program}: bad interpreter: No such file or directory").ConfigureAwait(false);
                return 126;
            }
        }

        return await RunChildScriptAsync(source, path, arguments.Skip(1), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs source text in a child shell (a new bash process would): own positional parameters and $0.</summary>
    internal async ValueTask<int> RunChildScriptAsync(string source, string scriptName, IEnumerable<string> arguments, CancellationToken cancellationToken, bool commandString = false)
    {
        var child = CreateSubshell();
        child.ScriptName = scriptName;
        child.positional = [.. arguments];
        child.functionNames = [];
        child.errexitSuppressed = 0;
        child.Flags.ErrExit = false;
        child.Flags.XTrace = false;
        child.Flags.PipeFail = false;
        child.Settings.NoUnset = false;
        child.functions = new Dictionary<string, FunctionDefinition>(StringComparer.Ordinal);
        child.runningFunctionSource = null;
        child.Variables.KeepOnlyExported();
        child.InitialiseVariables();
        var status = await child.RunSourceAsync(source, cancellationToken, commandString ? "-c" : null).ConfigureAwait(false);
        if (child.Ended)
        {
            status = child.LastStatus;
        }

        return await child.RunExitTrapAsync(status, cancellationToken).ConfigureAwait(false);
    }

    internal async ValueTask<EntryInfo?> StatOrNullAsync(string path, CancellationToken cancellationToken)
    {
        if (TryOpenDevice(path, io, write: false, out var device))
        {
            return device is null ? null : new EntryInfo(VPath.Parse(path), EntryKind.File);
        }

        try
        {
            return await host.StatAsync(Resolve(path), cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            return null;
        }
    }

    internal async ValueTask<string> ReadTextAsync(string path, CancellationToken cancellationToken)
    {
        var stream = TryOpenDevice(path, io, write: false, out var device)
            ? device ?? throw ResourceException.NotFound(Resolve(path))
            : await host.OpenReadAsync(Resolve(path), cancellationToken).ConfigureAwait(false);
        await using var opened = stream.ConfigureAwait(false);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Mirage.Shell.Syntax.ShellEncoding.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
