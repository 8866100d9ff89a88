namespace Mirage.Testing;

/// <summary>A fresh host folder under the system temp folder, deleted with everything in it on dispose. Usable as an xUnit class fixture.</summary>
public sealed class TemporaryFolder : IDisposable
{
    public TemporaryFolder()
    {
        Path = Directory.CreateTempSubdirectory("mirage-test-").FullName;
    }

    public string Path { get; }

    /// <summary>A new, empty folder inside this one.</summary>
    public string CreateSubfolder(string? name = null) =>
        Directory.CreateDirectory(System.IO.Path.Join(Path, name ?? Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose()
    {
        try
        {
            // Recursive delete removes links found inside; it does not follow them.
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }
}
