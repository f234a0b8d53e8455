namespace Digits.Sdk.Robustness;

/// <summary>MNIST-C's families that change the tones rather than move the ink: brightness, stripe and fog.</summary>
internal static class ToneCorruptions
{
    /// <summary>Brightness at severity 5, the one MNIST-C uses: added to the HSV value, which for a grey image is the grey itself.</summary>
    private const float BrightnessIncrease = 0.5f;

    /// <summary>Fog at severity 5, the one MNIST-C uses: how bright the fractal is against the image's brightest pixel.</summary>
    private const double FogStrength = 3.0;

    /// <summary>The fractal's decay per octave at severity 5 (see <see cref="PlasmaFractal"/>).</summary>
    private const double FogDecay = 1.4;

    /// <summary>The fractal map's side for a 28 × 28 image, of which the image takes the top-left corner.</summary>
    private const int FogMapSize = 256;

    /// <summary>Adds 0.5 to every pixel, clipped at white.</summary>
    public static float[] Brightness(ReadOnlySpan<float> image)
    {
        var output = new float[image.Length];
        for (var i = 0; i < image.Length; i++)
        {
            output[i] = Math.Min(image[i] + BrightnessIncrease, 1f);
        }

        return output;
    }

    /// <summary>Inverts the left and the right quarter of the columns (columns 0–6 and 21–27 of a 28-wide image).</summary>
    public static float[] Stripe(ReadOnlySpan<float> image, ImageGeometry geometry)
    {
        var output = image.ToArray();
        var quarter = geometry.Width / 4;
        for (var y = 0; y < geometry.Height; y++)
        {
            var row = output.AsSpan(y * geometry.Width, geometry.Width);
            for (var x = 0; x < row.Length; x++)
            {
                if (x < quarter || x >= row.Length - quarter)
                {
                    row[x] = 1f - row[x];
                }
            }
        }

        return output;
    }

    /// <summary>
    /// Adds 3 × a plasma fractal (the top-left corner of a 256 × 256 map, larger for larger images) and scales the sum
    /// back so the brightest pixel of the image keeps its value where the fog is clear: <c>(x + 3f) · m / (m + 3)</c>.
    /// </summary>
    public static float[] Fog(ReadOnlySpan<float> image, ImageGeometry geometry, ref CorruptionRandom random)
    {
        var mapSize = FogMapSize;
        while (mapSize < Math.Max(geometry.Height, geometry.Width) * FogMapSize / ImageGeometry.MnistSide)
        {
            mapSize *= 2;
        }

        var fractal = PlasmaFractal.Generate(mapSize, FogDecay, ref random);
        var brightest = 0f;
        foreach (var pixel in image)
        {
            brightest = Math.Max(brightest, pixel);
        }

        var rescale = brightest / (brightest + FogStrength);
        var output = new float[image.Length];
        for (var y = 0; y < geometry.Height; y++)
        {
            for (var x = 0; x < geometry.Width; x++)
            {
                var at = (y * geometry.Width) + x;
                output[at] = (float)((image[at] + (FogStrength * fractal[(y * mapSize) + x])) * rescale);
            }
        }

        return output;
    }
}
