using Mirage.Shell.Syntax;

namespace Mirage.Shell.Interpreter;

public sealed partial class Shell
{
    private readonly List<Stream> persistentStreams = [];
    private bool keepRedirections;

    internal int GetoptsIndex { get; set; } = 1;

    internal int GetoptsPosition { get; set; } = 1;

    internal int SourceDepth { get; private set; }

    /// <summary>The umask builtin's value; commands and redirections create files without these bits.</summary>
    public int Umask { get; set; } = 0x12;

    /// <summary><c>exec &gt;file</c>: the current command's descriptors become the shell's.</summary>
    internal void KeepRedirections(IoTable table)
    {
        keepRedirections = true;
        io = table;
    }

    /// <summary><c>eval</c>: parse and run in this shell; a syntax error fails the command, not the shell.</summary>
    internal async ValueTask<int> RunNestedSourceAsync(string source, CancellationToken cancellationToken)
    {
        Syntax.Ast.Script script;
        try
        {
            script = Parser.Parse(source);
        }
        catch (ParseException error)
        {
            var where = $"{ErrorName}: eval: line {error.Line}: ";
            var text = where + error.Message + "\n" + (error.SourceLine is null ? "" : $"{where}`{error.SourceLine}'\n");
            await WriteErrorAsync(text).ConfigureAwait(false);
            return 2;
        }

        var line = currentLine;
        try
        {
            return await RunStatementsAsync(script.Statements, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            currentLine = line;
        }
    }

    /// <summary><c>source file [args]</c>: runs in this shell; <c>return</c> ends the file.</summary>
    internal async ValueTask<int> RunSourcedFileAsync(string source, IReadOnlyList<string>? arguments, CancellationToken cancellationToken)
    {
        if (SourceDepth + callDepth >= Limits.MaxCallDepth)
        {
            throw new ShellLimitExceededException($"source: call depth limit exceeded ({Limits.MaxCallDepth})");
        }

        var savedPositional = positional;
        if (arguments is not null)
        {
            positional = [.. arguments];
        }

        SourceDepth++;
        var line = currentLine;
        try
        {
            var status = await RunNestedSourceAsync(source, cancellationToken).ConfigureAwait(false);
            if (control == ControlFlow.Return)
            {
                control = ControlFlow.None;
                status = LastStatus;
            }

            return status;
        }
        finally
        {
            SourceDepth--;
            currentLine = line;
            if (arguments is not null)
            {
                positional = savedPositional;
            }
        }
    }
}
