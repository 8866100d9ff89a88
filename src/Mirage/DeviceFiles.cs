using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage;

/// <summary>
/// The tree as one command sees it: the workspace's files, plus the device files a process has:
/// <c>/dev/null</c>, <c>/dev/zero</c>, <c>/dev/urandom</c>, and its own descriptors as <c>/dev/stdin</c>,
/// <c>/dev/stdout</c>, <c>/dev/stderr</c> and <c>/dev/fd/N</c> (how <c>cat &lt;(cmd)</c> reaches a process substitution).
/// </summary>
internal sealed class DeviceFiles : IResource, INameLister
{
    private static readonly VPath DevDirectory = VPath.Parse("/dev");
    private static readonly VPath DescriptorDirectory = VPath.Parse("/dev/fd");
    private static readonly string[] DeviceNames = ["fd", "null", "random", "stderr", "stdin", "stdout", "urandom", "zero"];

    private readonly IResource _files;
    private readonly Func<int, Stream?> _findDescriptor;

    public DeviceFiles(IResource files, Func<int, Stream?> findDescriptor)
    {
        _files = files;
        _findDescriptor = findDescriptor;
    }

    public ResourceInfo Info => _files.Info;

    public ValueTask<EntryInfo?> StatAsync(VPath path, CancellationToken cancellationToken = default)
    {
        if (path == DevDirectory || path == DescriptorDirectory) return ValueTask.FromResult<EntryInfo?>(new EntryInfo(path, EntryKind.Directory));
        if (TryGetDevice(path, out var device))
        {
            // Size unknown: commands must read a device, never trust a length.
            return ValueTask.FromResult(device.Exists ? new EntryInfo(path, EntryKind.File) : null);
        }
        return _files.StatAsync(path, cancellationToken);
    }

    public IAsyncEnumerable<EntryInfo> ListAsync(VPath directory, CancellationToken cancellationToken = default)
    {
        if (directory == DevDirectory) return ListDevicesAsync(cancellationToken);
        if (directory == DescriptorDirectory) return ListDescriptorsAsync(cancellationToken);
        return _files.ListAsync(directory, cancellationToken);
    }

    public IAsyncEnumerable<EntryInfo> ListNamesAsync(VPath directory, CancellationToken cancellationToken = default) =>
        directory == DevDirectory || directory == DescriptorDirectory
            ? ListAsync(directory, cancellationToken)
            : ResourceOperations.ListNamesAsync(_files, directory, cancellationToken);

    public ValueTask<Stream> OpenReadAsync(VPath path, ByteRange range = default, CancellationToken cancellationToken = default)
    {
        if (!TryGetDevice(path, out var device)) return _files.OpenReadAsync(path, range, cancellationToken);
        if (!device.Exists) throw ResourceException.NotFound(path);
        if (!range.IsAll && device.Kind is not (DeviceKind.Null or DeviceKind.Zero or DeviceKind.Random))
        {
            // A pipe cannot seek.
            throw new ResourceException(ResourceError.NotSupported, path, $"{path}: Illegal seek");
        }
        if (device.Kind == DeviceKind.Descriptor && !device.Stream!.CanRead) throw new ResourceException(ResourceError.PermissionDenied, path);
        Stream stream = device.Kind switch
        {
            DeviceKind.Null => new MemoryStream([], writable: false),
            DeviceKind.Zero => new EndlessStream(static buffer => buffer.Clear()),
            DeviceKind.Random => new EndlessStream(static buffer => RandomNumberGenerator.Fill(buffer)),
            _ => new NonClosingStream(device.Stream!),
        };
        return ValueTask.FromResult(stream);
    }

