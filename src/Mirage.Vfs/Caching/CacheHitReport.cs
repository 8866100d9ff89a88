using System.Runtime.CompilerServices;

namespace Mirage.Vfs.Caching;

/// <summary>
/// Lets a caching layer tell whoever called it that the answer came from a cache, without a second API for it:
/// the caller opens a probe around one call and the cache marks it. The operation log uses this to flag hits.
/// </summary>
public static class CacheHitReport
{
    private static readonly AsyncLocal<StrongBox<bool>?> Current = new();

    /// <summary>Starts a probe for the calls that follow in this asynchronous flow; read <see cref="Probe.Hit"/> after the call.</summary>
    public static Probe Begin()
    {
        var box = new StrongBox<bool>();
        Current.Value = box;
        return new Probe(box);
    }

    /// <summary>Marks the current call as answered from a cache.</summary>
    public static void MarkHit()
    {
        if (Current.Value is { } box) box.Value = true;
    }

    public readonly struct Probe(StrongBox<bool> box)
    {
        public bool Hit => box?.Value ?? false;
    }
}
