using System.Globalization;
using System.Runtime.CompilerServices;
using Mirage.Vfs;
using StackExchange.Redis;

namespace Mirage.Resources.Redis;

/// <summary>
/// Files and directories kept in Redis under a key prefix. Each entry is a hash <c>{prefix}m:{path}</c>
/// (kind, size, mtime, etag); each directory's children are a sorted set <c>{prefix}l:{path}</c> of names, so a
/// listing reads that set in pages and never scans the keyspace; a file's bytes are a string
/// <c>{prefix}b:{etag}</c>, new for every write. A write streams into a fresh blob (with an expiry until it is
/// committed), then one Lua script checks the preconditions and swaps the entry to it: writes are atomic, a
/// failed write leaves the old content, and the replaced blob lingers for <see cref="RedisResourceOptions.ReaderGrace"/>
/// so readers that opened it before finish with the old content whole.
/// </summary>
public sealed class RedisResource : IResource, IServerSideCopy, ITimestamps
{
    private static readonly TimeSpan UncommittedLifetime = TimeSpan.FromHours(1);
    private static readonly RedisValue[] EntryFields = ["kind", "size", "mtime", "etag"];

    private readonly RedisResourceOptions _options;
    private readonly string _prefix;
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private readonly bool _ownsConnection;
    private IConnectionMultiplexer? _connection;

