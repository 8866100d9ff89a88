namespace Mirage;

/// <summary>A shell's state between calls: working directory, variables, functions. One script at a time.</summary>
public sealed class Session
{
    private readonly Workspace _workspace;
    private readonly SemaphoreSlim _turn = new(1, 1);

    internal Session(Workspace workspace, string id)
    {
        _workspace = workspace;
        Id = id;
    }

    public string Id { get; }

    public async Task<ExecutionResult> ExecuteAsync(string script, ExecuteOptions? options, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _ = _workspace;
            _ = script;
            _ = options;
            return await Task.FromResult(new ExecutionResult(2, [], "mirage: shell not available\n"u8.ToArray())).ConfigureAwait(false);
        }
        finally
        {
            _turn.Release();
        }
    }
}
