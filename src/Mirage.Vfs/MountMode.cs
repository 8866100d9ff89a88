namespace Mirage.Vfs;

/// <summary>What a mount allows, on a ladder: read &lt; write &lt; exec (running interpreters on its files).</summary>
public enum MountMode
{
    Read = 0,
    Write = 1,
    Exec = 2,
}

public static class MountModes
{
    /// <summary>Parses "read", "write", "exec" and their short forms "r", "rw", "rwx".</summary>
    public static bool TryParse(string text, out MountMode mode)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "read" or "r" or "ro":
                mode = MountMode.Read;
                return true;
            case "write" or "rw" or "w":
                mode = MountMode.Write;
                return true;
            case "exec" or "rwx" or "x":
                mode = MountMode.Exec;
                return true;
            default:
                mode = MountMode.Write;
                return false;
        }
    }

    public static string ToText(this MountMode mode) => mode switch
    {
        MountMode.Read => "read",
        MountMode.Exec => "exec",
        _ => "write",
    };
}
