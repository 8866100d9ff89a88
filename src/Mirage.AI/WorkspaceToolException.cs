namespace Mirage.AI;

/// <summary>A tool call the workspace refused; the message tells the model what to do instead.</summary>
public sealed class WorkspaceToolException : Exception
{
    public WorkspaceToolException()
    {
    }

    public WorkspaceToolException(string message)
        : base(message)
    {
    }

    public WorkspaceToolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
