namespace Mirage.Commands.Data.Awk;

/// <summary>
/// gawk 5.2's rand(): the BSD additive generator (x**63 + x + 1, from initstate with 256 bytes of
/// state, seeded by the Park-Miller recurrence and run 630 times), its output passed through a
/// 512-slot Bays-Durham shuffle, two draws making one double in [0, 1).
/// </summary>
internal sealed class AwkRandom
{
    private const int Degree = 63;
    private const int Separation = 1;
    private const int ShuffleSize = 512;
    private const double TwoToTheMinus31 = 1.0 / 2147483648.0;

    private readonly uint[] _state = new uint[Degree];
    private readonly uint[] _shuffle = new uint[ShuffleSize];
    private int _front;
    private int _rear;
    private uint _last;
    private bool _refill;

    public AwkRandom() => Seed(1);

    /// <summary>srandom(seed): the state from the seed, then 10 * degree draws thrown away.</summary>
    public void Seed(uint seed)
    {
        _state[0] = seed;
        for (var i = 1; i < Degree; i++) _state[i] = (uint)NextParkMiller((int)_state[i - 1]);
        _front = Separation;
        _rear = 0;
        _refill = true;
        for (var i = 0; i < 10 * Degree; i++) Next();
    }

    /// <summary>rand(): (first / 2^31 + second) / 2^31, added to and taken from 0.5 to drop bits below 2^-53, never 1.</summary>
    public double NextDouble()
    {
        while (true)
        {
            double first = Next();
            double second = Next();
            var value = (first * TwoToTheMinus31 + second) * TwoToTheMinus31;
            value = value + 0.5 - 0.5;
            if (value != 1.0) return value;
        }
    }

    /// <summary>random(): the shuffled 31-bit draw.</summary>
    private uint Next()
    {
        if (_refill)
        {
            for (var i = 0; i < ShuffleSize; i++) _shuffle[i] = NextRaw();
            _last = NextRaw();
            _refill = false;
        }
        var fresh = NextRaw();
        var slot = (int)(_last & (ShuffleSize - 1));
        _last = _shuffle[slot];
        _shuffle[slot] = fresh;
        return _last;
    }

    private uint NextRaw()
    {
        var sum = unchecked(_state[_front] + _state[_rear]);
        _state[_front] = sum;
        if (++_front >= Degree)
        {
            _front = 0;
            _rear++;
        }
        else if (++_rear >= Degree)
        {
            _rear = 0;
        }
        return sum >> 1;
    }

    /// <summary>x = 16807 x mod (2^31 - 1) by Schrage's method, 0 standing in for 123459876.</summary>
    private static int NextParkMiller(int x)
    {
        if (x == 0) x = 123459876;
        var hi = x / 127773;
        var lo = x % 127773;
        x = 16807 * lo - 2836 * hi;
        return x < 0 ? x + 0x7fffffff : x;
    }
}
