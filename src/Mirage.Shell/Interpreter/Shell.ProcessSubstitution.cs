using System.Globalization;
using Mirage.Shell.Syntax.Ast;
using Mirage.Vfs;

namespace Mirage.Shell.Interpreter;

public sealed partial class Shell
{
    /// <summary>The first descriptor bash gives a process substitution; later ones count down from it.</summary>
    private const int FirstSubstitutionDescriptor = 63;

    /// <summary>Descriptors of process substitutions open in this shell (inherited by subshells, as forked children inherit them).</summary>
    private readonly Dictionary<int, Stream> substitutionDescriptors = [];

    /// <summary>Process substitutions this shell started and closes when the command that expanded them ends.</summary>
    private readonly List<ProcessSubstitution> startedSubstitutions = [];

    /// <summary>Process substitutions kept open by <c>exec 3&lt; &lt;(list)</c>.</summary>
    private readonly List<ProcessSubstitution> keptSubstitutions = [];

    /// <summary>
    /// <c>&lt;(list)</c> or <c>&gt;(list)</c>: runs the list concurrently over a pipe and returns the
    /// <c>/dev/fd/N</c> name of the pipe's other end, open until the current command ends.
    /// </summary>
    public ValueTask<string> ProcessSubstitutionAsync(Script body, bool output, CancellationToken cancellationToken)
    {
        var fd = FirstSubstitutionDescriptor;
        while (io.Get(fd) is not null || substitutionDescriptors.ContainsKey(fd))
        {
            fd--;
        }

        var pipe = new ShellPipe();
        var subshell = CreateSubshell();
        var table = io.Clone();
        if (output)
        {
            table.Set(0, new ShellInputStream(pipe.Reader, ownsInner: false));
        }
        else
        {
            table.Set(1, pipe.Writer);
        }

        subshell.io = table;
        var run = Task.Run(() => RunSubstitutionAsync(subshell, body, pipe, output, cancellationToken), cancellationToken);
        var stream = output ? pipe.Writer : pipe.Reader;
        substitutionDescriptors[fd] = stream;
        startedSubstitutions.Add(new ProcessSubstitution(fd, stream, pipe, output, run));
        lastBackgroundPid = runtime.NewProcessId();
        return ValueTask.FromResult("/dev/fd/" + fd.ToString(CultureInfo.InvariantCulture));
    }

    private static async Task RunSubstitutionAsync(Shell subshell, Script body, ShellPipe pipe, bool output, CancellationToken cancellationToken)
    {
        try
        {
            var status = await subshell.RunStatementsAsync(body.Statements, cancellationToken).ConfigureAwait(false);
            await subshell.RunExitTrapAsync(subshell.Ended ? subshell.LastStatus : status, cancellationToken).ConfigureAwait(false);
            await subshell.WaitForJobsAsync().ConfigureAwait(false);
        }
        catch (BrokenPipeException)
        {
            // The command stopped reading: the list ends as a writer killed by SIGPIPE would.
        }
        catch (Expansion.ExpansionException)
        {
            // Reported already; its status goes nowhere, as a process substitution's does.
        }
        finally
        {
            if (output)
            {
                pipe.CompleteReader();
            }
            else
            {
                pipe.CompleteWriter();
            }
        }
    }

    /// <summary>
    /// Closes the process substitutions started since <paramref name="mark"/>: readers see end of input,
    /// writers a broken pipe; waits for them to finish so their output comes before the next command's.
    /// A descriptor that <c>exec</c> kept (<c>exec 3&lt; &lt;(cmd)</c>) stays open with the shell.
    /// </summary>
    private async ValueTask CloseSubstitutionsAsync(int mark)
    {
        for (var i = startedSubstitutions.Count - 1; i >= mark; i--)
        {
            var substitution = startedSubstitutions[i];
            startedSubstitutions.RemoveAt(i);
            substitutionDescriptors.Remove(substitution.Fd);
            if (io.References(substitution.Stream))
            {
                keptSubstitutions.Add(substitution);
                continue;
            }

            await substitution.CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Closes the substitutions <c>exec</c> kept once no descriptor refers to them (or all, when the execution ends).</summary>
    private async ValueTask ReleaseKeptSubstitutionsAsync(bool all)
    {
        for (var i = keptSubstitutions.Count - 1; i >= 0; i--)
        {
            var substitution = keptSubstitutions[i];
            if (all || !io.References(substitution.Stream))
            {
                keptSubstitutions.RemoveAt(i);
                await substitution.CloseAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The stream open on descriptor <paramref name="fd"/> of a command running with <paramref name="table"/>; null when closed.</summary>
    internal Stream? FindDescriptor(IoTable table, int fd) => table.Get(fd) ?? substitutionDescriptors.GetValueOrDefault(fd);

    /// <summary>
    /// The device files the shell serves itself: <c>/dev/null</c>, <c>/dev/stdin</c>, <c>/dev/stdout</c>,
    /// <c>/dev/stderr</c> and <c>/dev/fd/N</c>. False for any other path; a closed descriptor leaves
    /// <paramref name="stream"/> null, for the caller to report "No such file or directory".
    /// </summary>
    internal bool TryOpenDevice(string path, IoTable table, bool write, out Stream? stream)
    {
        stream = null;
        int fd;
        switch (path)
        {
            case "/dev/null":
                stream = write ? Stream.Null : new MemoryStream([], writable: false);
                return true;
            case "/dev/stdin":
                fd = 0;
                break;
            case "/dev/stdout":
                fd = 1;
                break;
            case "/dev/stderr":
                fd = 2;
                break;
            default:
                if (!path.StartsWith("/dev/fd/", StringComparison.Ordinal)
                    || !int.TryParse(path.AsSpan("/dev/fd/".Length), NumberStyles.None, CultureInfo.InvariantCulture, out fd))
                {
                    return false;
                }

                break;
        }

        if (table.Get(fd) is { } open)
        {
            stream = new NonClosingStream(open);
        }
        else if (substitutionDescriptors.TryGetValue(fd, out var end))
        {
            // The pipe end itself, so a descriptor that exec keeps is recognised as this substitution.
            stream = end;
        }

        return true;
    }

    private sealed record ProcessSubstitution(int Fd, Stream Stream, ShellPipe Pipe, bool Output, Task Run)
    {
        public async ValueTask CloseAsync()
        {
            if (Output)
            {
                Pipe.CompleteWriter();
            }
            else
            {
                Pipe.CompleteReader();
            }

            try
            {
                await Run.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Cancelled with the execution.
            }
        }
    }
}
