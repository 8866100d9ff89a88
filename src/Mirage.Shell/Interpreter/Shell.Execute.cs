using System.Globalization;
using Mirage.Shell.Expansion;
using Mirage.Shell.Syntax;
using Mirage.Shell.Syntax.Ast;
using Mirage.Vfs;

namespace Mirage.Shell.Interpreter;

internal enum ControlFlow
{
    None,
    Break,
    Continue,
    Return,
    Exit,

    /// <summary>An expansion error that abandons the rest of the current top-level line (bash jumps back to its reader).</summary>
    AbortLine,
}

public sealed partial class Shell
{
    private ControlFlow control;
    private int controlCount;
    private int currentLine = 1;
    private int errexitSuppressed;
    private int callDepth;
    private int loopDepth;
    private bool inErrTrap;
    private List<string> functionNames = [];

    internal ControlFlow Control => control;

    /// <summary>True when the shell (or the current top-level line) is being left.</summary>
    internal bool Ended => control is ControlFlow.Exit or ControlFlow.AbortLine;

    internal int LoopDepth => loopDepth;

    internal int CallDepth => callDepth;

    internal IReadOnlyList<string> FunctionNames => functionNames;

    internal void RequestExit(int status)
    {
        LastStatus = status;
        control = ControlFlow.Exit;
    }

    internal void RequestReturn(int status)
    {
        LastStatus = status;
        control = ControlFlow.Return;
    }

    internal void RequestLoopControl(bool isBreak, int levels)
    {
        control = isBreak ? ControlFlow.Break : ControlFlow.Continue;
        controlCount = Math.Min(levels, loopDepth);
    }

    /// <summary>Runs a script's top level: an aborted line gives up only the statements that share its line.</summary>
    internal async ValueTask<int> RunTopLevelAsync(IReadOnlyList<Statement> statements, CancellationToken cancellationToken)
    {
        var status = LastStatus;
        var skipLine = -1;
        var (warningLine, warnings) = UnterminatedHereDocuments(statements);
        foreach (var statement in statements)
        {
            if (statement.Line == skipLine)
            {
                continue;
            }

            if (statement.Line == warningLine)
            {
                // bash warns as it reads the line, before any command of that line runs.
                await WarnUnterminatedAsync(warnings).ConfigureAwait(false);

                warningLine = -1;
            }

            status = await RunStatementsAsync([statement], cancellationToken).ConfigureAwait(false);
            if (control == ControlFlow.AbortLine)
            {
                control = ControlFlow.None;
                skipLine = statement.Line;
                status = LastStatus;
                continue;
            }

            if (control != ControlFlow.None)
            {
                return Ended ? LastStatus : status;
            }
        }

        return status;
    }

    /// <summary>
    /// Here-documents the input ended inside: they take the rest of the input, so only the statements of the last
    /// line can hold one. Returns that line and the documents, or -1 and none.
    /// </summary>
    private static (int Line, List<HereDocument> Documents) UnterminatedHereDocuments(IReadOnlyList<Statement> statements)
    {
        if (statements.Count == 0)
        {
            return (-1, []);
        }

        var lastLine = statements[^1].Line;
        var documents = statements.Where(statement => statement.Line == lastLine)
            .SelectMany(statement => SyntaxWalker.Descendants(statement).OfType<Redirection>())
            .Select(redirection => redirection.HereDocument)
            .OfType<HereDocument>()
            .Where(document => document.Unterminated is not null)
            .ToList();
        return documents.Count == 0 ? (-1, documents) : (lastLine, documents);
    }

    internal async ValueTask WarnUnterminatedAsync(IEnumerable<HereDocument> documents)
    {
        foreach (var document in documents)
        {
            var (openedAt, endedAt) = document.Unterminated!.Value;
            await WriteErrorAsync($"{ErrorName}: line {endedAt}: warning: here-document at line {openedAt} delimited by end-of-file (wanted `{document.Delimiter}')\n").ConfigureAwait(false);
        }
    }

    internal async ValueTask<int> RunStatementsAsync(IReadOnlyList<Statement> statements, CancellationToken cancellationToken)
    {
        var status = LastStatus;
        foreach (var statement in statements)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (statement.Background)
            {
                StartBackground(statement, cancellationToken);
                status = LastStatus = 0;
                continue;
            }

            status = await RunAndOrAsync(statement.List, cancellationToken).ConfigureAwait(false);
            if (control != ControlFlow.None)
            {
                return Ended ? LastStatus : status;
            }
        }

