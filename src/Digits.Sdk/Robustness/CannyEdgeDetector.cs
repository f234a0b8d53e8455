namespace Digits.Sdk.Robustness;

/// <summary>
/// Canny's edge detector (Canny, 1986) with scikit-image's defaults, which MNIST-C used: Gaussian smoothing (σ 1),
/// Sobel gradients, thinning to the ridges of the gradient magnitude, and hysteresis between 0.1 and 0.2 (on the
/// 0..1 scale). The result is 1 on an edge and 0 elsewhere.
/// </summary>
internal static class CannyEdgeDetector
{
    private const double Sigma = 1;
    private const float LowThreshold = 0.1f;
    private const float HighThreshold = 0.2f;

    /// <summary>The edge map of <paramref name="image"/>.</summary>
    public static float[] Detect(ReadOnlySpan<float> image, ImageGeometry geometry)
    {
        var (height, width) = (geometry.Height, geometry.Width);
        var smooth = Smooth(image, geometry);
        var gradientX = new float[image.Length];
        var gradientY = new float[image.Length];
        var magnitude = new float[image.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                float At(int dy, int dx) => smooth[(Reflect(y + dy, height) * width) + Reflect(x + dx, width)];
                var gx = (At(-1, 1) - At(-1, -1)) + (2 * (At(0, 1) - At(0, -1))) + (At(1, 1) - At(1, -1));
                var gy = (At(1, -1) - At(-1, -1)) + (2 * (At(1, 0) - At(-1, 0))) + (At(1, 1) - At(-1, 1));
                var i = (y * width) + x;
                gradientX[i] = gx;
                gradientY[i] = gy;
                magnitude[i] = MathF.Sqrt((gx * gx) + (gy * gy));
            }
        }

        // Thinning: a pixel stays only where its magnitude is at least that at one step either way along the gradient,
        // read between the two nearest neighbours on that side. The 1-pixel border never holds an edge.
        var candidate = new bool[image.Length];
        for (var y = 1; y < height - 1; y++)
        {
            for (var x = 1; x < width - 1; x++)
            {
                var i = (y * width) + x;
                if (magnitude[i] >= LowThreshold && IsRidge(magnitude, width, x, y, gradientX[i], gradientY[i]))
                {
                    candidate[i] = true;
                }
            }
        }

        return Hysteresis(candidate, magnitude, geometry);
    }

    /// <summary>
    /// The image blurred with black beyond the border, divided by a blurred all-ones image so that the border does not
    /// darken (scikit-image's way).
    /// </summary>
    private static float[] Smooth(ReadOnlySpan<float> image, ImageGeometry geometry)
    {
        var sigma = geometry.Scaled(Sigma);
        var blurred = GaussianFilter.BlurZeroBorder(image, geometry, sigma);
        var ones = new float[image.Length];
        Array.Fill(ones, 1f);
        var weight = GaussianFilter.BlurZeroBorder(ones, geometry, sigma);
        for (var i = 0; i < blurred.Length; i++)
        {
            blurred[i] /= weight[i];
        }

        return blurred;
    }

    private static bool IsRidge(float[] magnitude, int width, int x, int y, float gx, float gy)
    {
        var (ax, ay) = (MathF.Abs(gx), MathF.Abs(gy));
        if (ax == 0 && ay == 0)
        {
            return false;
        }

        // The diagonal neighbour lies on the side the gradient points to: down-right when both components agree in sign.
        var diagonal = (gx >= 0) == (gy >= 0) ? 1 : -1;
        float ahead;
        float behind;
        if (ay >= ax)
        {
            var share = ax / ay;
            ahead = ((1 - share) * magnitude[((y + 1) * width) + x]) + (share * magnitude[((y + 1) * width) + x + diagonal]);
            behind = ((1 - share) * magnitude[((y - 1) * width) + x]) + (share * magnitude[((y - 1) * width) + x - diagonal]);
        }
        else
        {
            var share = ay / ax;
            ahead = ((1 - share) * magnitude[(y * width) + x + 1]) + (share * magnitude[((y + diagonal) * width) + x + 1]);
            behind = ((1 - share) * magnitude[(y * width) + x - 1]) + (share * magnitude[((y - diagonal) * width) + x - 1]);
        }

        var here = magnitude[(y * width) + x];
        return here >= ahead && here >= behind;
    }

    /// <summary>Keeps the candidates connected (8-neighbourhood) to one whose magnitude reaches the high threshold.</summary>
    private static float[] Hysteresis(bool[] candidate, float[] magnitude, ImageGeometry geometry)
    {
        var (height, width) = (geometry.Height, geometry.Width);
        var edges = new float[candidate.Length];
        var pending = new Stack<int>();
        for (var i = 0; i < candidate.Length; i++)
        {
            if (candidate[i] && magnitude[i] >= HighThreshold && edges[i] == 0)
            {
                edges[i] = 1;
                pending.Push(i);
                while (pending.TryPop(out var at))
                {
                    var (y, x) = Math.DivRem(at, width);
                    for (var dy = -1; dy <= 1; dy++)
                    {
                        for (var dx = -1; dx <= 1; dx++)
                        {
                            var (ny, nx) = (y + dy, x + dx);
                            if ((uint)ny < (uint)height && (uint)nx < (uint)width && candidate[(ny * width) + nx] && edges[(ny * width) + nx] == 0)
                            {
                                edges[(ny * width) + nx] = 1;
                                pending.Push((ny * width) + nx);
                            }
                        }
                    }
                }
            }
        }

        return edges;
    }

    /// <summary>scipy's "reflect" border: the edge pixel repeats once, then the image mirrors.</summary>
    private static int Reflect(int at, int length)
    {
        if (at < 0)
        {
            return Math.Min(-at - 1, length - 1);
        }

        return at >= length ? Math.Max((2 * length) - at - 1, 0) : at;
    }
}
