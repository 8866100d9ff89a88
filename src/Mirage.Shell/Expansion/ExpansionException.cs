namespace Mirage.Shell.Expansion;

/// <summary>
/// An expansion error that bash reports and then abandons the command with; in a non-interactive
/// shell most of them also end the script (<see cref="Fatal"/>), with <see cref="Status"/>.
/// The message is printed after the "bash: line N: " prefix.
/// </summary>
public class ExpansionException : Exception
{
    public ExpansionException()
    {
    }

    public ExpansionException(string message)
        : base(message)
    {
    }

    public ExpansionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ExpansionException(string message, int status, bool fatal)
        : base(message)
    {
        Status = status;
        Fatal = fatal;
    }

    public int Status { get; } = 1;

    public bool Fatal { get; } = true;

    /// <summary>Abandons only the current top-level line of the script, not the whole shell (arithmetic, read-only assignment).</summary>
    public bool AbortsLine { get; init; }
}

/// <summary>An arithmetic error: "expr: message (error token is "tok")".</summary>
public sealed class ArithmeticException : ExpansionException
{
    public ArithmeticException()
    {
    }

    public ArithmeticException(string message)
        : base(message)
    {
    }

    public ArithmeticException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ArithmeticException(string expression, string problem, string? token)
        : base(token is null ? $"{expression}: {problem}" : $"{expression}: {problem} (error token is \"{token}\")", 1, true)
    {
        AbortsLine = true;
    }
}
