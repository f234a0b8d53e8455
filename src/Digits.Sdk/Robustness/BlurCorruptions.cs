namespace Digits.Sdk.Robustness;

/// <summary>MNIST-C's two blurs: glass (blur, local pixel shuffles, blur) and motion (a one-sided smear along a direction).</summary>
internal static class BlurCorruptions
{
    /// <summary>Glass blur at severity 1, the one MNIST-C uses: σ of both blurs, in MNIST pixels.</summary>
    private const double GlassSigma = 0.7;

    /// <summary>The farthest a shuffled pixel moves, in MNIST pixels.</summary>
    private const double GlassDelta = 1;

    /// <summary>Passes of pixel shuffling.</summary>
    private const int GlassIterations = 2;

    /// <summary>Motion blur at severity 1, the one MNIST-C uses (ImageMagick's radius): the smear spans this many MNIST pixels beyond the pixel.</summary>
    private const double MotionRadius = 10;

    /// <summary>The σ of the smear's one-sided Gaussian weights, in MNIST pixels.</summary>
    private const double MotionSigma = 3;

    /// <summary>The largest angle of the smear from horizontal, either way, in degrees.</summary>
    private const double MotionMaxAngle = 45;

    /// <summary>
    /// Blurs, then visits every pixel far enough from the border (bottom-right to top-left, as the paper's code
    /// does), and with even odds swaps it with a random pixel at most δ away in each direction; twice; then blurs again.
    /// </summary>
    /// <remarks>
    /// The image is rounded to bytes between the blurs, as MNIST-C's is. MNIST-C's code draws the offsets from
    /// [−δ, δ) and blurs along the rows only (a side effect of its <c>multichannel</c> flag); here the offsets are
    /// symmetric, [−δ, δ], and the blur is round, as the paper describes glass blur.
    /// </remarks>
    public static float[] Glass(ReadOnlySpan<float> image, ImageGeometry geometry, ref CorruptionRandom random)
    {
        var sigma = geometry.Scaled(GlassSigma);
        var delta = geometry.ScaledPixels(GlassDelta);
        var blurred = GaussianFilter.Blur(image, geometry, sigma);
        for (var i = 0; i < blurred.Length; i++)
        {
            blurred[i] = MathF.Floor(Math.Clamp(blurred[i], 0f, 1f) * 255f) / 255f;
        }

        Shuffle(blurred, geometry, delta, GlassIterations, ref random);
        return GaussianFilter.Blur(blurred, geometry, sigma);
    }

    /// <summary>
    /// Glass blur's local shuffle, in place: <paramref name="passes"/> times, every pixel at least
    /// <paramref name="delta"/> from the border (bottom-right to top-left) is swapped, with even odds, with a random pixel
    /// at most <paramref name="delta"/> away along each axis. Only swaps, so the image keeps its exact tones.
    /// </summary>
    internal static void Shuffle(float[] image, ImageGeometry geometry, int delta, int passes, ref CorruptionRandom random)
    {
        var width = geometry.Width;
        for (var pass = 0; pass < passes; pass++)
        {
            for (var y = geometry.Height - 1 - delta; y >= delta; y--)
            {
                for (var x = width - 1 - delta; x >= delta; x--)
                {
                    if (!random.Chance(0.5))
                    {
                        continue;
                    }

                    var dx = random.Integer(-delta, delta + 1);
                    var dy = random.Integer(-delta, delta + 1);
                    var here = (y * width) + x;
                    var there = ((y + dy) * width) + x + dx;
                    (image[here], image[there]) = (image[there], image[here]);
                }
            }
        }
    }

    /// <summary>
    /// Each pixel becomes the weighted mean of itself and the pixels on a line from it at a random angle within 45° of
    /// horizontal, with one-sided Gaussian weights (ImageMagick's motion blur, which MNIST-C used); the border repeats.
    /// </summary>
    public static float[] Motion(ReadOnlySpan<float> image, ImageGeometry geometry, ref CorruptionRandom random)
    {
        var angle = random.Uniform(-MotionMaxAngle, MotionMaxAngle) * Math.PI / 180;
        var taps = (2 * (int)Math.Ceiling(geometry.Scaled(MotionRadius))) + 1;
        var sigma = geometry.Scaled(MotionSigma);
        var weights = new double[taps];
        var offsetX = new int[taps];
        var offsetY = new int[taps];
        double total = 0;
        for (var i = 0; i < taps; i++)
        {
            weights[i] = Math.Exp(-(double)i * i / (2 * sigma * sigma));
            total += weights[i];

            // Each tap sits on the pixel nearest the line, as ImageMagick's do.
            offsetX[i] = (int)Math.Round(i * Math.Cos(angle), MidpointRounding.AwayFromZero);
            offsetY[i] = (int)Math.Round(i * Math.Sin(angle), MidpointRounding.AwayFromZero);
        }

        var (height, width) = (geometry.Height, geometry.Width);
        var output = new float[image.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double sum = 0;
                for (var i = 0; i < taps; i++)
                {
                    var sx = Math.Clamp(x + offsetX[i], 0, width - 1);
                    var sy = Math.Clamp(y + offsetY[i], 0, height - 1);
                    sum += weights[i] * image[(sy * width) + sx];
                }

                output[(y * width) + x] = (float)(sum / total);
            }
        }

        return output;
    }
}
