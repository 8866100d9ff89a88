namespace Mirage.Vfs.Ram;

// The in-memory tree. Nodes are mutated only while RamResource holds its lock; file contents are
// immutable arrays, so a reader that took an array keeps a consistent snapshot after the lock is gone.

internal abstract class RamNode
{
    public DateTimeOffset Modified { get; set; }

    public int Mode { get; set; }
}

internal sealed class RamDirectory : RamNode
{
    public SortedDictionary<string, RamNode> Children { get; } = new(StringComparer.Ordinal);
}

internal sealed class RamFile : RamNode
{
    public byte[] Content { get; set; } = [];

    /// <summary>Changes on every write, even within one clock tick.</summary>
    public long Version { get; set; }
}

internal sealed class RamLink : RamNode
{
    public required string Target { get; init; }
}
