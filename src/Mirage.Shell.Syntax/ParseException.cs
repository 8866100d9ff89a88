namespace Mirage.Shell.Syntax;

/// <summary>
/// A syntax error worded as bash words it (without the "bash: line N: " prefix, which the caller
/// adds with <see cref="Line"/>). Bash exits with status 2 on these.
/// </summary>
public sealed class ParseException : Exception
{
    public ParseException()
    {
    }

    public ParseException(string message)
        : base(message)
    {
    }

    public ParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ParseException(string message, int line, bool incomplete, string? sourceLine = null)
        : base(message)
    {
        Line = line;
        Incomplete = incomplete;
        SourceLine = sourceLine;
    }

    /// <summary>Here-documents the input ended inside before the error was found: bash warns of them first.</summary>
    public IReadOnlyList<Ast.HereDocument> UnterminatedHereDocuments { get; internal set; } = [];

    /// <summary>1-based line where bash reports the error.</summary>
    public int Line { get; }

    /// <summary>True when the input ended too early: more lines could complete it (a prompt would ask for them).</summary>
    public bool Incomplete { get; }

    /// <summary>The offending source line, which bash echoes after "near unexpected token" errors; null otherwise.</summary>
    public string? SourceLine { get; }
}
