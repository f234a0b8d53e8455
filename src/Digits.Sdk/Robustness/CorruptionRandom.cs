using Digits.Sdk.Data;

namespace Digits.Sdk.Robustness;

/// <summary>
/// The random draws the corruptions make (uniform, integer, sign, Gaussian, Poisson), from the SDK's fixed-sequence
/// generator, so a corruption with a seed gives the same image on every machine and .NET version.
/// </summary>
internal struct CorruptionRandom
{
    private DeterministicRandom random;
    private uint spare;
    private bool hasSpare;

    public CorruptionRandom(int seed) => random = new DeterministicRandom(seed, stream: 0x0C0FFEE);

    /// <summary>A uniform number in [0, 1), from the top 53 bits.</summary>
    public double NextDouble() => (random.NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform number in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double Uniform(double low, double high) => low + ((high - low) * NextDouble());

    /// <summary>
    /// A uniform number in [<paramref name="low"/>, <paramref name="high"/>) with 24 bits of resolution, two per
    /// 64-bit draw: enough for a texture such as the fog's, at half the cost of <see cref="Uniform"/>.
    /// </summary>
    public float UniformSingle(float low, float high)
    {
        uint bits;
        if (hasSpare)
        {
            bits = spare;
            hasSpare = false;
        }
        else
        {
            var draw = random.NextUInt64();
            bits = (uint)draw;
            spare = (uint)(draw >> 32);
            hasSpare = true;
        }

        return low + ((high - low) * ((bits >> 8) * (1f / (1 << 24))));
    }

    /// <summary>A uniform whole number in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public int Integer(int low, int high) => low + random.NextInt(high - low);

    /// <summary>-1 or +1 with equal odds.</summary>
    public int Sign() => (random.NextUInt64() >> 63) == 0 ? -1 : 1;

    /// <summary>True with probability <paramref name="probability"/>.</summary>
    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>A standard normal number (Box–Muller; one of the pair is enough here).</summary>
    public double Gaussian()
    {
        var u = 1.0 - NextDouble();
        var v = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
    }

    /// <summary>A Poisson count with mean <paramref name="mean"/> (Knuth's product of uniforms; the means here are at most a few).</summary>
    public int Poisson(double mean)
    {
        var limit = Math.Exp(-mean);
        var count = 0;
        var product = NextDouble();
        while (product > limit)
        {
            count++;
            product *= NextDouble();
        }

        return count;
    }
}
