using Mirage.Resources.Redis;
using Mirage.Vfs.Caching;
using StackExchange.Redis;

namespace Mirage.Caching.Redis;

/// <summary>
/// One lazily opened connection for a cache store, with bounded timeouts, and Redis failures turned into
/// <see cref="CacheStoreException"/>s naming the server (its password left out).
/// </summary>
internal sealed class RedisCacheConnection : IAsyncDisposable
{
    private readonly string _url;
    private readonly TimeSpan _timeout;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly bool _owned;
    private IConnectionMultiplexer? _connection;

    public RedisCacheConnection(string url, TimeSpan timeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        _url = url;
        _timeout = timeout;
        _owned = true;
    }

    public RedisCacheConnection(IConnectionMultiplexer connection)
    {
        _connection = connection;
        _url = connection.Configuration;
        _timeout = TimeSpan.FromSeconds(10);
    }

    public string Where => $"redis cache at {RedisUrl.Redact(_url)}";

    public async Task<IDatabase> DatabaseAsync(CancellationToken cancellationToken)
    {
        if (_connection is { } ready) return ready.GetDatabase();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection is null)
            {
                var configuration = RedisUrl.ParseFailingFast(_url, _timeout);
                try
                {
                    _connection = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
                }
                catch (Exception e) when (IsFailure(e))
                {
                    throw Failure(e);
                }
            }
            return _connection.GetDatabase();
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task<RedisResult> EvaluateAsync(string script, RedisKey[] keys, RedisValue[] values, CancellationToken cancellationToken) =>
        CallAsync(db => db.ScriptEvaluateAsync(script, keys, values), cancellationToken);

    public async Task<T> CallAsync<T>(Func<IDatabase, Task<T>> call, CancellationToken cancellationToken)
    {
        var db = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await call(db).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    private static bool IsFailure(Exception e) => e is RedisException or TimeoutException or System.Net.Sockets.SocketException;

    private CacheStoreException Failure(Exception e) =>
        new($"{Where}: {e.Message.ReplaceLineEndings(" ").Trim()}", e);

    public async ValueTask DisposeAsync()
    {
        if (_owned && _connection is { } connection) await connection.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }
}
