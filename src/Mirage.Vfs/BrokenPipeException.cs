namespace Mirage.Vfs;

/// <summary>
/// Thrown by a pipe's writing end once its reader has gone (SIGPIPE/EPIPE). A writer that sees it
/// stops producing; the shell reports status 141 for that stage.
/// </summary>
public sealed class BrokenPipeException : IOException
{
    public BrokenPipeException()
        : base("Broken pipe")
    {
    }

    public BrokenPipeException(string message)
        : base(message)
    {
    }

    public BrokenPipeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
