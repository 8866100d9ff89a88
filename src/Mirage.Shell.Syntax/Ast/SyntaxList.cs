using System.Collections;

namespace Mirage.Shell.Syntax.Ast;

/// <summary>
/// An immutable list with value equality, so that syntax records compare structurally
/// (the printer round-trip and parser tests rely on it).
/// </summary>
public sealed class SyntaxList<T> : IReadOnlyList<T>, IEquatable<SyntaxList<T>>
{
    private readonly T[] items;

    public SyntaxList(IEnumerable<T> items) => this.items = [.. items];

    private SyntaxList(T[] items) => this.items = items;

    public static SyntaxList<T> Empty { get; } = new([]);

    public int Count => items.Length;

    public T this[int index] => items[index];

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => items.GetEnumerator();

    public bool Equals(SyntaxList<T>? other) =>
        other is not null && (ReferenceEquals(this, other) || items.AsSpan().SequenceEqual(other.items, EqualityComparer<T>.Default));

    public override bool Equals(object? obj) => Equals(obj as SyntaxList<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => $"[{string.Join(", ", items)}]";

    public static implicit operator SyntaxList<T>(T[] items) => new(items);

    public static implicit operator SyntaxList<T>(List<T> items) => new(items);
}

public static class SyntaxList
{
    public static SyntaxList<T> Of<T>(params T[] items) => new(items);
}
