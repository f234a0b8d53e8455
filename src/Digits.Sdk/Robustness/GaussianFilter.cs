namespace Digits.Sdk.Robustness;

/// <summary>
/// A separable Gaussian blur on a float image, truncated at 4 σ as scipy's and scikit-image's are (the filters
/// MNIST-C's parameters were chosen with), with the border either repeating the edge pixel or reading as zero.
/// </summary>
internal static class GaussianFilter
{
    private const double Truncate = 4.0;

    /// <summary>A blurred copy of <paramref name="image"/>; beyond the border, the nearest edge pixel repeats.</summary>
    public static float[] Blur(ReadOnlySpan<float> image, ImageGeometry geometry, double sigma)
        => Blur(image, geometry, sigma, zeroBorder: false);

    /// <summary>A blurred copy of <paramref name="image"/>; beyond the border, pixels read as zero.</summary>
    public static float[] BlurZeroBorder(ReadOnlySpan<float> image, ImageGeometry geometry, double sigma)
        => Blur(image, geometry, sigma, zeroBorder: true);

    private static float[] Blur(ReadOnlySpan<float> image, ImageGeometry geometry, double sigma, bool zeroBorder)
    {
        var kernel = Kernel(sigma);
        var radius = kernel.Length / 2;
        var (height, width) = (geometry.Height, geometry.Width);
        var rows = new float[image.Length];
        for (var y = 0; y < height; y++)
        {
            var row = image.Slice(y * width, width);
            for (var x = 0; x < width; x++)
            {
                double sum = 0;
                for (var k = -radius; k <= radius; k++)
                {
                    var at = x + k;
                    if ((uint)at >= (uint)width)
                    {
                        if (zeroBorder)
                        {
                            continue;
                        }

                        at = Math.Clamp(at, 0, width - 1);
                    }

                    sum += kernel[k + radius] * row[at];
                }

                rows[(y * width) + x] = (float)sum;
            }
        }

        var blurred = new float[image.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double sum = 0;
                for (var k = -radius; k <= radius; k++)
                {
                    var at = y + k;
                    if ((uint)at >= (uint)height)
                    {
                        if (zeroBorder)
                        {
                            continue;
                        }

                        at = Math.Clamp(at, 0, height - 1);
                    }

                    sum += kernel[k + radius] * rows[(at * width) + x];
                }

                blurred[(y * width) + x] = (float)sum;
            }
        }

        return blurred;
    }

    private static double[] Kernel(double sigma)
    {
        var radius = (int)((Truncate * sigma) + 0.5);
        var kernel = new double[(2 * radius) + 1];
        double total = 0;
        for (var i = -radius; i <= radius; i++)
        {
            kernel[i + radius] = Math.Exp(-0.5 * i * i / (sigma * sigma));
            total += kernel[i + radius];
        }

        for (var i = 0; i < kernel.Length; i++)
        {
            kernel[i] /= total;
        }

        return kernel;
    }
}
