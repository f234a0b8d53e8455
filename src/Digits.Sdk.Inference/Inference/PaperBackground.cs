namespace Digits.Sdk.Inference;

/// <summary>
/// Estimates the paper under a digit as a smooth surface, so that a picture whose background is lit unevenly (darker
/// in one corner, a shadow across it, a vignette) loses its background everywhere and keeps only the ink.
/// </summary>
/// <remarks>
/// The surface is a quadratic in the picture's coordinates, fitted by least squares to the pixels that are background:
/// first the border (what a photo of one digit mostly shows there), then every pixel that lies within the
/// background's noise of the fit, twice. A quadratic follows gradients and vignettes but cannot bend into a stroke,
/// however thick the stroke is, which a local filter (a closing or a median of a window) would do to strokes broader
/// than its window.
/// </remarks>
internal static class PaperBackground
{
    /// <summary>Residuals below this are background even on a picture without noise (rounding, JPEG ringing).</summary>
    private const float MinimumTolerance = 0.04f;

    /// <summary>How many robust standard deviations of the border's noise a background pixel may stray.</summary>
    private const float NoiseWidths = 3f;

    /// <summary>Refits on the pixels the previous fit calls background.</summary>
    private const int Refinements = 2;

    /// <summary>About this many pixels inside the border enter a fit (a smooth surface needs no more); larger pictures are sampled on a regular grid.</summary>
    private const int MaximumSamples = 1 << 12;

