using Mirage.Vfs;
using Mirage.Vfs.Disk;
using Mirage.Vfs.Ram;

namespace Mirage.Cli;

/// <summary>Reads `--mount PREFIX=ram[:MODE]` and `--mount PREFIX=disk:HOST_FOLDER[:MODE]`.</summary>
internal static class MountOption
{
    public static bool TryParse(string text, out Mount? mount, out string error)
    {
        mount = null;
        error = string.Empty;
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || !text.StartsWith('/'))
        {
            error = $"invalid mount '{text}': expected PREFIX=ram or PREFIX=disk:HOST_FOLDER[:MODE], PREFIX starting with '/'";
            return false;
        }
        var prefix = VPath.Parse(text[..equals]);
        var spec = text[(equals + 1)..];
        var mode = MountMode.Write;
        var kind = spec;
        var argument = string.Empty;
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            kind = spec[..colon];
            argument = spec[(colon + 1)..];
        }
        // A trailing ":read", ":write" or ":exec" is the mode (the host folder itself may contain colons).
        var lastColon = argument.LastIndexOf(':');
        var modeText = kind == "ram" ? argument : lastColon >= 0 ? argument[(lastColon + 1)..] : string.Empty;
        if (modeText.Length > 0)
        {
            if (MountModes.TryParse(modeText, out mode))
            {
                if (kind != "ram") argument = argument[..lastColon];
            }
            else if (kind == "ram")
            {
                error = $"invalid mount mode '{modeText}' in '{text}': expected read, write or exec";
                return false;
            }
        }
        switch (kind)
        {
            case "ram":
                mount = new Mount(prefix, new RamResource(), mode);
                return true;
            case "disk" when argument.Length > 0:
                var folder = Path.GetFullPath(argument);
                if (!Directory.Exists(folder))
                {
                    error = $"invalid mount '{text}': host folder '{argument}' does not exist";
                    return false;
                }
                mount = new Mount(prefix, new DiskResource(folder), mode);
                return true;
            case "disk":
                error = $"invalid mount '{text}': disk needs a host folder (PREFIX=disk:HOST_FOLDER)";
                return false;
            default:
                error = $"invalid mount '{text}': unknown type '{kind}' (expected ram or disk)";
                return false;
        }
    }
}