        return status;
    }

    private async ValueTask<int> RunAndOrAsync(AndOrList list, CancellationToken cancellationToken)
    {
        var count = list.Rest.Count + 1;
        var status = 0;
        var lastRanIsFinal = false;
        var negated = false;
        for (var i = 0; i < count; i++)
        {
            var pipeline = i == 0 ? list.First : list.Rest[i - 1].Pipeline;
            if (i > 0)
            {
                var op = list.Rest[i - 1].Operator;
                if ((op == AndOrOperator.And && status != 0) || (op == AndOrOperator.Or && status == 0))
                {
                    continue;
                }
            }

            var final = i == count - 1;
            if (!final)
            {
                errexitSuppressed++;
            }

            try
            {
                status = await RunPipelineAsync(pipeline, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (!final)
                {
                    errexitSuppressed--;
                }
            }

            if (control != ControlFlow.None)
            {
                return status;
            }

            lastRanIsFinal = final;
            negated = pipeline.Negated;
        }

        if (status != 0 && lastRanIsFinal && !negated && errexitSuppressed == 0)
        {
            await CommandFailedAsync(status, cancellationToken).ConfigureAwait(false);
        }

        return status;
    }

    /// <summary>A command failed where bash looks at it: the ERR trap, then <c>set -e</c>.</summary>
    private async ValueTask CommandFailedAsync(int status, CancellationToken cancellationToken)
    {
        if (!inErrTrap && traps.TryGetValue("ERR", out var handler) && handler.Length > 0)
        {
            inErrTrap = true;
            try
            {
                await RunSourceAsync(handler, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                inErrTrap = false;
            }

            if (control == ControlFlow.None)
            {
                LastStatus = status;
            }
        }

        if (Flags.ErrExit && control == ControlFlow.None)
        {
            RequestExit(status);
        }
    }

    private async ValueTask<int> RunPipelineAsync(Pipeline pipeline, CancellationToken cancellationToken)
    {
        currentLine = pipeline.Line;
        if (pipeline.Negated)
        {
            errexitSuppressed++;
        }

        var started = DateTimeOffset.UtcNow;
        int status;
        try
        {
            if (pipeline.Stages.Count == 1)
            {
                status = await RunCommandAsync(pipeline.Stages[0].Command, cancellationToken).ConfigureAwait(false);
                if (Ended)
                {
                    return LastStatus;
                }

                SetPipeStatus([status]);
            }
            else
            {
                var statuses = await RunStagesAsync(pipeline, cancellationToken).ConfigureAwait(false);
                SetPipeStatus(statuses);
                status = statuses[^1];
                if (Flags.PipeFail)
                {
                    status = statuses.LastOrDefault(static s => s != 0);
                }
            }
        }
        finally
        {
            if (pipeline.Negated)
            {
                errexitSuppressed--;
            }
        }

        if (pipeline.Timed)
        {
            var elapsed = DateTimeOffset.UtcNow - started;
            var text = pipeline.TimePosixFormat
                ? string.Create(CultureInfo.InvariantCulture, $"real {elapsed.TotalSeconds:F2}\nuser 0.00\nsys 0.00\n")
                : string.Create(CultureInfo.InvariantCulture, $"\nreal\t{(int)elapsed.TotalMinutes}m{elapsed.TotalSeconds % 60:F3}s\nuser\t0m0.000s\nsys\t0m0.000s\n");
            await WriteErrorAsync(text).ConfigureAwait(false);
        }

        if (pipeline.Negated)
        {
            status = status == 0 ? 1 : 0;
        }

        LastStatus = status;
        return status;
    }

    private void SetPipeStatus(IReadOnlyList<int> statuses)
    {
        var variable = Variables.DeclareGlobal("PIPESTATUS");
        if (statuses.Count == 1 && variable.Indexed is { Count: 1 } single && single.TryGetValue(0, out var previous)
            && previous.Length <= 3 && int.TryParse(previous, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number == statuses[0])
        {
            // The common case of one command with the same status again: nothing to rebuild.
            return;
        }

        variable.Scalar = null;
        variable.Associative = null;
        variable.Attributes |= VariableAttributes.IndexedArray;
        variable.Indexed = [];
        for (var i = 0; i < statuses.Count; i++)
        {
            variable.Indexed[i] = statuses[i].ToString(CultureInfo.InvariantCulture);
        }
    }

    private async Task<int[]> RunStagesAsync(Pipeline pipeline, CancellationToken cancellationToken)
    {
        var count = pipeline.Stages.Count;
        var pipes = new ShellPipe[count - 1];
        for (var i = 0; i < pipes.Length; i++)
        {
            pipes[i] = new ShellPipe();
        }

        var tasks = new Task<int>[count];
        for (var i = 0; i < count; i++)
        {
            var stage = pipeline.Stages[i];
            var stageIo = io.Clone();
            if (i > 0)
            {
                stageIo.Set(0, new ShellInputStream(pipes[i - 1].Reader, ownsInner: false));
            }

            if (i < count - 1)
            {
                stageIo.Set(1, pipes[i].Writer);
                if (stage.PipeStderr)
                {
                    stageIo.Set(2, pipes[i].Writer);
                }
            }

            var input = i > 0 ? pipes[i - 1] : null;
            var output = i < count - 1 ? pipes[i] : null;
            var subshell = CreateSubshell();
            subshell.io = stageIo;
            tasks[i] = Task.Run(() => RunStageAsync(subshell, stage.Command, input, output, cancellationToken), cancellationToken);
        }

        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private static async Task<int> RunStageAsync(Shell subshell, Command command, ShellPipe? input, ShellPipe? output, CancellationToken cancellationToken)
    {
        try
        {
            var status = await subshell.RunCommandAsync(command, cancellationToken).ConfigureAwait(false);
            if (subshell.Ended)
            {
                status = subshell.LastStatus;
            }

            return await subshell.RunExitTrapAsync(status, cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenPipeException)
        {
            return 141;
        }
        finally
        {
            output?.CompleteWriter();
            input?.CompleteReader();
        }
    }

    private readonly List<Task> jobs = [];
    private int lastBackgroundPid;

    private void StartBackground(Statement statement, CancellationToken cancellationToken)
    {
        var subshell = CreateSubshell();
        subshell.io = io;
        lastBackgroundPid = runtime.NewProcessId();
        var job = Task.Run(
            async () =>
            {
                try
                {
                    await subshell.RunAndOrAsync(statement.List, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception error) when (error is BrokenPipeException or ExpansionException)
                {
                    // A background job's failure only shows in its status.
                }
            },
            cancellationToken);
        lock (jobs)
        {
            jobs.Add(job);
        }
    }

    internal async Task WaitForJobsAsync()
    {
        Task[] pending;
        lock (jobs)
        {
            pending = [.. jobs];
            jobs.Clear();
        }

        try
        {
            await Task.WhenAll(pending).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Cancelled with the execution.
        }
    }

    internal async ValueTask<int> RunCommandAsync(Command command, CancellationToken cancellationToken)
    {
        var substitutionMark = startedSubstitutions.Count;
        try
        {
            return await RunCommandCoreAsync(command, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (startedSubstitutions.Count > substitutionMark)
            {
                await CloseSubstitutionsAsync(substitutionMark).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask<int> RunCommandCoreAsync(Command command, CancellationToken cancellationToken)
    {
        if (command is SimpleCommand simple)
        {
            return LastStatus = await RunSimpleAsync(simple, cancellationToken).ConfigureAwait(false);
        }

        if (command is FunctionDefinition definition)
        {
            functions[definition.Name] = definition;
            RememberFunctionSource(definition);
            return LastStatus = 0;
        }

        currentLine = command.Line;
        var saved = io;
        var opened = new List<Stream>();
        if (command.Redirections.Count > 0)
        {
            var redirected = await ApplyRedirectionsAsync(command.Redirections, io, opened, cancellationToken).ConfigureAwait(false);
            if (redirected is null)
            {
                await DisposeAllAsync(opened).ConfigureAwait(false);
                return LastStatus = 1;
            }

            io = redirected;
        }

        var applied = io;
        try
        {
            var status = await RunCompoundAsync(command, cancellationToken).ConfigureAwait(false);
            return Ended ? LastStatus : LastStatus = status;
        }
        catch (ExpansionException error)
        {
            return await ExpansionFailedAsync(error).ConfigureAwait(false);
        }
        finally
        {
            await RestoreDescriptorsAsync(saved, applied, opened).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Ends a command's redirections: its descriptors go back to <paramref name="saved"/>, unless <c>exec</c>
    /// ran inside it (a group, loop or function body), whose descriptors stay for the rest of the shell
    /// except those the command itself redirected.
    /// </summary>
    private async ValueTask RestoreDescriptorsAsync(IoTable saved, IoTable applied, List<Stream> opened)
    {
        if (ReferenceEquals(io, applied))
        {
            io = saved;
            await DisposeAllAsync(opened).ConfigureAwait(false);
            return;
        }

        io = io.WithRedirectionsUndone(saved, applied);

        // A file this command opened stays open when an exec inside duplicated it (`{ exec 3>&1; } >f`).
        persistentStreams.AddRange(opened);
        opened.Clear();
        await ReleaseUnreferencedStreamsAsync().ConfigureAwait(false);
    }

    /// <summary>Closes files that exec kept open once no descriptor refers to them, so their content is committed.</summary>
    private async ValueTask ReleaseUnreferencedStreamsAsync()
    {
        var released = persistentStreams.Where(stream => !io.References(stream)).ToList();
        foreach (var stream in released)
        {
            persistentStreams.Remove(stream);
        }

        await DisposeAllAsync(released).ConfigureAwait(false);
        await ReleaseKeptSubstitutionsAsync(all: false).ConfigureAwait(false);
    }

    /// <summary>Reports an expansion error; a fatal one ends the shell, as in a non-interactive bash.</summary>
    internal async ValueTask<int> ExpansionFailedAsync(ExpansionException error)
    {
        await ReportAsync(error.Message).ConfigureAwait(false);
        if (error.AbortsLine)
        {
            LastStatus = error.Status;
            control = ControlFlow.AbortLine;
            return error.Status;
        }

        if (error.Fatal)
        {
            // bash exits a subshell with 1 where the top level exits with 127.
            var status = IsSubshell && error.Status == 127 ? 1 : error.Status;
            RequestExit(status);
            return status;
        }

        return LastStatus = error.Status;
    }

    private async ValueTask<int> RunCompoundAsync(Command command, CancellationToken cancellationToken)
    {
        switch (command)
        {
            case BraceGroup group:
                return await RunStatementsAsync(group.Body, cancellationToken).ConfigureAwait(false);
            case Subshell subshellCommand:
            {
                var subshell = CreateSubshell();
                var status = await subshell.RunStatementsAsync(subshellCommand.Body, cancellationToken).ConfigureAwait(false);
                if (subshell.Ended)
                {
                    status = subshell.LastStatus;
                }

                return await subshell.RunExitTrapAsync(status, cancellationToken).ConfigureAwait(false);
            }

            case IfCommand ifCommand:
                foreach (var clause in ifCommand.Clauses)
                {
                    var condition = await RunConditionAsync(clause.Condition, cancellationToken).ConfigureAwait(false);
                    if (control != ControlFlow.None)
                    {
                        return condition;
                    }

                    if (condition == 0)
                    {
                        return await RunStatementsAsync(clause.Body, cancellationToken).ConfigureAwait(false);
                    }
                }

                return ifCommand.Else is null ? 0 : await RunStatementsAsync(ifCommand.Else, cancellationToken).ConfigureAwait(false);
            case WhileCommand whileCommand:
                return await RunWhileAsync(whileCommand, cancellationToken).ConfigureAwait(false);
            case ForCommand forCommand:
                return await RunForAsync(forCommand, cancellationToken).ConfigureAwait(false);
            case ArithmeticForCommand arithmeticFor:
                return await RunArithmeticForAsync(arithmeticFor, cancellationToken).ConfigureAwait(false);
            case CaseCommand caseCommand:
                return await RunCaseAsync(caseCommand, cancellationToken).ConfigureAwait(false);
            case ArithmeticCommand arithmetic:
                return await RunArithmeticCommandAsync(arithmetic, cancellationToken).ConfigureAwait(false);
            case ConditionalCommand conditional:
            {
                if (Flags.XTrace)
                {
                    await TraceAsync("[[ ... ]]").ConfigureAwait(false);
                }

                try
                {
                    return await new ConditionEvaluator(this).EvaluateAsync(conditional.Expression, cancellationToken).ConfigureAwait(false) ? 0 : 1;
                }
                catch (ConditionException error)
                {
                    await ReportAsync(error.Message).ConfigureAwait(false);
                    return 2;
                }
            }

            case SelectCommand select:
                return await RunSelectAsync(select, cancellationToken).ConfigureAwait(false);
            default:
                return 0;
        }
    }

    private async ValueTask<int> RunConditionAsync(IReadOnlyList<Statement> condition, CancellationToken cancellationToken)
    {
        errexitSuppressed++;
        try
        {
            return await RunStatementsAsync(condition, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            errexitSuppressed--;
        }
    }

    private void CountIteration(ref long iterations)
    {
        if (++iterations > Limits.MaxLoopIterations)
        {
            throw new ShellLimitExceededException($"loop iteration limit exceeded: more than {Limits.MaxLoopIterations} iterations");
        }
    }

    /// <summary>After a loop body: true when the loop must stop (break, return, exit, or continue of an outer loop).</summary>
    private bool LoopShouldStop()
    {
        switch (control)
        {
            case ControlFlow.Break:
                if (--controlCount <= 0)
                {
                    control = ControlFlow.None;
                }

                return true;
            case ControlFlow.Continue:
                if (--controlCount <= 0)
                {
                    control = ControlFlow.None;
                    return false;
                }

                return true;
            case ControlFlow.None:
                return false;
            default:
                return true;
        }
    }

    private async ValueTask<int> RunWhileAsync(WhileCommand loop, CancellationToken cancellationToken)
    {
        var status = 0;
        long iterations = 0;
        loopDepth++;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                CountIteration(ref iterations);
                var condition = await RunConditionAsync(loop.Condition, cancellationToken).ConfigureAwait(false);
                if (control != ControlFlow.None)
                {
                    if (LoopShouldStop())
                    {
                        break;
                    }

                    continue;
                }

                if (loop.Until ? condition == 0 : condition != 0)
                {
                    break;
                }

                status = await RunStatementsAsync(loop.Body, cancellationToken).ConfigureAwait(false);
                if (LoopShouldStop())
                {
                    break;
                }
            }
        }
        finally
        {
            loopDepth--;
        }

        return Ended ? LastStatus : status;
    }

    private async ValueTask<int> RunForAsync(ForCommand loop, CancellationToken cancellationToken)
    {
        List<string> items;
        if (loop.Items is null)
        {
            items = [.. positional];
        }
        else
        {
            items = await expander.ExpandWordsAsync(loop.Items, cancellationToken).ConfigureAwait(false);
        }

        var status = 0;
        long iterations = 0;
        loopDepth++;
        try
        {
            foreach (var item in items)
            {
                cancellationToken.ThrowIfCancellationRequested();
                CountIteration(ref iterations);
                Variables.Set(loop.Variable, item);
                if (Flags.XTrace)
                {
                    await TraceAsync($"for {loop.Variable} in {string.Join(' ', items)}").ConfigureAwait(false);
                }

                status = await RunStatementsAsync(loop.Body, cancellationToken).ConfigureAwait(false);
                if (LoopShouldStop())
                {
                    break;
                }
            }
        }
        finally
        {
            loopDepth--;
        }

        return Ended ? LastStatus : status;
    }

    private async ValueTask<int> RunArithmeticForAsync(ArithmeticForCommand loop, CancellationToken cancellationToken)
    {
        var status = 0;
        long iterations = 0;
        loopDepth++;
        try
        {
            if (loop.Initializer is not null)
            {
                await EvaluateArithmeticWordAsync(loop.Initializer, cancellationToken).ConfigureAwait(false);
            }

            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                CountIteration(ref iterations);
                if (loop.Condition is not null && await EvaluateArithmeticWordAsync(loop.Condition, cancellationToken).ConfigureAwait(false) == 0)
                {
                    break;
                }

                status = await RunStatementsAsync(loop.Body, cancellationToken).ConfigureAwait(false);
                if (LoopShouldStop())
                {
                    break;
                }

                if (loop.Update is not null)
                {
                    await EvaluateArithmeticWordAsync(loop.Update, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            loopDepth--;
        }

        return Ended ? LastStatus : status;
    }

    private async ValueTask<long> EvaluateArithmeticWordAsync(Word expression, CancellationToken cancellationToken)
    {
        var text = await expander.ExpandHereDocumentAsync(expression, cancellationToken).ConfigureAwait(false);
        return Arithmetic.Evaluate(text, this);
    }

    private async ValueTask<int> RunArithmeticCommandAsync(ArithmeticCommand command, CancellationToken cancellationToken)
    {
        var text = await expander.ExpandHereDocumentAsync(command.Expression, cancellationToken).ConfigureAwait(false);
        if (Flags.XTrace)
        {
            await TraceAsync($"(( {text} ))").ConfigureAwait(false);
        }

        try
        {
            return Arithmetic.Evaluate(text, this) != 0 ? 0 : 1;
        }
        catch (Expansion.ArithmeticException error)
        {
            await ReportAsync("((: " + error.Message).ConfigureAwait(false);
            return 1;
        }
    }

    private async ValueTask<int> RunCaseAsync(CaseCommand command, CancellationToken cancellationToken)
    {
        var subject = await expander.ExpandStringAsync(command.Subject, cancellationToken, tilde: true).ConfigureAwait(false);
        var status = 0;
        var fallThrough = false;
        for (var i = 0; i < command.Items.Count; i++)
        {
            var item = command.Items[i];
            var matched = fallThrough;
            if (!matched)
            {
                foreach (var patternWord in item.Patterns)
                {
                    var pattern = await expander.ExpandPatternAsync(patternWord, cancellationToken).ConfigureAwait(false);
                    if (GlobPattern.Compile(pattern, Settings.NoCaseMatch, Settings.ExtGlob).IsMatch(subject))
                    {
                        matched = true;
                        break;
                    }
                }
            }

            if (!matched)
            {
                continue;
            }

            status = await RunStatementsAsync(item.Body, cancellationToken).ConfigureAwait(false);
            if (control != ControlFlow.None)
            {
                return status;
            }

            switch (item.Terminator)
            {
                case CaseTerminator.Break:
                    return status;
                case CaseTerminator.FallThrough:
                    fallThrough = true;
                    break;
                default:
                    fallThrough = false;
                    break;
            }
        }

        return status;
    }

    private async ValueTask<int> RunSelectAsync(SelectCommand select, CancellationToken cancellationToken)
    {
        var items = select.Items is null ? [.. positional] : await expander.ExpandWordsAsync(select.Items, cancellationToken).ConfigureAwait(false);
        var input = ShellInputStream.From(io.Stdin);
        var status = 0;
        loopDepth++;
        try
        {
            while (true)
            {
                var menu = new System.Text.StringBuilder();
                for (var i = 0; i < items.Count; i++)
                {
                    menu.Append(CultureInfo.InvariantCulture, $"{i + 1}) {items[i]}\n");
                }

                menu.Append(Variables.Get("PS3") ?? "#? ");
                await WriteErrorAsync(menu.ToString()).ConfigureAwait(false);
                var (data, _) = await input.ReadRecordAsync('\n', int.MaxValue, cancellationToken).ConfigureAwait(false);
                if (data is null)
                {
                    break;
                }

                var reply = Mirage.Shell.Syntax.ShellEncoding.GetString(data);
                Variables.Set("REPLY", reply);
                Variables.Set(select.Variable, int.TryParse(reply.Trim(), out var choice) && choice >= 1 && choice <= items.Count ? items[choice - 1] : "");
                status = await RunStatementsAsync(select.Body, cancellationToken).ConfigureAwait(false);
                if (LoopShouldStop())
                {
                    break;
                }
            }
        }
        finally
        {
            loopDepth--;
        }

        return status;
    }

    internal async ValueTask TraceAsync(string text)
    {
        var prefix = Variables.Get("PS4") ?? "+ ";
        await WriteErrorAsync(prefix + text + "\n").ConfigureAwait(false);
    }

    private static async ValueTask DisposeAllAsync(List<Stream> streams)
    {
        for (var i = streams.Count - 1; i >= 0; i--)
        {
            try
            {
                await streams[i].DisposeAsync().ConfigureAwait(false);
            }
            catch (IOException)
            {
                // A file that cannot be committed has already reported through its command.
            }
        }

        streams.Clear();
    }

    private VPath Resolve(string path) => VPath.Combine(WorkingDirectory, path);
}
