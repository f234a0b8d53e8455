namespace Digits.Sdk.Inference;

/// <summary>
/// Estimates the paper under a digit and removes it, so that only the ink is left: on paper that is grey, tinted,
/// foggy, lit unevenly or partly dark (a stripe, a table's edge beside the page), and whether the strokes touch the
/// picture's edges or not.
/// </summary>
/// <remarks>
/// <para>
/// The paper is the picture's morphological opening (the brightest surface that fits under it everywhere with a
/// square window) with a window wider than a stroke: strokes are narrower than the window and drop out of it, while
/// the paper's shading, fog and any dark region wider than the window stay in it and are subtracted. Nothing about
/// the border is assumed, which a tight crop (strokes touching every edge) would break. The opening is taken on a
/// coarse grid of averaged cells and enlarged bilinearly: averaging takes the paper's grain out of the estimate,
/// and the grid keeps the cost independent of the picture's size.
/// </para>
/// <para>
/// What is left is the ink above the paper plus the paper's grain. The paper's level in it is the most common value
/// (the mode), and its noise is measured on the values below the mode only, because ink only ever adds to a pixel:
/// the lower half of the paper's values is grain, however much of the picture the ink covers.
/// </para>
/// </remarks>
internal static class PaperBackground
{
    /// <summary>
    /// The opening's window as a share of the picture's longer side. A tight crop's strokes are about 12% of that
    /// side (MNIST's 2–3 pixels of a 20-pixel digit), a broad marker's up to about 18%; MNIST-C's stripes, a region of
    /// inverted paper, are a quarter of it. A fifth lies between: strokes are removed, stripes stay paper. A wider
    /// window also rises less far into the thickest junctions of a digit, but follows curved lighting less closely
    /// (with 0.3, a vignette 60 grey levels deep left its corners standing as ink).
    /// </summary>
    private const double WindowShare = 0.2;

    /// <summary>
    /// The largest gap between a cell and the opening that is still paper: the opening's shortfall on curved lighting
    /// (0.12 at the corners of a vignette 60 grey levels deep) lies below it, the faintest ink that counts (0.1 above
    /// the paper, <see cref="InkContrast.Minimum"/>) mostly above it once averaged into a cell with paper around it.
    /// </summary>
    private const float GapCeiling = 0.15f;

    /// <summary>How far, in intensities of [0, 1], paper lit evenly may stray from its level (10 grey levels: grain, JPEG ringing).</summary>
    private const float EvenTolerance = 0.04f;

    /// <summary>
    /// The share of the surface's cells that may stray on evenly lit paper, where strokes are as wide as the window:
    /// with 5%, the blob of a thick MNIST 9 drawn 4× as large rose into the surface and was hollowed out (read "1").
    /// MNIST-C's stripes are half of the picture, shading and fog most of it.
    /// </summary>
    private const double UnevenShare = 0.15;

    /// <summary>The grid's longer side in cells: fine enough to follow shading, coarse enough to average out grain.</summary>
    private const int GridCells = 64;

    /// <summary>Bins of the residual's histogram over [-1, 1] for its mode.</summary>
    private const int Bins = 512;

    /// <summary>
    /// Subtracts the estimated paper from <paramref name="values"/> (row-major, ink brighter than paper), in place,
    /// so that paper is about 0 and ink positive.
    /// </summary>
    /// <returns>
    /// What is left of the paper: its <c>Spread</c> below level 0 (grain and the texture of fog, as a standard
    /// deviation) and its <c>Grain</c>, the part of that which changes from pixel to pixel.
    /// </returns>
    public static (float Spread, float Grain) Subtract(float[] values, int height, int width)
    {
        var cell = Math.Max(1, (int)Math.Ceiling(Math.Max(height, width) / (double)GridCells));
        var (rows, columns) = ((height + cell - 1) / cell, (width + cell - 1) / cell);
        var grid = Average(values, height, width, cell, rows, columns);
        var radius = Math.Max(1, (int)Math.Round(WindowShare * Math.Max(height, width) / cell / 2));
        var opened = MaxFilter(MinFilter(grid, rows, columns, radius), rows, columns, radius);
        if (!IsEven(opened))
        {
            SubtractSurface(values, height, width, Refine(grid, opened, rows, columns, radius), rows, columns, cell);
        }

        return SubtractLevel(values, height, width);
    }