    /// <summary>
    /// Subtracts the estimated background from <paramref name="values"/> (row-major, ink brighter than paper), in
    /// place; what is darker than the paper becomes negative.
    /// </summary>
    public static void Subtract(float[] values, int height, int width)
    {
        var step = Math.Max(1, (int)Math.Ceiling(Math.Sqrt((double)values.Length / MaximumSamples)));
        var surface = Fit(values, height, width, step, static (_, _, onBorder) => onBorder);
        if (surface is null)
        {
            // Too few pixels to fit a surface (a picture a few pixels across).
            SubtractLevel(values, BorderMedian(values, height, width));
            return;
        }

        var tolerance = Tolerance(values, height, width, surface);
        for (var round = 0; round < Refinements; round++)
        {
            var previous = surface;
            surface = Fit(values, height, width, step, (y, x, _) => values[(y * width) + x] - previous.At(y, x, height, width) < tolerance) ?? previous;
        }

        var levels = Levels(surface, height, width, step);
        if (levels.Max - levels.Min < tolerance)
        {
            // Evenly lit paper: one level, the border's median, is exact there, where a fit would lean a little
            // towards the faint edges of the strokes and shave them off the digit.
            SubtractLevel(values, BorderMedian(values, height, width));
            return;
        }

        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                values[(y * width) + x] -= surface.At(y, x, height, width);
            }
        }
    }

    private static (float Min, float Max) Levels(Quadratic surface, int height, int width, int step)
    {
        var (min, max) = (float.MaxValue, float.MinValue);
        for (var y = 0; y < height; y += step)
        {
            for (var x = 0; x < width; x += step)
            {
                var level = surface.At(y, x, height, width);
                (min, max) = (Math.Min(min, level), Math.Max(max, level));
            }
        }

        return (min, max);
    }

    private static float BorderMedian(float[] values, int height, int width)
    {
        var border = Border(height, width).Select(p => values[(p.Y * width) + p.X]).Order().ToList();
        return border[border.Count / 2];
    }

    private static void SubtractLevel(float[] values, float level)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] -= level;
        }
    }

    /// <summary>The border's spread around the fit (median absolute deviation, as a standard deviation).</summary>
    private static float Tolerance(float[] values, int height, int width, Quadratic surface)
    {
        var deviations = new List<float>((2 * height) + (2 * width));
        foreach (var (y, x) in Border(height, width))
        {
            deviations.Add(Math.Abs(values[(y * width) + x] - surface.At(y, x, height, width)));
        }

        deviations.Sort();
        var spread = 1.4826f * deviations[deviations.Count / 2];
        return Math.Max(MinimumTolerance, NoiseWidths * spread);
    }

    private static IEnumerable<(int Y, int X)> Border(int height, int width)
    {
        for (var x = 0; x < width; x++)
        {
            yield return (0, x);
            if (height > 1)
            {
                yield return (height - 1, x);
            }
        }

        for (var y = 1; y < height - 1; y++)
        {
            yield return (y, 0);
            if (width > 1)
            {
                yield return (y, width - 1);
            }
        }
    }

    /// <summary>
    /// Least squares of the quadratic over the pixels <paramref name="isBackground"/> accepts (on a grid of
    /// <paramref name="step"/> inside, every border pixel); null when they cannot determine it.
    /// </summary>
    private static Quadratic? Fit(float[] values, int height, int width, int step, Func<int, int, bool, bool> isBackground)
    {
        var normal = new double[Quadratic.Terms, Quadratic.Terms];
        var right = new double[Quadratic.Terms];
        var terms = new double[Quadratic.Terms];
        var count = 0;
        for (var y = 0; y < height; y++)
        {
            var onBorderRow = y == 0 || y == height - 1;
            for (var x = 0; x < width; x++)
            {
                var onBorder = onBorderRow || x == 0 || x == width - 1;
                if ((!onBorder && (y % step != 0 || x % step != 0)) || !isBackground(y, x, onBorder))
                {
                    continue;
                }

                Quadratic.Evaluate(y, x, height, width, terms);
                var value = values[(y * width) + x];
                for (var i = 0; i < Quadratic.Terms; i++)
                {
                    right[i] += terms[i] * value;
                    for (var j = 0; j < Quadratic.Terms; j++)
                    {
                        normal[i, j] += terms[i] * terms[j];
                    }
                }

                count++;
            }
        }

        return count < 4 * Quadratic.Terms ? null : Quadratic.Solve(normal, right);
    }

    /// <summary>b0 + b1·u + b2·v + b3·u² + b4·u·v + b5·v², with u and v the column and row scaled to [-1, 1].</summary>
    private sealed class Quadratic(double[] coefficients)
    {
        public const int Terms = 6;

        public float At(int y, int x, int height, int width)
        {
            Span<double> terms = stackalloc double[Terms];
            Evaluate(y, x, height, width, terms);
            var sum = 0.0;
            for (var i = 0; i < Terms; i++)
            {
                sum += coefficients[i] * terms[i];
            }

            return (float)sum;
        }

        public static void Evaluate(int y, int x, int height, int width, Span<double> terms)
        {
            var u = width > 1 ? ((2.0 * x) / (width - 1)) - 1 : 0;
            var v = height > 1 ? ((2.0 * y) / (height - 1)) - 1 : 0;
            terms[0] = 1;
            terms[1] = u;
            terms[2] = v;
            terms[3] = u * u;
            terms[4] = u * v;
            terms[5] = v * v;
        }

        /// <summary>Solves the normal equations (Gaussian elimination with partial pivoting); null when singular.</summary>
        public static Quadratic? Solve(double[,] normal, double[] right)
        {
            var n = Terms;
            for (var column = 0; column < n; column++)
            {
                var pivot = column;
                for (var row = column + 1; row < n; row++)
                {
                    if (Math.Abs(normal[row, column]) > Math.Abs(normal[pivot, column]))
                    {
                        pivot = row;
                    }
                }

                if (Math.Abs(normal[pivot, column]) < 1e-9)
                {
                    return null;
                }

                for (var j = 0; j < n; j++)
                {
                    (normal[column, j], normal[pivot, j]) = (normal[pivot, j], normal[column, j]);
                }

                (right[column], right[pivot]) = (right[pivot], right[column]);
                for (var row = column + 1; row < n; row++)
                {
                    var factor = normal[row, column] / normal[column, column];
                    for (var j = column; j < n; j++)
                    {
                        normal[row, j] -= factor * normal[column, j];
                    }

                    right[row] -= factor * right[column];
                }
            }

            var solution = new double[n];
            for (var row = n - 1; row >= 0; row--)
            {
                var sum = right[row];
                for (var j = row + 1; j < n; j++)
                {
                    sum -= normal[row, j] * solution[j];
                }

                solution[row] = sum / normal[row, row];
            }

            return new Quadratic(solution);
        }
    }
}
