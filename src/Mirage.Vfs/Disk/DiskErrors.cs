namespace Mirage.Vfs.Disk;

/// <summary>Turns host I/O failures into <see cref="ResourceException"/>s by their errno (HResult), never by message text.</summary>
internal static class DiskErrors
{
    // On Unix, .NET puts the raw errno into IOException.HResult when it has no dedicated exception type.
    private const int EPERM = 1;
    private const int ENOENT = 2;
    private const int EAGAIN = 11;
    private const int EACCES = 13;
    private const int EBUSY = 16;
    private const int EEXIST = 17;
    private const int ENOTDIR = 20;
    private const int EISDIR = 21;
    private const int EINVAL = 22;
    private const int EROFS = 30;
    private const int ENAMETOOLONG = 36;
    private const int ENOTEMPTY = 39;
    private const int ELOOP = 40;

    // Win32 HResults, for the same failures on Windows.
    private const int FileNotFound = unchecked((int)0x80070002);
    private const int PathNotFound = unchecked((int)0x80070003);
    private const int AccessDenied = unchecked((int)0x80070005);
    private const int FileExists = unchecked((int)0x80070050);
    private const int AlreadyExists = unchecked((int)0x800700B7);
    private const int DirectoryNotEmpty = unchecked((int)0x80070091);
    private const int DirectoryInvalid = unchecked((int)0x8007010B);

    /// <summary>The matching <see cref="ResourceException"/>, or null when <paramref name="error"/> is not a host I/O failure we recognise.</summary>
    public static ResourceException? Translate(Exception error, VPath path)
    {
        var kind = error switch
        {
            ResourceException => (ResourceError?)null,
            FileNotFoundException or DirectoryNotFoundException => ResourceError.NotFound,
            UnauthorizedAccessException => ResourceError.PermissionDenied,
            PathTooLongException => ResourceError.InvalidArgument,
            IOException io => FromHResult(io.HResult),
            _ => null,
        };
        return kind is { } found ? new ResourceException(found, path, null, error) : null;
    }

    private static ResourceError? FromHResult(int hresult) => hresult switch
    {
        ENOENT or FileNotFound or PathNotFound => ResourceError.NotFound,
        ENOTDIR or DirectoryInvalid => ResourceError.NotADirectory,
        EISDIR => ResourceError.IsADirectory,
        ENOTEMPTY or DirectoryNotEmpty => ResourceError.DirectoryNotEmpty,
        EEXIST or FileExists or AlreadyExists => ResourceError.AlreadyExists,
        EACCES or EPERM or AccessDenied => ResourceError.PermissionDenied,
        EROFS => ResourceError.ReadOnly,
        ELOOP => ResourceError.TooManyLinks,
        EINVAL or ENAMETOOLONG => ResourceError.InvalidArgument,
        EBUSY => ResourceError.Busy,
        EAGAIN => ResourceError.Transient,
        _ => null,
    };
}