    /// <summary>
    /// Subtracts one level, the most common value, from <paramref name="values"/>: the paper of a picture lit evenly,
    /// and the only estimate left when the strokes are wider than any window that fits the picture (a "1" cropped
    /// so tightly that ink fills its box from edge to edge).
    /// </summary>
    /// <returns>The paper's spread and grain, as <see cref="Subtract"/> returns them.</returns>
    public static (float Spread, float Grain) SubtractLevel(float[] values, int height, int width)
    {
        var mode = Mode(values);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] -= mode;
        }

        return (LowerNoise(values), Grain(values, height, width));
    }

    /// <summary>
    /// Corrects the opening where the paper curves: an opening lies under a curved surface (a vignette's corners) by
    /// up to about 0.1, which would stand as faint ink. The gap between the picture and its opening is averaged over
    /// the window wherever it is too small to be ink, and added back; stripes and fog are flat or followed already,
    /// so their gap is near zero on both sides of an edge and the correction leaves them alone.
    /// </summary>
    private static float[] Refine(float[] grid, float[] opened, int rows, int columns, int radius)
    {
        var gap = new float[grid.Length];
        var weight = new float[grid.Length];
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < columns; x++)
            {
                // A cell beside ink is partly ink (a stroke's soft edge): only cells with paper all round count.
                var isPaper = true;
                for (var ny = Math.Max(0, y - 1); ny <= Math.Min(rows - 1, y + 1); ny++)
                {
                    for (var nx = Math.Max(0, x - 1); nx <= Math.Min(columns - 1, x + 1); nx++)
                    {
                        isPaper &= grid[(ny * columns) + nx] - opened[(ny * columns) + nx] < GapCeiling;
                    }
                }

                var i = (y * columns) + x;
                gap[i] = isPaper ? grid[i] - opened[i] : 0;
                weight[i] = isPaper ? 1 : 0;
            }
        }

        var gapSums = BoxSum(gap, rows, columns, radius);
        var weightSums = BoxSum(weight, rows, columns, radius);
        var refined = new float[grid.Length];
        for (var i = 0; i < grid.Length; i++)
        {
            refined[i] = opened[i] + (weightSums[i] > 0 ? gapSums[i] / weightSums[i] : 0);
        }

        return refined;
    }

    /// <summary>Sums over a square window, separably, clipped at the grid's edges.</summary>
    private static float[] BoxSum(float[] grid, int rows, int columns, int radius)
    {
        var horizontal = new float[grid.Length];
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < columns; x++)
            {
                var sum = 0f;
                for (var k = Math.Max(0, x - radius); k <= Math.Min(columns - 1, x + radius); k++)
                {
                    sum += grid[(y * columns) + k];
                }

                horizontal[(y * columns) + x] = sum;
            }
        }

        var result = new float[grid.Length];
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < columns; x++)
            {
                var sum = 0f;
                for (var k = Math.Max(0, y - radius); k <= Math.Min(rows - 1, y + radius); k++)
                {
                    sum += horizontal[(k * columns) + x];
                }

                result[(y * columns) + x] = sum;
            }
        }

        return result;
    }

    /// <summary>
    /// Whether the paper is lit evenly: all but a few cells of its surface within <see cref="EvenTolerance"/> of the
    /// surface's median. One level is exact there, where the surface would also rise into the few places whose
    /// strokes are as wide as the window (the junctions of a thick digit) and take ink off them.
    /// </summary>
    private static bool IsEven(float[] surface)
    {
        var sorted = surface.Order().ToArray();
        var median = sorted[sorted.Length / 2];
        var uneven = surface.Count(level => Math.Abs(level - median) > EvenTolerance);
        return uneven <= surface.Length * UnevenShare;
    }

    private static float[] Average(float[] values, int height, int width, int cell, int rows, int columns)
    {
        var sums = new float[rows * columns];
        var counts = new int[rows * columns];
        for (var y = 0; y < height; y++)
        {
            var row = (y / cell) * columns;
            for (var x = 0; x < width; x++)
            {
                sums[row + (x / cell)] += values[(y * width) + x];
                counts[row + (x / cell)]++;
            }
        }

        for (var i = 0; i < sums.Length; i++)
        {
            sums[i] /= counts[i];
        }

        return sums;
    }

    private static float[] MinFilter(float[] grid, int rows, int columns, int radius) => Filter(grid, rows, columns, radius, Math.Min);

    private static float[] MaxFilter(float[] grid, int rows, int columns, int radius) => Filter(grid, rows, columns, radius, Math.Max);

    /// <summary>
    /// A square window's minimum or maximum, separably (rows, then columns), clipped at the grid's edges. (Taking
    /// paper beyond the edges would keep a thick stroke along a tight crop's edge whole, but no level of paper out
    /// there fits every picture: the lowest one left a vignette's corners standing as ink.)
    /// </summary>
    private static float[] Filter(float[] grid, int rows, int columns, int radius, Func<float, float, float> pick)
    {
        var horizontal = new float[grid.Length];
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < columns; x++)
            {
                var value = grid[(y * columns) + x];
                for (var k = Math.Max(0, x - radius); k <= Math.Min(columns - 1, x + radius); k++)
                {
                    value = pick(value, grid[(y * columns) + k]);
                }

                horizontal[(y * columns) + x] = value;
            }
        }

        var result = new float[grid.Length];
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < columns; x++)
            {
                var value = horizontal[(y * columns) + x];
                for (var k = Math.Max(0, y - radius); k <= Math.Min(rows - 1, y + radius); k++)
                {
                    value = pick(value, horizontal[(k * columns) + x]);
                }

                result[(y * columns) + x] = value;
            }
        }

        return result;
    }

    /// <summary>Subtracts the grid's surface, interpolated bilinearly between cell centres, from every pixel.</summary>
    private static void SubtractSurface(float[] values, int height, int width, float[] surface, int rows, int columns, int cell)
    {
        for (var y = 0; y < height; y++)
        {
            var (top, bottom, down) = Between((y + 0.5) / cell, rows);
            for (var x = 0; x < width; x++)
            {
                var (left, right, across) = Between((x + 0.5) / cell, columns);
                var upper = surface[(top * columns) + left] + ((surface[(top * columns) + right] - surface[(top * columns) + left]) * across);
                var lower = surface[(bottom * columns) + left] + ((surface[(bottom * columns) + right] - surface[(bottom * columns) + left]) * across);
                values[(y * width) + x] -= upper + ((lower - upper) * down);
            }
        }
    }

    /// <summary>The two cells whose centres enclose a position given in cells, and how far it lies from the first.</summary>
    private static (int First, int Second, float Fraction) Between(double position, int cells)
    {
        var centre = Math.Clamp(position - 0.5, 0, cells - 1);
        var first = (int)Math.Floor(centre);
        var second = Math.Min(first + 1, cells - 1);
        return (first, second, (float)(centre - first));
    }

    /// <summary>
    /// The paper's level: the most common value of the darker of the two classes Otsu's threshold splits the values
    /// into, since ink is brighter than paper here. The class matters where ink covers most of the picture (a "1"
    /// cropped to its stroke), whose most common value overall is the ink's.
    /// </summary>
    private static float Mode(float[] values)
    {
        var histogram = new long[Bins];
        foreach (var value in values)
        {
            histogram[Bin(value)]++;
        }

        var paperBins = InkPolarity.OtsuThreshold(histogram);
        var (best, fullest) = (0, -1L);
        for (var bin = 0; bin < paperBins; bin++)
        {
            var sum = 0L;
            for (var k = Math.Max(0, bin - 2); k <= Math.Min(paperBins - 1, bin + 2); k++)
            {
                sum += histogram[k];
            }

            if (sum > fullest)
            {
                (best, fullest) = (bin, sum);
            }
        }

        // The smoothed peak says where the paper is; its fullest bin within the smoothing window is the level.
        for (var k = Math.Max(0, best - 2); k <= Math.Min(paperBins - 1, best + 2); k++)
        {
            best = histogram[k] > histogram[best] ? k : best;
        }

        // The bin's own values, not its centre: on clean paper they are all one value, exactly.
        double total = 0;
        var count = 0;
        foreach (var value in values)
        {
            if (Bin(value) == best)
            {
                total += value;
                count++;
            }
        }

        return count > 0 ? (float)(total / count) : 0;
    }

    private static int Bin(float value) => value > -1 ? (int)Math.Min(Bins - 1, (value + 1) * Bins / 2) : 0;

    /// <summary>
    /// The noise that changes from one pixel of the paper to one a few columns on (camera grain, a noisy scan), as a
    /// standard deviation. Only pairs of paper at or below its level are compared: the inside of a stroke varies too,
    /// and in a tight crop strokes can be half the picture. Fog and shading change slowly and hardly count.
    /// </summary>
    private static float Grain(float[] values, int height, int width)
    {
        // Two pixels, or a fiftieth of the picture's longer side on larger pictures: a JPEG's grain is alike over a
        // few pixels, and the finest detail of a digit that fills the picture is about a fiftieth of it.
        var lag = Math.Max(2, (int)Math.Round(Math.Max(height, width) / 50.0));
        var differences = new QuantileHistogram(0, 2);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x + lag < width; x++)
            {
                var (here, there) = (values[(y * width) + x], values[(y * width) + x + lag]);
                if (here <= 0 && there <= 0)
                {
                    differences.Add(Math.Abs(here - there));
                }
            }
        }

        // Two independent values of a Gaussian's lower half differ by less than 0.532 σ half of the time (numerically).
        return differences.Quantile(0.5) / 0.532f;
    }

    /// <summary>The grain of paper at level 0: the median distance of the values at or below it, as a standard deviation.</summary>
    private static float LowerNoise(float[] values)
    {
        var below = new QuantileHistogram(0, 2);
        foreach (var value in values)
        {
            // Exact zeros count: on clean paper with a few specks of lighter paper, the paper itself is the answer.
            if (value <= 0)
            {
                below.Add(-value);
            }
        }

        // Half of a Gaussian's values below its mean lie within 0.6745 σ of it.
        return below.Quantile(0.5) / 0.6745f;
    }
}
