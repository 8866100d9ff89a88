using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Mirage.Vfs;

/// <summary>
/// A normalised absolute path in the virtual tree: it starts with "/", uses "/" only, and holds no
/// empty, "." or ".." segments. ".." never climbs above the root, so no path can name anything
/// outside the tree it is resolved in.
/// </summary>
public readonly struct VPath : IEquatable<VPath>, IComparable<VPath>
{
    private readonly string? _value;

    private VPath(string normalised) => _value = normalised;

    public static VPath Root { get; } = new("/");

    /// <summary>The normalised text; "/" for the default value.</summary>
    public string Value => _value ?? "/";

    public bool IsRoot => Value.Length == 1;

    /// <summary>Normalises <paramref name="path"/>; a relative path is taken from the root.</summary>
    public static VPath Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return IsNormalised(path) ? new VPath(path) : new VPath(Normalise(path));
    }

    /// <summary>Resolves <paramref name="path"/> against <paramref name="directory"/> as a shell does with a working directory.</summary>
    public static VPath Combine(VPath directory, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.StartsWith('/')) return Parse(path);
        if (path.Length == 0) return directory;
        return Parse(directory.IsRoot ? "/" + path : directory.Value + "/" + path);
    }

    public static implicit operator VPath(string path) => Parse(path);

    public static VPath operator /(VPath left, string relative) => Combine(left, relative);

    /// <summary>The parent directory; the root is its own parent.</summary>
    public VPath Parent
    {
        get
        {
            var value = Value;
            var slash = value.LastIndexOf('/');
            return slash <= 0 ? Root : new VPath(value[..slash]);
        }
    }

    /// <summary>The last segment; empty for the root.</summary>
    public string Name
    {
        get
        {
            var value = Value;
            return value[(value.LastIndexOf('/') + 1)..];
        }
    }

    /// <summary>The extension of <see cref="Name"/> with its dot (".txt"), or empty.</summary>
    public string Extension
    {
        get
        {
            var name = Name;
            var dot = name.LastIndexOf('.');
            return dot <= 0 ? string.Empty : name[dot..];
        }
    }

    /// <summary>The segments from the root down; none for the root.</summary>
    public string[] Segments => IsRoot ? [] : Value[1..].Split('/');

    public int Depth => IsRoot ? 0 : Value.Count(static c => c == '/');

    /// <summary>True when this path is <paramref name="ancestor"/> or lies below it.</summary>
    public bool IsUnder(VPath ancestor)
    {
        var a = ancestor.Value;
        var v = Value;
        if (a.Length == 1) return true;
        return v.Length == a.Length
            ? string.Equals(v, a, StringComparison.Ordinal)
            : v.Length > a.Length && v[a.Length] == '/' && v.StartsWith(a, StringComparison.Ordinal);
    }

    /// <summary>
    /// This path seen from <paramref name="ancestor"/>: "/a/b/c" relative to "/a" is "/b/c"
    /// (an absolute path inside the ancestor, as a mount sees it).
    /// </summary>
    public VPath RelativeTo(VPath ancestor)
    {
        if (!IsUnder(ancestor))
            throw new ArgumentException($"'{Value}' is not under '{ancestor.Value}'.", nameof(ancestor));
        if (ancestor.IsRoot) return this;
        return Value.Length == ancestor.Value.Length ? Root : new VPath(Value[ancestor.Value.Length..]);
    }

    /// <summary>The inverse of <see cref="RelativeTo"/>: places a mount-relative path under this one.</summary>
    public VPath Join(VPath inner) => inner.IsRoot ? this : IsRoot ? inner : new VPath(Value + inner.Value);

    /// <summary>The path text without its leading slash ("a/b" for "/a/b"), as relative names print.</summary>
    public string ToRelativeString() => Value[1..];

    public bool Equals(VPath other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals([NotNullWhen(true)] object? obj) => obj is VPath other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public int CompareTo(VPath other) => string.CompareOrdinal(Value, other.Value);

    public override string ToString() => Value;

    public static bool operator ==(VPath left, VPath right) => left.Equals(right);

    public static bool operator !=(VPath left, VPath right) => !left.Equals(right);

    public static bool operator <(VPath left, VPath right) => left.CompareTo(right) < 0;

    public static bool operator >(VPath left, VPath right) => left.CompareTo(right) > 0;

    public static bool operator <=(VPath left, VPath right) => left.CompareTo(right) <= 0;

    public static bool operator >=(VPath left, VPath right) => left.CompareTo(right) >= 0;

    private static bool IsNormalised(string path)
    {
        if (path.Length == 0 || path[0] != '/') return false;
        if (path.Length == 1) return true;
        if (path[^1] == '/') return false;
        var segmentStart = 1;
        for (var i = 1; i <= path.Length; i++)
        {
            if (i < path.Length && path[i] != '/') continue;
            var length = i - segmentStart;
            if (length == 0) return false;
            if (path[segmentStart] == '.' && (length == 1 || (length == 2 && path[segmentStart + 1] == '.'))) return false;
            segmentStart = i + 1;
        }
        return true;
    }

    private static string Normalise(string path)
    {
        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            switch (segment)
            {
                case "" or ".":
                    continue;
                case "..":
                    if (segments.Count > 0) segments.RemoveAt(segments.Count - 1);
                    continue;
                default:
                    segments.Add(segment);
                    continue;
            }
        }
        if (segments.Count == 0) return "/";
        var builder = new StringBuilder(path.Length + 1);
        foreach (var segment in segments) builder.Append('/').Append(segment);
        return builder.ToString();
    }
}
