namespace Digits.Sdk.Robustness;

/// <summary>MNIST-C's two noise families, each pixel on its own.</summary>
internal static class NoiseCorruptions
{
    /// <summary>Photons per unit of brightness at severity 5, the one MNIST-C uses: few photons, so strong noise.</summary>
    private const double ShotPhotons = 3;

    /// <summary>The share of pixels salt-and-pepper noise replaces at severity 4, the one MNIST-C uses.</summary>
    private const double ImpulseAmount = 0.17;

    /// <summary>Each pixel becomes a Poisson count of photons with the pixel's brightness as its rate, scaled back.</summary>
    public static float[] Shot(ReadOnlySpan<float> image, ref CorruptionRandom random)
    {
        var output = new float[image.Length];
        for (var i = 0; i < image.Length; i++)
        {
            output[i] = (float)(random.Poisson(image[i] * ShotPhotons) / ShotPhotons);
        }

        return output;
    }

    /// <summary>Each pixel, with probability <see cref="ImpulseAmount"/>, becomes black or white with equal odds.</summary>
    public static float[] Impulse(ReadOnlySpan<float> image, ref CorruptionRandom random)
    {
        var output = image.ToArray();
        for (var i = 0; i < output.Length; i++)
        {
            if (random.Chance(ImpulseAmount))
            {
                output[i] = random.Chance(0.5) ? 1f : 0f;
            }
        }

        return output;
    }
}
