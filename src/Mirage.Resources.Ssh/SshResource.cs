using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Mirage.Vfs;
using Renci.SshNet;
using Renci.SshNet.Common;
using Renci.SshNet.Sftp;

namespace Mirage.Resources.Ssh;

/// <summary>
/// A folder on an SSH server, over SFTP. Paths are joined under <see cref="SshResourceOptions.Root"/> and, being
/// normalised, cannot climb above it; symbolic links on the server are not listed. Writes go to a temporary
/// file beside the target and are renamed over it (posix-rename), so readers see the old or the new content
/// and a failed write leaves the old one. SFTP v3 times have whole seconds, so a write that would keep the
/// old modification time moves it one second on: the fingerprint (mtime and size) changes with every write.
/// </summary>
public sealed class SshResource : IResource, IChangeMode, ITimestamps
{
    private const string TemporaryPrefix = ".mirage-";
    private const string TemporarySuffix = ".tmp";

    private readonly SshResourceOptions _options;
    private readonly string _root;
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    // ChangeDirectory is the one public call that answers the server's realpath; it sets shared client state.
    private readonly SemaphoreSlim _canonicalGate = new(1, 1);
    private SftpClient? _client;
    private string? _canonicalRoot;

    public SshResource(SshResourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Host);
        ArgumentException.ThrowIfNullOrEmpty(options.Username);
        _options = options;
        _root = options.Root.Length > 1 ? options.Root.TrimEnd('/') : options.Root;
        Info = new ResourceInfo("ssh", options.Description ?? $"Files in {_root} on {options.Host}, reached over SFTP.");
    }

    public ResourceInfo Info { get; }

    public async ValueTask<EntryInfo?> StatAsync(VPath path, CancellationToken cancellationToken = default)
    {
        var client = await ClientAsync(path, cancellationToken).ConfigureAwait(false);
        if (!path.IsRoot) await EnsureInsideAsync(client, path.Parent, cancellationToken).ConfigureAwait(false);
        try
        {
            if (path.IsRoot) return ToEntry(path, await client.GetAttributesAsync(Remote(path), cancellationToken).ConfigureAwait(false));
            // The server resolves the whole path (links included): a link in a checked folder may still point outside.
            var file = await client.GetAsync(Remote(path), cancellationToken).ConfigureAwait(false);
            await EnsureResolvedInsideAsync(client, path, file.FullName, cancellationToken).ConfigureAwait(false);
            return ToEntry(path, file.Attributes);
        }
        catch (SftpPathNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (IsFailure(e, cancellationToken))
        {
            throw Failure(path, e);
        }
    }

    public async IAsyncEnumerable<EntryInfo> ListAsync(VPath directory, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var info = await StatAsync(directory, cancellationToken).ConfigureAwait(false) ?? throw ResourceException.NotFound(directory);
        if (!info.IsDirectory) throw ResourceException.NotADirectory(directory);
        var client = await ClientAsync(directory, cancellationToken).ConfigureAwait(false);
        await EnsureInsideAsync(client, directory, cancellationToken).ConfigureAwait(false);
        var entries = new List<EntryInfo>();
        try
        {
            await foreach (var file in client.ListDirectoryAsync(Remote(directory), cancellationToken).ConfigureAwait(false))
            {
                if (file.Name is "." or ".." || IsTemporary(file.Name)) continue;
                // Links could lead outside the root: they are not part of the tree.
                if (file.IsSymbolicLink) continue;
                entries.Add(ToEntry(directory / file.Name, file.Attributes));
            }
        }
        catch (SftpPathNotFoundException)
        {
            throw ResourceException.NotFound(directory);
        }
        catch (Exception e) when (IsFailure(e, cancellationToken))
        {
            throw Failure(directory, e);
        }
        entries.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var entry in entries) yield return entry;
    }

    public async ValueTask<Stream> OpenReadAsync(VPath path, ByteRange range = default, CancellationToken cancellationToken = default)
    {
        if (range.Offset < 0 || range.Length < 0) throw new ResourceException(ResourceError.InvalidArgument, path);
        var info = await StatAsync(path, cancellationToken).ConfigureAwait(false) ?? throw ResourceException.NotFound(path);
        if (info.IsDirectory) throw ResourceException.IsADirectory(path);
        if (range.Length == 0 || range.Offset >= (info.Size ?? 0)) return Stream.Null;
        var client = await ClientAsync(path, cancellationToken).ConfigureAwait(false);
        var stream = await Guard(path, () => client.OpenAsync(Remote(path), FileMode.Open, FileAccess.Read, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (range.Offset > 0) stream.Seek(range.Offset, SeekOrigin.Begin);
        return range.Length is { } length ? new BoundedReadStream(stream, length) : stream;
    }

    public async ValueTask<EntryInfo> WriteAsync(VPath path, Stream content, WriteOptions options = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (path.IsRoot) throw ResourceException.IsADirectory(path);
        await RequireDirectoryAsync(path.Parent, cancellationToken).ConfigureAwait(false);
        var current = await StatAsync(path, cancellationToken).ConfigureAwait(false);
        if (current is { IsDirectory: true }) throw ResourceException.IsADirectory(path);
        if (options.CreateNew && current is not null) throw ResourceException.AlreadyExists(path);
        if (options.IfMatch is not null && current?.Fingerprint != options.IfMatch) throw new ResourceException(ResourceError.Conflict, path);

        var client = await ClientAsync(path, cancellationToken).ConfigureAwait(false);
        var temporary = Remote(path.Parent / $"{TemporaryPrefix}{Guid.NewGuid():N}{TemporarySuffix}");
        try
        {
            long size;
            var target = await Guard(path, () => client.OpenAsync(temporary, FileMode.CreateNew, FileAccess.Write, cancellationToken), cancellationToken).ConfigureAwait(false);
            await using (target.ConfigureAwait(false))
            {
                if (options.Append && current is { Size: > 0 })
                {
                    // SFTP has no server-side copy: the old bytes stream through, then the new ones follow.
                    var old = await Guard(path, () => client.OpenAsync(Remote(path), FileMode.Open, FileAccess.Read, cancellationToken), cancellationToken).ConfigureAwait(false);
                    await using (old.ConfigureAwait(false)) await old.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
                }
                await content.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
                await target.FlushAsync(cancellationToken).ConfigureAwait(false);
                size = target.Length;
            }
            var modified = DateTime.UtcNow;
            if (current?.Modified is { } previous && Math.Abs((modified - previous.UtcDateTime).TotalSeconds) < 1)
                modified = previous.UtcDateTime.AddSeconds(1);
            modified = new DateTime(modified.Ticks - (modified.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
            await Guard(path, () => Task.Run(() =>
            {
                // The replacement keeps the old file's permissions, as writing into it in place would.
                if (current?.Mode is { } mode) client.ChangePermissions(temporary, PermissionDigits(mode));
                client.SetLastWriteTimeUtc(temporary, modified);
                client.RenameFile(temporary, Remote(path), isPosix: true);
                return true;
            }, cancellationToken), cancellationToken).ConfigureAwait(false);
            return new EntryInfo(path, EntryKind.File, size, new DateTimeOffset(modified), Fingerprint(modified, size));
        }
        catch
        {
            try
            {
                await client.DeleteFileAsync(temporary, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Never created, or the connection is gone: nothing more to do.
            }
            throw;
        }
    }

    public async ValueTask CreateDirectoryAsync(VPath path, CancellationToken cancellationToken = default)
    {
        if (path.IsRoot || await StatAsync(path, cancellationToken).ConfigureAwait(false) is not null) throw ResourceException.AlreadyExists(path);
        await RequireDirectoryAsync(path.Parent, cancellationToken).ConfigureAwait(false);
        var client = await ClientAsync(path, cancellationToken).ConfigureAwait(false);
        await Guard(path, async () =>
        {
            await client.CreateDirectoryAsync(Remote(path), cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask RemoveAsync(VPath path, bool recursive = false, CancellationToken cancellationToken = default)
    {
        if (path.IsRoot) throw new ResourceException(ResourceError.Busy, path);
        var info = await StatAsync(path, cancellationToken).ConfigureAwait(false) ?? throw ResourceException.NotFound(path);
        var client = await ClientAsync(path, cancellationToken).ConfigureAwait(false);
        if (!info.IsDirectory)
        {
            await Guard(path, async () =>
            {
                await client.DeleteFileAsync(Remote(path), cancellationToken).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
            return;
        }
        var children = new List<EntryInfo>();
        await foreach (var child in ListAsync(path, cancellationToken).ConfigureAwait(false)) children.Add(child);
        if (children.Count > 0)
        {
            if (!recursive) throw ResourceException.DirectoryNotEmpty(path);
            foreach (var child in children) await RemoveAsync(child.Path, recursive: true, cancellationToken).ConfigureAwait(false);
        }
        await Guard(path, async () =>
        {
            await client.DeleteDirectoryAsync(Remote(path), cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>SSH.NET's SFTP call takes the nine permission bits only: setuid, setgid and sticky cannot be set over it.</summary>
    public async ValueTask ChangeModeAsync(VPath path, int mode, CancellationToken cancellationToken = default)
    {
        if (mode is < 0 or > 0xFFF) throw new ResourceException(ResourceError.InvalidArgument, path);
        _ = await StatAsync(path, cancellationToken).ConfigureAwait(false) ?? throw ResourceException.NotFound(path);
        var client = await ClientAsync(path, cancellationToken).ConfigureAwait(false);
        await Guard(path, () => Task.Run(() =>
        {
            client.ChangePermissions(Remote(path), PermissionDigits(mode));
            return true;
        }, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask SetModifiedAsync(VPath path, DateTimeOffset modified, CancellationToken cancellationToken = default)
    {
        // The stat also keeps the change inside the root: it refuses paths that resolve outside it.
        _ = await StatAsync(path, cancellationToken).ConfigureAwait(false) ?? throw ResourceException.NotFound(path);
        var client = await ClientAsync(path, cancellationToken).ConfigureAwait(false);
        // SFTP keeps whole seconds; SSH.NET offers only a blocking call for setting them.
        await Guard(path, () => Task.Run(() =>
        {
            client.SetLastWriteTimeUtc(Remote(path), modified.UtcDateTime);
            return true;
        }, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is { } client)
        {
            if (client.IsConnected) client.Disconnect();
            client.Dispose();
        }
        _connectGate.Dispose();
        _canonicalGate.Dispose();
        await Task.CompletedTask.ConfigureAwait(false);
    }

    // ---- internals ----

    /// <summary>
    /// The server resolves links inside every path it is given, so a link to a folder could lead out of the root:
    /// the directory is resolved (realpath) and must still lie under the resolved root. The root's own children need no check.
    /// </summary>
    private async Task EnsureInsideAsync(SftpClient client, VPath directory, CancellationToken cancellationToken)
    {
        if (directory.IsRoot) return;
        _canonicalRoot ??= await CanonicalAsync(client, VPath.Root, cancellationToken).ConfigureAwait(false) ?? _root;
        var canonical = await CanonicalAsync(client, directory, cancellationToken).ConfigureAwait(false);
        if (canonical is null) return; // missing or not a directory: the operation itself reports that
        var root = _canonicalRoot.TrimEnd('/');
        if (canonical != _canonicalRoot && !canonical.StartsWith(root + "/", StringComparison.Ordinal))
            throw Build(ResourceError.PermissionDenied, directory, $"{directory} resolves to {canonical}, outside the root", new UnauthorizedAccessException());
    }

    /// <summary>A path the server resolved (through any link) must still lie under the resolved root.</summary>
    private async Task EnsureResolvedInsideAsync(SftpClient client, VPath path, string resolved, CancellationToken cancellationToken)
    {
        _canonicalRoot ??= await CanonicalAsync(client, VPath.Root, cancellationToken).ConfigureAwait(false) ?? _root;
        var root = _canonicalRoot.TrimEnd('/');
        if (resolved != _canonicalRoot && !resolved.StartsWith(root + "/", StringComparison.Ordinal))
            throw Build(ResourceError.PermissionDenied, path, $"{path} resolves to {resolved}, outside the root", new UnauthorizedAccessException());
    }

    private async Task<string?> CanonicalAsync(SftpClient client, VPath directory, CancellationToken cancellationToken)
    {
        await _canonicalGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await client.ChangeDirectoryAsync(Remote(directory), cancellationToken).ConfigureAwait(false);
            return client.WorkingDirectory;
        }
        catch (SshException)
        {
            return null;
        }
        finally
        {
            _canonicalGate.Release();
        }
    }

    private async Task RequireDirectoryAsync(VPath directory, CancellationToken cancellationToken)
    {
        var info = await StatAsync(directory, cancellationToken).ConfigureAwait(false) ?? throw ResourceException.NotFound(directory);
        if (!info.IsDirectory) throw ResourceException.NotADirectory(directory);
    }

    private async Task<SftpClient> ClientAsync(VPath path, CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true } ready) return ready;
        await _connectGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_client is { IsConnected: true } connected) return connected;
            _client?.Dispose();
            _client = null;
            var client = new SftpClient(SshConnection.Create(_options));
            var hostKeys = new HostKeyCheck(_options);
            client.HostKeyReceived += hostKeys.OnHostKeyReceived;
            try
            {
                await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsFailure(e, cancellationToken))
            {
                client.Dispose();
                throw hostKeys.Rejected is { } reason ? Build(ResourceError.PermissionDenied, path, reason, e) : Failure(path, e);
            }
            _client = client;
            return client;
        }
        finally
        {
            _connectGate.Release();
        }
    }

    private async Task<T> Guard<T>(VPath path, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (IsFailure(e, cancellationToken))
        {
            throw Failure(path, e);
        }
    }

    private static bool IsFailure(Exception e, CancellationToken cancellationToken) => e switch
    {
        SshException or SocketException or TimeoutException or ProxyException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private ResourceException Failure(VPath path, Exception e) => e switch
    {
        SftpPathNotFoundException => ResourceException.NotFound(path),
        SftpPermissionDeniedException => Build(ResourceError.PermissionDenied, path, e.Message, e),
        SshAuthenticationException => Build(ResourceError.PermissionDenied, path, $"authentication failed: {e.Message}", e),
        SshOperationTimeoutException or TimeoutException or OperationCanceledException => Build(ResourceError.Transient, path, $"timed out: {e.Message}", e),
        SocketException or SshConnectionException => Build(ResourceError.Transient, path, $"cannot reach the server: {e.Message}", e),
        _ => Build(ResourceError.Transient, path, e.Message, e),
    };

    private ResourceException Build(ResourceError error, VPath path, string detail, Exception inner)
    {
        var where = $"ssh {_options.Username}@{_options.Host}:{_options.Port}{_root}: {detail.ReplaceLineEndings(" ").Trim()}";
        return new(error, path, $"{path}: {ResourceException.Describe(error)} ({where})", inner) { Detail = where };
    }

    private string Remote(VPath path) => path.IsRoot ? _root : (_root == "/" ? "" : _root) + path.Value;

    private static bool IsTemporary(string name) =>
        name.StartsWith(TemporaryPrefix, StringComparison.Ordinal) && name.EndsWith(TemporarySuffix, StringComparison.Ordinal);

    private static EntryInfo ToEntry(VPath path, SftpFileAttributes attributes)
    {
        var modified = DateTime.SpecifyKind(attributes.LastWriteTimeUtc, DateTimeKind.Utc);
        var mode = ModeOf(attributes);
        return attributes.IsDirectory
            ? new EntryInfo(path, EntryKind.Directory, Modified: modified, Mode: mode)
            : new EntryInfo(path, EntryKind.File, attributes.Size, modified, Fingerprint(modified, attributes.Size), mode);
    }

    private static int ModeOf(SftpFileAttributes a) =>
        (a.OwnerCanRead ? 0x100 : 0) | (a.OwnerCanWrite ? 0x80 : 0) | (a.OwnerCanExecute ? 0x40 : 0)
        | (a.GroupCanRead ? 0x20 : 0) | (a.GroupCanWrite ? 0x10 : 0) | (a.GroupCanExecute ? 0x8 : 0)
        | (a.OthersCanRead ? 0x4 : 0) | (a.OthersCanWrite ? 0x2 : 0) | (a.OthersCanExecute ? 0x1 : 0);

    /// <summary>SSH.NET reads the mode's octal digits as a decimal number (0755 is passed as 755).</summary>
    private static short PermissionDigits(int mode) =>
        short.Parse(Convert.ToString(mode & 0x1FF, 8), System.Globalization.CultureInfo.InvariantCulture);

    private static string Fingerprint(DateTime modified, long size) =>
        $"{new DateTimeOffset(DateTime.SpecifyKind(modified, DateTimeKind.Utc)).ToUnixTimeSeconds()}-{size}";
}
