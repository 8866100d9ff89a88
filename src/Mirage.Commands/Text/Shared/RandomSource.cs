using System.Security.Cryptography;

namespace Mirage.Commands.Text.Shared;

/// <summary>
/// Random bytes as coreutils takes them (gnulib randread): read in order from a --random-source file,
/// or from the system's generator when none is named. A short file ends with "NAME: end of file".
/// </summary>
public sealed class RandomBytes(Stream? source, CancellationToken cancellationToken)
{
    private readonly byte[] _buffer = new byte[4096];
    private int _start;
    private int _end;

    public async ValueTask ReadAsync(Memory<byte> destination)
    {
        if (source is null)
        {
            RandomNumberGenerator.Fill(destination.Span);
            return;
        }
        while (destination.Length > 0)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await source.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
                if (_end == 0) throw new EndOfStreamException();
            }
            var count = Math.Min(destination.Length, _end - _start);
            _buffer.AsMemory(_start, count).CopyTo(destination);
            _start += count;
            destination = destination[count..];
        }
    }
}

/// <summary>gnulib randint: uniform integers below a bound from random bytes, keeping unused randomness for the next draw.</summary>
public sealed class RandomIntegers(RandomBytes bytes)
{
    private ulong _number;
    private ulong _max;

    /// <summary>A number in [0, choices).</summary>
    public ValueTask<ulong> ChooseAsync(ulong choices) => UpToAsync(choices - 1);

    /// <summary>randint_genmax: a number in [0, limit].</summary>
    public async ValueTask<ulong> UpToAsync(ulong limit)
    {
        var choices = limit + 1;
        var buffer = new byte[sizeof(ulong)];
        while (true)
        {
            if (_max < limit)
            {
                var needed = 0;
                var max = _max;
                do
                {
                    max = (max << 8) + byte.MaxValue;
                    needed++;
                }
                while (max < limit);
                await bytes.ReadAsync(buffer.AsMemory(0, needed)).ConfigureAwait(false);
                var i = 0;
                do
                {
                    _number = (_number << 8) + buffer[i];
                    _max = (_max << 8) + byte.MaxValue;
                    i++;
                }
                while (_max < limit);
            }
            if (_max == limit)
            {
                var result = _number;
                _number = _max = 0;
                return result;
            }
            var excess = _max - limit;
            var unusable = excess % choices;
            var lastUsable = _max - unusable;
            var reduced = _number % choices;
            if (_number <= lastUsable)
            {
                _number /= choices;
                _max = excess / choices;
                return reduced;
            }
            // Keep the randomness of having fallen in the unusable tail, and draw again.
            _number = reduced;
            _max = unusable - 1;
        }
    }

    /// <summary>gnulib randperm_new: the first <paramref name="count"/> entries of a random permutation of [0, n).</summary>
    public async ValueTask<long[]> PermutationAsync(long count, long n)
    {
        var result = new long[count];
        // Sparse storage keeps -i 1-1000000000 -n 3 small; the draws are the same either way.
        var moved = new Dictionary<long, long>();
        for (long i = 0; i < count; i++)
        {
            var j = (long)await ChooseAsync((ulong)(n - i)).ConfigureAwait(false) + i;
            var atI = moved.TryGetValue(i, out var vi) ? vi : i;
            var atJ = moved.TryGetValue(j, out var vj) ? vj : j;
            moved[j] = atI;
            result[i] = atJ;
        }
        return result;
    }
}
