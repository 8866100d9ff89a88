namespace Mirage.Vfs;

public enum ResourceError
{
    NotFound,
    NotADirectory,
    IsADirectory,
    DirectoryNotEmpty,
    AlreadyExists,
    PermissionDenied,
    ReadOnly,
    NotSupported,
    Conflict,
    Transient,
    InvalidArgument,
    TooManyLinks,
    /// <summary>The path is in use and cannot be removed (a mount point).</summary>
    Busy,
}

/// <summary>
/// The one exception resources throw for expected failures. <see cref="Describe"/> gives the text
/// GNU tools print for the matching errno, so commands can write "cat: /x: No such file or directory".
/// </summary>
public sealed class ResourceException : IOException
{
    public ResourceException(ResourceError error, VPath path, string? message = null, Exception? innerException = null)
        : base(message ?? $"{path}: {Describe(error)}", innerException)
    {
        Error = error;
        Path = path;
    }

    public ResourceError Error { get; }

    public VPath Path { get; }

    /// <summary>The strerror text of the matching errno, as GNU tools print it.</summary>
    public static string Describe(ResourceError error) => error switch
    {
        ResourceError.NotFound => "No such file or directory",
        ResourceError.NotADirectory => "Not a directory",
        ResourceError.IsADirectory => "Is a directory",
        ResourceError.DirectoryNotEmpty => "Directory not empty",
        ResourceError.AlreadyExists => "File exists",
        ResourceError.PermissionDenied => "Permission denied",
        ResourceError.ReadOnly => "Read-only file system",
        ResourceError.NotSupported => "Operation not supported",
        ResourceError.Conflict => "Precondition failed",
        ResourceError.Transient => "Resource temporarily unavailable",
        ResourceError.InvalidArgument => "Invalid argument",
        ResourceError.TooManyLinks => "Too many levels of symbolic links",
        ResourceError.Busy => "Device or resource busy",
        _ => "Input/output error",
    };

    /// <summary>
    /// What went wrong beyond the errno, for failures of a remote service ("s3://logs/ at https://...: connection
    /// refused"); null for plain file-system answers, whose text must stay exactly what GNU tools print.
    /// </summary>
    public string? Detail { get; init; }

    /// <summary>The errno text for this failure (see <see cref="Describe"/>), followed by the <see cref="Detail"/> when there is one, on one line.</summary>
    public string Reason => Detail is null ? Describe(Error) : $"{Describe(Error)} ({Detail})";

    public static ResourceException NotFound(VPath path) => new(ResourceError.NotFound, path);

    public static ResourceException NotADirectory(VPath path) => new(ResourceError.NotADirectory, path);

    public static ResourceException IsADirectory(VPath path) => new(ResourceError.IsADirectory, path);

    public static ResourceException DirectoryNotEmpty(VPath path) => new(ResourceError.DirectoryNotEmpty, path);

    public static ResourceException AlreadyExists(VPath path) => new(ResourceError.AlreadyExists, path);

    public static ResourceException ReadOnly(VPath path) => new(ResourceError.ReadOnly, path);

    public static ResourceException NotSupported(VPath path, string? what = null) =>
        new(ResourceError.NotSupported, path, what is null ? null : $"{path}: {what}: {Describe(ResourceError.NotSupported)}");
}
