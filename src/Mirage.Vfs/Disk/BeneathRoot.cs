using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Mirage.Vfs.Disk;

/// <summary>
/// A held handle on the disk root through which Linux's openat2 resolves whole paths with RESOLVE_BENEATH: the
/// kernel walks every component, follows links, and refuses any step (a "..", a link) that would leave the root,
/// all in one call and without a window between checking and opening. <see cref="DiskResource"/> uses it for its
/// hot paths (open, list) and walks the path itself whenever this answers null: an error to describe precisely, an
/// absolute link (which RESOLVE_BENEATH refuses even when it points inside), another system, or a kernel or sandbox
/// without openat2.
/// </summary>
internal sealed partial class BeneathRoot : IDisposable
{
    private const long OpenAt2Call = 437; // The same number on every Linux architecture since 5.6.
    private const int CurrentDirectory = -100; // AT_FDCWD
    private const ulong ReadOnly = 0;
    private const ulong NoControllingTerminal = 0x100; // O_NOCTTY
    private const ulong CloseOnExec = 0x80000; // O_CLOEXEC
    private const ulong PathOnly = 0x200000; // O_PATH
    private const ulong ResolveNoMagicLinks = 0x02;
    private const ulong ResolveBeneath = 0x08;
    private const int NoSuchCall = 38; // ENOSYS
    private const int DirentTypeOffset = 18; // struct dirent on 64-bit glibc and musl: ino, off, reclen, type, name.
    private const int DirentNameOffset = 19;
    private const byte TypeDirectory = 4;
    private const byte TypeRegular = 8;
    private const byte TypeLink = 10;

    private readonly SafeFileHandle _root;
    private readonly ulong _directoryFlag;
    private volatile bool _unavailable;

    private BeneathRoot(SafeFileHandle root, ulong directoryFlag)
    {
        _root = root;
        _directoryFlag = directoryFlag;
    }

    /// <summary>A handle on <paramref name="hostRoot"/> (a real directory), or null where openat2 cannot be used.</summary>
    public static BeneathRoot? TryOpen(string hostRoot)
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess) return null;
        // O_DIRECTORY is the one flag used here whose value differs between architectures.
        ulong directoryFlag = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 0x10000,
            Architecture.Arm64 => 0x4000,
            _ => 0,
        };
        if (directoryFlag == 0) return null;
        try
        {
            var how = new OpenHow(PathOnly | directoryFlag | CloseOnExec, 0, 0);
            var fd = OpenAt2(OpenAt2Call, CurrentDirectory, hostRoot, in how, (nuint)Marshal.SizeOf<OpenHow>());
            return fd < 0 ? null : new BeneathRoot(new SafeFileHandle(new IntPtr(fd), ownsHandle: true), directoryFlag);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The file at <paramref name="path"/> (links followed) opened for reading; null when the caller must walk instead.</summary>
    public SafeFileHandle? TryOpenFile(VPath path) => Open(path, ReadOnly | NoControllingTerminal | CloseOnExec);

    /// <summary>
    /// The names in the directory at <paramref name="path"/> (links followed), each with its kind as the directory
    /// itself records it (null where the file system does not say), read through the opened directory so nothing can
    /// be swapped in between; null when the caller must walk instead.
    /// </summary>
    public List<(string Name, HostKind? Kind)>? TryList(VPath path)
    {
        var handle = Open(path, ReadOnly | _directoryFlag | CloseOnExec);
        if (handle is null) return null;
        // fdopendir takes the descriptor over: closedir releases it.
        var fd = handle.DangerousGetHandle();
        handle.SetHandleAsInvalid();
        var stream = OpenDirectory((int)fd);
        if (stream == IntPtr.Zero)
        {
            _ = Close((int)fd);
            return null;
        }
        try
        {
            var entries = new List<(string, HostKind?)>();
            while (true)
            {
                var entry = ReadDirectory(stream);
                if (entry == IntPtr.Zero)
                {
                    // The end, or an error (the directory vanished): the walk reports the latter properly.
                    return Marshal.GetLastPInvokeError() == 0 ? entries : null;
                }
                var name = Marshal.PtrToStringUTF8(entry + DirentNameOffset) ?? string.Empty;
                if (name is "." or "..") continue;
                HostKind? kind = Marshal.ReadByte(entry, DirentTypeOffset) switch
                {
                    TypeDirectory => HostKind.Directory,
                    TypeLink => HostKind.Link,
                    TypeRegular => HostKind.File,
                    0 => null, // DT_UNKNOWN: the caller asks the file itself.
                    _ => HostKind.File, // Devices, pipes and sockets are files to this tree, as before.
                };
                entries.Add((name, kind));
            }
        }
        finally
        {
            _ = CloseDirectory(stream);
        }
    }

    public void Dispose() => _root.Dispose();

    private SafeFileHandle? Open(VPath path, ulong flags)
    {
        if (_unavailable) return null;
        var relative = path.IsRoot ? "." : path.Value[1..];
        // A NUL would cut the name short on its way to the kernel; the walk refuses it.
        if (relative.Contains('\0', StringComparison.Ordinal)) return null;
        var how = new OpenHow(flags, 0, ResolveBeneath | ResolveNoMagicLinks);
        var added = false;
        try
        {
            _root.DangerousAddRef(ref added);
            var fd = OpenAt2(OpenAt2Call, (int)_root.DangerousGetHandle(), relative, in how, (nuint)Marshal.SizeOf<OpenHow>());
            if (fd >= 0) return new SafeFileHandle(new IntPtr(fd), ownsHandle: true);
            if (Marshal.GetLastPInvokeError() == NoSuchCall) _unavailable = true;
            return null;
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
        finally
        {
            if (added) _root.DangerousRelease();
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct OpenHow(ulong Flags, ulong Mode, ulong Resolve);

    // syscall(2) is variadic; on x86-64 and arm64 Linux fixed integer arguments are passed the same way.
    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial long OpenAt2(long call, int directory, string path, in OpenHow how, nuint size);

    [LibraryImport("libc", EntryPoint = "fdopendir", SetLastError = true)]
    private static partial IntPtr OpenDirectory(int fd);

    [LibraryImport("libc", EntryPoint = "readdir", SetLastError = true)]
    private static partial IntPtr ReadDirectory(IntPtr stream);

    [LibraryImport("libc", EntryPoint = "closedir")]
    private static partial int CloseDirectory(IntPtr stream);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
