namespace Digits.Sdk.Data;

/// <summary>
/// A tiny pseudo-random generator (SplitMix64) whose sequence is fixed by its definition, so splits and
/// shuffles are the same on every machine, runtime and .NET version.
/// </summary>
/// <remarks>
/// <see cref="System.Random"/> with a seed is deterministic too, but its algorithm is an implementation detail
/// that has changed between .NET versions; a data split must not move when the runtime is upgraded.
/// </remarks>
internal struct DeterministicRandom
{
    private ulong state;

    public DeterministicRandom(long seed, long stream = 0)
    {
        // Stream 0 is plain SplitMix64 (checkable against the reference sequence); other streams mix their
        // number in through one SplitMix step, which keeps (seed, epoch) pairs far apart.
        state = stream == 0 ? (ulong)seed : (ulong)seed ^ Mix((ulong)stream + 0x632BE59BD9B4E019UL);
    }

    public ulong NextUInt64()
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }

    /// <summary>A uniform integer in [0, <paramref name="bound"/>), without modulo bias (Lemire's method).</summary>
    public int NextInt(int bound)
    {
        var range = (ulong)bound;
        var product = Math.BigMul(NextUInt64(), range, out var low);
        if (low < range)
        {
            var threshold = (0 - range) % range;
            while (low < threshold)
            {
                product = Math.BigMul(NextUInt64(), range, out low);
            }
        }

        return (int)product;
    }

    /// <summary>Shuffles <paramref name="values"/> in place (Fisher-Yates).</summary>
    public void Shuffle<T>(Span<T> values)
    {
        for (var i = values.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
