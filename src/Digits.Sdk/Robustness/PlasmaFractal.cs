namespace Digits.Sdk.Robustness;

/// <summary>
/// A plasma fractal made by the diamond-square algorithm on a square map that wraps around at its edges, the cloud
/// texture of MNIST-C's (and ImageNet-C's) fog; values are scaled to 0..1 over the whole map.
/// </summary>
/// <remarks>
/// Each octave sets the centres of the squares (the mean of their corners) and then the midpoints of their sides
/// (the mean of the diamond around them), each plus a uniform displacement of up to ±wibble²; wibble starts at 100
/// and is divided by the decay every octave, so a smaller decay leaves more fine detail.
/// </remarks>
internal static class PlasmaFractal
{
    private const double InitialWibble = 100;

    /// <summary>A <paramref name="size"/> × <paramref name="size"/> map, row-major, in 0..1.</summary>
    /// <param name="size">A power of two.</param>
    /// <param name="decay">How fast the displacements shrink per octave.</param>
    /// <param name="random">The source of the displacements.</param>
    public static float[] Generate(int size, double decay, ref CorruptionRandom random)
    {
        if (size < 2 || (size & (size - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "The map size must be a power of two.");
        }

        var map = new float[size * size];
        var mask = size - 1;
        var wibble = InitialWibble;
        for (var step = size; step >= 2; step /= 2)
        {
            var half = step / 2;
            var reach = (float)(wibble * wibble);

            // Square step: the centre of each square of corners `step` apart.
            for (var y = 0; y < size; y += step)
            {
                for (var x = 0; x < size; x += step)
                {
                    var corners = map[(y * size) + x] + map[(y * size) + ((x + step) & mask)]
                        + map[(((y + step) & mask) * size) + x] + map[(((y + step) & mask) * size) + ((x + step) & mask)];
                    map[((y + half) * size) + x + half] = (corners / 4f) + random.UniformSingle(-reach, reach);
                }
            }

            // Diamond step: the midpoints of the squares' sides, from the two corners and the two centres beside them.
            for (var y = 0; y < size; y += step)
            {
                for (var x = 0; x < size; x += step)
                {
                    var top = map[(y * size) + x] + map[(y * size) + ((x + step) & mask)]
                        + map[(((y - half) & mask) * size) + x + half] + map[((y + half) * size) + x + half];
                    map[(y * size) + x + half] = (top / 4f) + random.UniformSingle(-reach, reach);

                    var left = map[(y * size) + x] + map[(((y + step) & mask) * size) + x]
                        + map[((y + half) * size) + ((x - half) & mask)] + map[((y + half) * size) + x + half];
                    map[((y + half) * size) + x] = (left / 4f) + random.UniformSingle(-reach, reach);
                }
            }

            wibble /= decay;
        }

        var min = float.MaxValue;
        var max = float.MinValue;
        foreach (var value in map)
        {
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        var scale = max > min ? 1f / (max - min) : 0f;
        for (var i = 0; i < map.Length; i++)
        {
            map[i] = (map[i] - min) * scale;
        }

        return map;
    }
}
