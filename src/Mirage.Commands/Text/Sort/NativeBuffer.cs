using System.Buffers;
using System.Runtime.InteropServices;

namespace Mirage.Commands.Text.Sort;

/// <summary>
/// An array outside the collected heap, freed when disposed. A sort's lines go back to the system the moment it
/// ends: as collected arrays they would linger until a full collection, so repeated sorts would pile up several
/// inputs' worth, and parked in a shared pool they would stay for good. No finalizer (a span may still point in):
/// the owner must dispose it.
/// </summary>
internal sealed unsafe class NativeBuffer<T> : MemoryManager<T>
    where T : unmanaged
{
    private T* _pointer;

    public NativeBuffer(int length)
    {
        _pointer = (T*)NativeMemory.Alloc((nuint)length, (nuint)sizeof(T));
        Length = length;
    }

    public int Length { get; }

    public Span<T> Span => _pointer != null ? new(_pointer, Length) : throw new ObjectDisposedException(nameof(NativeBuffer<T>));

    public override Span<T> GetSpan() => Span;

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ObjectDisposedException.ThrowIf(_pointer == null, this);
        return new MemoryHandle(_pointer + elementIndex);
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (_pointer == null) return;
        NativeMemory.Free(_pointer);
        _pointer = null;
    }
}
