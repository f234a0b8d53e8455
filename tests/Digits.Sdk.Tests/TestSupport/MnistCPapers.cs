namespace Digits.Sdk.Tests.TestSupport;

/// <summary>MNIST-C's brightness, fog and stripe (Mu and Gilmer, 2019) on a 28×28 MNIST image, for the picture tests.</summary>
internal static class MnistCPapers
{
    public static byte[] Apply(string paper, byte[] mnist, int seed) => paper switch
    {
        // Brightness at the paper's severity: 0.5 added to the value of every pixel, so the background is mid-grey.
        "brightness" => mnist.Select(p => (byte)Math.Min(255, p + 127.5)).ToArray(),
        "fog" => Fog(mnist, seed),
        // Stripe: the 7 columns at each side inverted.
        _ => Enumerable.Range(0, 784).Select(i => i % 28 is < 7 or >= 21 ? (byte)(255 - mnist[i]) : mnist[i]).ToArray(),
    };

    /// <summary>Fog at the paper's severity: 3 × a plasma fractal (decay 1.4) added, then scaled back by max / (max + 3).</summary>
    private static byte[] Fog(byte[] mnist, int seed)
    {
        var plasma = Plasma(32, 1.4, new Random(seed));
        var max = mnist.Max() / 255.0;
        var result = new byte[784];
        for (var i = 0; i < 784; i++)
        {
            var value = (mnist[i] / 255.0) + (3 * plasma[i / 28, i % 28]);
            result[i] = (byte)Math.Round(Math.Clamp(value * max / (max + 3), 0, 1) * 255);
        }

        return result;
    }

    /// <summary>A diamond-square height map of <paramref name="size"/> (a power of two) scaled to [0, 1].</summary>
    private static double[,] Plasma(int size, double decay, Random random)
    {
        var map = new double[size, size];
        var wibble = 100.0;
        for (var step = size; step >= 2; step /= 2, wibble /= decay)
        {
            var half = step / 2;
            for (var y = 0; y < size; y += step)
            {
                for (var x = 0; x < size; x += step)
                {
                    var corners = map[y, x] + map[(y + step) % size, x] + map[y, (x + step) % size] + map[(y + step) % size, (x + step) % size];
                    map[y + half, x + half] = (corners / 4) + (wibble * ((random.NextDouble() * 2) - 1));
                }
            }

            for (var y = 0; y < size; y += half)
            {
                for (var x = ((y / half) % 2 == 0) ? half : 0; x < size; x += step)
                {
                    var sum = map[(y - half + size) % size, x] + map[(y + half) % size, x] + map[y, (x - half + size) % size] + map[y, (x + half) % size];
                    map[y, x] = (sum / 4) + (wibble * ((random.NextDouble() * 2) - 1));
                }
            }
        }

        var (min, max) = (double.MaxValue, double.MinValue);
        foreach (var value in map)
        {
            (min, max) = (Math.Min(min, value), Math.Max(max, value));
        }

        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                map[y, x] = (map[y, x] - min) / (max - min);
            }
        }

        return map;
    }
}
