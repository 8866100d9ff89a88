namespace Mirage.Caching.Tests;

/// <summary>Disposes several things as one.</summary>
internal sealed class Owned(params IAsyncDisposable[] parts) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        foreach (var part in parts) await part.DisposeAsync();
    }
}