    public RedisResource(RedisResourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Url);
        _options = options;
        _prefix = options.Prefix;
        _ownsConnection = true;
        Info = new ResourceInfo("redis", options.Description ?? $"Files and directories stored in Redis under the key prefix '{_prefix}'.");
    }

    /// <summary>A tree over a connection the caller owns (shared with a cache, say).</summary>
    public RedisResource(IConnectionMultiplexer connection, string prefix = "mirage:", string? description = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _options = new RedisResourceOptions(connection.Configuration, prefix);
        _prefix = prefix;
        Info = new ResourceInfo("redis", description ?? $"Files and directories stored in Redis under the key prefix '{_prefix}'.");
    }

    public ResourceInfo Info { get; }

    /// <summary>The key prefix every key of this tree starts with.</summary>
    public string Prefix => _prefix;

    // ---- stat and list ----

    public async ValueTask<EntryInfo?> StatAsync(VPath path, CancellationToken cancellationToken = default)
    {
        if (path.IsRoot) return new EntryInfo(VPath.Root, EntryKind.Directory);
        var db = await DatabaseAsync(path, cancellationToken).ConfigureAwait(false);
        var fields = await CallAsync(path, () => db.HashGetAsync(MetaKey(path), EntryFields)).ConfigureAwait(false);
        return ToEntry(path, fields);
    }

    public async IAsyncEnumerable<EntryInfo> ListAsync(VPath directory, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var db = await DatabaseAsync(directory, cancellationToken).ConfigureAwait(false);
        if (!directory.IsRoot)
        {
            var kind = await CallAsync(directory, () => db.HashGetAsync(MetaKey(directory), "kind")).ConfigureAwait(false);
            if (kind.IsNull) throw ResourceException.NotFound(directory);
            if (kind != "d") throw ResourceException.NotADirectory(directory);
        }
        var entries = new List<EntryInfo>();
        await foreach (var names in ChildNamesAsync(db, directory, cancellationToken).ConfigureAwait(false))
        {
            // One round trip per page: the children's hashes are fetched pipelined.
            var lookups = names.Select(name => db.HashGetAsync(MetaKey(directory / name), EntryFields)).ToArray();
            var found = await CallAsync(directory, () => Task.WhenAll(lookups)).ConfigureAwait(false);
            for (var i = 0; i < names.Count; i++)
            {
                if (ToEntry(directory / names[i], found[i]) is { } entry) entries.Add(entry);
            }
        }
        // The set is in byte order; the contract wants UTF-16 ordinal order (they differ above U+FFFF).
        entries.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }
    }

    // ---- read ----

    public async ValueTask<Stream> OpenReadAsync(VPath path, ByteRange range = default, CancellationToken cancellationToken = default)
    {
        if (range.Offset < 0 || range.Length < 0) throw new ResourceException(ResourceError.InvalidArgument, path);
        var info = await StatAsync(path, cancellationToken).ConfigureAwait(false) ?? throw ResourceException.NotFound(path);
        if (info.IsDirectory) throw ResourceException.IsADirectory(path);
        var size = info.Size ?? 0;
        var start = Math.Min(range.Offset, size);
        var end = range.Length is { } length ? Math.Min(size, start + Math.Min(length, size - start)) : size;
        if (end <= start) return Stream.Null;
        var db = await DatabaseAsync(path, cancellationToken).ConfigureAwait(false);
        return new RedisReadStream(db, BlobKey(info.Fingerprint!), start, end, _options.ChunkSize, path);
    }

    // ---- write ----

    public async ValueTask<EntryInfo> WriteAsync(VPath path, Stream content, WriteOptions options = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (path.IsRoot) throw ResourceException.IsADirectory(path);
        var db = await DatabaseAsync(path, cancellationToken).ConfigureAwait(false);
        // Fail before pulling a possibly long stream when the write cannot succeed anyway.
        await RequireDirectoryAsync(db, path.Parent).ConfigureAwait(false);
        var current = await StatAsync(path, cancellationToken).ConfigureAwait(false);
        if (current is { IsDirectory: true }) throw ResourceException.IsADirectory(path);
        if (options.CreateNew && current is not null) throw ResourceException.AlreadyExists(path);
        if (options.IfMatch is not null && current?.Fingerprint != options.IfMatch) throw new ResourceException(ResourceError.Conflict, path);

        var etag = NewEtag();
        var blob = BlobKey(etag);
        var expected = options.IfMatch;
        long size = 0;
        try
        {
            if (options.Append && current is { Size: > 0 })
            {
                // Start from a server-side copy of the old bytes; the commit then insists nothing changed meanwhile.
                if (!await CallAsync(path, () => db.KeyCopyAsync(BlobKey(current.Fingerprint!), blob)).ConfigureAwait(false))
                    throw new ResourceException(ResourceError.Conflict, path, $"{path}: the file changed while appending");
                await CallAsync(path, () => db.KeyExpireAsync(blob, UncommittedLifetime)).ConfigureAwait(false);
                size = current.Size.Value;
                expected ??= current.Fingerprint;
            }
            size = await UploadAsync(db, path, blob, content, size, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            var modified = DateTimeOffset.UtcNow;
            await CommitFileAsync(db, path, etag, size, modified, expected, options.CreateNew).ConfigureAwait(false);
            return new EntryInfo(path, EntryKind.File, size, modified, etag);
        }
        catch
        {
            _ = db.KeyDeleteAsync(blob, CommandFlags.FireAndForget);
            throw;
        }
    }

    public async ValueTask CreateDirectoryAsync(VPath path, CancellationToken cancellationToken = default)
    {
        if (path.IsRoot) throw ResourceException.AlreadyExists(path);
        var db = await DatabaseAsync(path, cancellationToken).ConfigureAwait(false);
        var status = await CallAsync(path, () => db.ScriptEvaluateAsync(RedisScripts.CreateDirectory,
            [MetaKey(path), MetaKey(path.Parent), ListKey(path.Parent)],
            [path.Name, Now(), path.Parent.IsRoot ? "1" : "0"])).ConfigureAwait(false);
        ThrowOnStatus(status, path);
    }

    public async ValueTask RemoveAsync(VPath path, bool recursive = false, CancellationToken cancellationToken = default)
    {
        if (path.IsRoot) throw new ResourceException(ResourceError.Busy, path);
        var db = await DatabaseAsync(path, cancellationToken).ConfigureAwait(false);
        if (recursive)
        {
            var kind = await CallAsync(path, () => db.HashGetAsync(MetaKey(path), "kind")).ConfigureAwait(false);
            if (kind.IsNull) throw ResourceException.NotFound(path);
            if (kind == "d") await RemoveChildrenAsync(db, path, cancellationToken).ConfigureAwait(false);
        }
        await RemoveOneAsync(db, path).ConfigureAwait(false);
    }

    // ---- capabilities ----

    public async ValueTask<EntryInfo> CopyAsync(VPath source, VPath destination, CancellationToken cancellationToken = default)
    {
        var info = await StatAsync(source, cancellationToken).ConfigureAwait(false) ?? throw ResourceException.NotFound(source);
        if (info.IsDirectory) throw ResourceException.IsADirectory(source);
        if (destination.IsRoot) throw ResourceException.IsADirectory(destination);
        var db = await DatabaseAsync(destination, cancellationToken).ConfigureAwait(false);
        var etag = NewEtag();
        var blob = BlobKey(etag);
        try
        {
            if (info.Size > 0)
            {
                if (!await CallAsync(source, () => db.KeyCopyAsync(BlobKey(info.Fingerprint!), blob)).ConfigureAwait(false))
                    throw new ResourceException(ResourceError.Conflict, source, $"{source}: the file changed while copying");
                await CallAsync(destination, () => db.KeyExpireAsync(blob, UncommittedLifetime)).ConfigureAwait(false);
            }
            var modified = DateTimeOffset.UtcNow;
            await CommitFileAsync(db, destination, etag, info.Size ?? 0, modified, ifMatch: null, createNew: false).ConfigureAwait(false);
            return new EntryInfo(destination, EntryKind.File, info.Size, modified, etag);
        }
        catch
        {
            _ = db.KeyDeleteAsync(blob, CommandFlags.FireAndForget);
            throw;
        }
    }

    public async ValueTask SetModifiedAsync(VPath path, DateTimeOffset modified, CancellationToken cancellationToken = default)
    {
        var db = await DatabaseAsync(path, cancellationToken).ConfigureAwait(false);
        if (path.IsRoot) return;
        var status = await CallAsync(path, () => db.ScriptEvaluateAsync(RedisScripts.Touch, [MetaKey(path)],
            [modified.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)])).ConfigureAwait(false);
        ThrowOnStatus(status, path);
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsConnection && _connection is not null) await _connection.DisposeAsync().ConfigureAwait(false);
        _connectGate.Dispose();
    }

    // ---- internals ----

    private async Task<long> UploadAsync(IDatabase db, VPath path, RedisKey blob, Stream content, long size, CancellationToken cancellationToken)
    {
        var chunk = new byte[_options.ChunkSize];
        while (true)
        {
            var filled = 0;
            while (filled < chunk.Length)
            {
                var read = await content.ReadAsync(chunk.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0) break;
                filled += read;
            }
            if (filled == 0) return size;
            var piece = chunk.AsMemory(0, filled);
            if (size == 0)
                await CallAsync(path, () => db.StringSetAsync(blob, piece, UncommittedLifetime)).ConfigureAwait(false);
            else
                await CallAsync(path, () => db.StringAppendAsync(blob, piece)).ConfigureAwait(false);
            size += filled;
            if (filled < chunk.Length) return size;
        }
    }

    private async Task CommitFileAsync(IDatabase db, VPath path, string etag, long size, DateTimeOffset modified, string? ifMatch, bool createNew)
    {
        var status = await CallAsync(path, () => db.ScriptEvaluateAsync(RedisScripts.CommitFile,
            [MetaKey(path), MetaKey(path.Parent), ListKey(path.Parent), BlobKey(etag)],
            [
                path.Name,
                size.ToString(CultureInfo.InvariantCulture),
                modified.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
                etag,
                ifMatch ?? "",
                createNew ? "1" : "0",
                path.Parent.IsRoot ? "1" : "0",
                GraceSeconds(),
                _prefix + "b:",
            ])).ConfigureAwait(false);
        ThrowOnStatus(status, path);
    }

    private async Task RemoveOneAsync(IDatabase db, VPath path)
    {
        var status = await CallAsync(path, () => db.ScriptEvaluateAsync(RedisScripts.Remove,
            [MetaKey(path), ListKey(path), ListKey(path.Parent)],
            [path.Name, GraceSeconds(), _prefix + "b:"])).ConfigureAwait(false);
        ThrowOnStatus(status, path);
    }

    /// <summary>Depth first: a directory is removed once it is empty, files of one level go pipelined.</summary>
    private async Task RemoveChildrenAsync(IDatabase db, VPath directory, CancellationToken cancellationToken)
    {
        var children = new List<VPath>();
        await foreach (var names in ChildNamesAsync(db, directory, cancellationToken).ConfigureAwait(false))
            children.AddRange(names.Select(name => directory / name));
        var kinds = await CallAsync(directory, () => Task.WhenAll(children.Select(child => db.HashGetAsync(MetaKey(child), "kind")))).ConfigureAwait(false);
        for (var i = 0; i < children.Count; i++)
        {
            if (kinds[i] == "d") await RemoveChildrenAsync(db, children[i], cancellationToken).ConfigureAwait(false);
        }
        await Task.WhenAll(children.Select(async child =>
        {
            try
            {
                await RemoveOneAsync(db, child).ConfigureAwait(false);
            }
            catch (ResourceException e) when (e.Error == ResourceError.NotFound)
            {
                // Removed by someone else meanwhile: that is the goal.
            }
        })).ConfigureAwait(false);
    }

    private async IAsyncEnumerable<List<string>> ChildNamesAsync(IDatabase db, VPath directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const int page = 500;
        var key = ListKey(directory);
        RedisValue after = default;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = after;
            var values = await CallAsync(directory, () => start.IsNull
                ? db.SortedSetRangeByValueAsync(key, default, default, Exclude.None, Order.Ascending, 0, page)
                : db.SortedSetRangeByValueAsync(key, start, default, Exclude.Start, Order.Ascending, 0, page)).ConfigureAwait(false);
            if (values.Length == 0) yield break;
            yield return [.. values.Select(static v => (string)v!)];
            if (values.Length < page) yield break;
            after = values[^1];
        }
    }

    private async Task RequireDirectoryAsync(IDatabase db, VPath directory)
    {
        if (directory.IsRoot) return;
        var kind = await CallAsync(directory, () => db.HashGetAsync(MetaKey(directory), "kind")).ConfigureAwait(false);
        if (kind.IsNull) throw ResourceException.NotFound(directory);
        if (kind != "d") throw ResourceException.NotADirectory(directory);
    }

    private static EntryInfo? ToEntry(VPath path, RedisValue[] fields)
    {
        if (fields.Length < 4 || fields[0].IsNull) return null;
        var modified = fields[2].TryParse(out long ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
        return fields[0] == "d"
            ? new EntryInfo(path, EntryKind.Directory, Modified: modified)
            : new EntryInfo(path, EntryKind.File, fields[1].TryParse(out long size) ? size : 0, modified, fields[3]);
    }

    private static void ThrowOnStatus(RedisResult status, VPath path)
    {
        switch ((string?)status)
        {
            case "OK":
                return;
            case "ENOENT":
                throw ResourceException.NotFound(path);
            case "ENOENT_PARENT":
                throw ResourceException.NotFound(path.Parent);
            case "ENOTDIR":
                throw ResourceException.NotADirectory(path.Parent);
            case "EISDIR":
                throw ResourceException.IsADirectory(path);
            case "EEXIST":
                throw ResourceException.AlreadyExists(path);
            case "ENOTEMPTY":
                throw ResourceException.DirectoryNotEmpty(path);
            case "CONFLICT":
                throw new ResourceException(ResourceError.Conflict, path);
            default:
                throw new ResourceException(ResourceError.Transient, path, $"{path}: unexpected answer from redis: {status}");
        }
    }

    private async Task<IDatabase> DatabaseAsync(VPath path, CancellationToken cancellationToken)
    {
        if (_connection is { } ready) return ready.GetDatabase();
        await _connectGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection is null)
            {
                // Fail the first operation with a clear line instead of queueing against a server that is not there.
                var configuration = RedisUrl.ParseFailingFast(_options.Url, _options.Timeout);
                try
                {
                    _connection = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
                }
                catch (Exception e) when (e is RedisException or TimeoutException or System.Net.Sockets.SocketException)
                {
                    throw Failure(path, e);
                }
            }
            return _connection.GetDatabase();
        }
        finally
        {
            _connectGate.Release();
        }
    }

    private async Task<T> CallAsync<T>(VPath path, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw Failure(path, e);
        }
    }

    internal ResourceException Failure(VPath path, Exception e)
    {
        var where = $"redis {RedisUrl.Redact(_options.Url)}";
        var message = (e.Message ?? "").ReplaceLineEndings(" ").Trim();
        if (message.Contains("NOAUTH", StringComparison.Ordinal) || message.Contains("WRONGPASS", StringComparison.Ordinal) || message.Contains("NOPERM", StringComparison.Ordinal))
            return new ResourceException(ResourceError.PermissionDenied, path, $"{path}: {ResourceException.Describe(ResourceError.PermissionDenied)} ({where}: {message})", e) { Detail = $"{where}: {message}" };
        var cause = e is RedisConnectionException or System.Net.Sockets.SocketException ? "cannot reach the server" : e is TimeoutException ? "timed out" : "failed";
        return new ResourceException(ResourceError.Transient, path, $"{path}: {ResourceException.Describe(ResourceError.Transient)} ({where}: {cause}: {message})", e) { Detail = $"{where}: {cause}: {message}" };
    }

    private RedisKey MetaKey(VPath path) => _prefix + "m:" + path.Value;

    private RedisKey ListKey(VPath path) => _prefix + "l:" + path.Value;

    private RedisKey BlobKey(string etag) => _prefix + "b:" + etag;

    private string GraceSeconds() => Math.Max(1, (long)_options.ReaderGrace.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    private static string NewEtag() => Guid.NewGuid().ToString("N");

    private static string Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
}