    public async ValueTask<EntryInfo> WriteAsync(VPath path, Stream content, WriteOptions options = default, CancellationToken cancellationToken = default)
    {
        if (!TryGetDevice(path, out var device)) return await _files.WriteAsync(path, content, options, cancellationToken).ConfigureAwait(false);
        if (!device.Exists) throw ResourceException.NotFound(path);
        switch (device.Kind)
        {
            case DeviceKind.Null or DeviceKind.Zero or DeviceKind.Random:
                await content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
                break;
            default:
                if (!device.Stream!.CanWrite) throw new ResourceException(ResourceError.PermissionDenied, path);
                // Written through to the descriptor, which stays open for its owner.
                await content.CopyToAsync(device.Stream!, cancellationToken).ConfigureAwait(false);
                await device.Stream!.FlushAsync(cancellationToken).ConfigureAwait(false);
                break;
        }
        return new EntryInfo(path, EntryKind.File);
    }

    public ValueTask CreateDirectoryAsync(VPath path, CancellationToken cancellationToken = default)
    {
        if (path == DevDirectory || path == DescriptorDirectory || TryGetDevice(path, out _)) throw ResourceException.AlreadyExists(path);
        return _files.CreateDirectoryAsync(path, cancellationToken);
    }

    public ValueTask RemoveAsync(VPath path, bool recursive = false, CancellationToken cancellationToken = default)
    {
        if (path == DevDirectory || path == DescriptorDirectory || TryGetDevice(path, out _)) throw new ResourceException(ResourceError.PermissionDenied, path);
        return _files.RemoveAsync(path, recursive, cancellationToken);
    }

    public bool TryGetCapability<T>([NotNullWhen(true)] out T? capability) where T : class
    {
        // Listing names goes through this wrapper, which adds /dev; every other verb is the files' own.
        if (typeof(T) == typeof(INameLister))
        {
            capability = (T)(object)this;
            return true;
        }
        return _files.TryGetCapability(out capability);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask; // The workspace owns the files.

    private bool TryGetDevice(VPath path, out Device device)
    {
        device = default;
        if (path.Parent == DevDirectory)
        {
            switch (path.Name)
            {
                case "null": device = new Device(DeviceKind.Null, null, true); return true;
                case "zero": device = new Device(DeviceKind.Zero, null, true); return true;
                case "random" or "urandom": device = new Device(DeviceKind.Random, null, true); return true;
                case "stdin": device = Descriptor(0); return true;
                case "stdout": device = Descriptor(1); return true;
                case "stderr": device = Descriptor(2); return true;
                default: return false;
            }
        }
        if (path.Parent == DescriptorDirectory && int.TryParse(path.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var fd))
        {
            device = Descriptor(fd);
            return true;
        }
        return false;
    }

    private Device Descriptor(int fd) => _findDescriptor(fd) is { } stream ? new Device(DeviceKind.Descriptor, stream, true) : new Device(DeviceKind.Descriptor, null, false);

    private static async IAsyncEnumerable<EntryInfo> ListDevicesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var name in DeviceNames)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new EntryInfo(DevDirectory / name, name == "fd" ? EntryKind.Directory : EntryKind.File);
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    private async IAsyncEnumerable<EntryInfo> ListDescriptorsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Descriptors are few and low, or counted down from 63 for process substitutions.
        for (var fd = 0; fd < 256; fd++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_findDescriptor(fd) is not null) yield return new EntryInfo(DescriptorDirectory / fd.ToString(CultureInfo.InvariantCulture), EntryKind.File);
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    private enum DeviceKind
    {
        Null,
        Zero,
        Random,
        Descriptor,
    }

    private readonly record struct Device(DeviceKind Kind, Stream? Stream, bool Exists);

    /// <summary>/dev/zero and /dev/urandom: every read fills the whole buffer.</summary>
    private sealed class EndlessStream(SpanAction fill) : ReadOnlyStream
    {
        public override int Read(Span<byte> buffer)
        {
            fill(buffer);
            return buffer.Length;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(Read(buffer.Span));
        }
    }

    private delegate void SpanAction(Span<byte> buffer);
}
