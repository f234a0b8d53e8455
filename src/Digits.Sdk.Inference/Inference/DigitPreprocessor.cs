namespace Digits.Sdk.Inference;

/// <summary>
/// <see cref="ImagePreprocessing.Digit"/>: turns a photo or scan of one digit into what MNIST digits look like: light
/// ink on a dark background, cropped to the ink, scaled so that its longer side is 20 of 28 pixels (aspect kept,
/// anti-aliased), and placed so that its centre of mass is the centre of the field — the preprocessing LeCun et al.
/// applied to NIST.
/// </summary>
internal static class DigitPreprocessor
{
    /// <summary>Ink weaker than this, once the strongest stroke is stretched to 1, is noise unless it touches a stroke.</summary>
    private const float NoiseLevel = 0.1f;

    /// <summary>How many of the paper's standard deviations above its level still count as paper, not ink.</summary>
    private const float PaperWidths = 3f;

    /// <summary>
    /// The least change over two pixels, as a share of the strongest ink, that is a stroke's edge: a stroke's edge
    /// rises by a quarter of the ink or more over two pixels even in a picture smoothed up from an 8-pixel scan,
    /// while a blank page's shading, with JPEG's steps in it, changes by a tenth of its range at most.
    /// </summary>
    private const float EdgeShare = 0.2f;

    /// <summary>
    /// How cleanly a picture must split into two grey levels (Otsu's share of the variance between the classes) to be
    /// strokes that fill it rather than shading: two levels with anti-aliased edges between them give 0.9 and more,
    /// a page that darkens evenly from one side to the other 0.75, one that darkens towards its corners less.
    /// </summary>
    private const double ClassSeparation = 0.85;

    /// <summary>
    /// How cleanly a picture must split into two grey levels for the larger of them to be taken as paper. MNIST-C's
    /// fog, the one set of the suites below it, hides the ink among the fog's own levels: Otsu's threshold then
    /// splits thick fog from thin fog, and 2 of 500 fog pictures came out with the fog's gaps taken for ink.
    /// </summary>
    private const double PolarityByLevels = 0.7;

    /// <summary>
    /// Preprocesses a grayscale image (row-major, values in [0, 1], either polarity) into a
    /// <paramref name="height"/>×<paramref name="width"/> field of ink intensities in [0, 1].
    /// </summary>
    public static float[] Preprocess(float[] gray, int sourceHeight, int sourceWidth, int height, int width)
    {
        var ink = ToInk(gray, sourceHeight, sourceWidth);
        var field = new float[height * width];
        if (!TryFindInk(ink, sourceHeight, sourceWidth, out var top, out var left, out var bottom, out var right))
        {
            return field;
        }

        // MNIST fits digits in a 20×20 box of the 28×28 field.
        var box = Math.Max(1.0, Math.Min(height, width) * 20.0 / 28.0);
        var (inkHeight, inkWidth) = (bottom - top, right - left);
        var scale = box / Math.Max(inkHeight, inkWidth);
        var targetHeight = Math.Clamp((int)Math.Round(inkHeight * scale), 1, height);
        var targetWidth = Math.Clamp((int)Math.Round(inkWidth * scale), 1, width);
        var scaled = Resampler.Resample(ink, sourceWidth, top, left, inkHeight, inkWidth, targetHeight, targetWidth);

        // Centre of mass in pixel-index coordinates moved to index 14 of 28 (MNIST puts it there, not at 13.5),
        // kept inside the field.
        double mass = 0, rows = 0, columns = 0;
        for (var y = 0; y < targetHeight; y++)
        {
            for (var x = 0; x < targetWidth; x++)
            {
                var value = scaled[(y * targetWidth) + x];
                mass += value;
                rows += value * y;
                columns += value * x;
            }
        }

        var offsetY = mass > 0 ? (int)Math.Round((height / 2.0) - (rows / mass)) : (height - targetHeight) / 2;
        var offsetX = mass > 0 ? (int)Math.Round((width / 2.0) - (columns / mass)) : (width - targetWidth) / 2;
        offsetY = Math.Clamp(offsetY, 0, height - targetHeight);
        offsetX = Math.Clamp(offsetX, 0, width - targetWidth);
        for (var y = 0; y < targetHeight; y++)
        {
            scaled.AsSpan(y * targetWidth, targetWidth).CopyTo(field.AsSpan(((y + offsetY) * width) + offsetX));
        }

        return field;
    }

    private static float[] ToInk(float[] gray, int height, int width)
    {
        // MNIST wants light ink on a dark field; which side is ink is read from the whole picture: from its two grey
        // levels where it has two, and otherwise (fog, heavy shading) from which side stands out above its paper.
        var ink = new float[gray.Length];
        var invert = InkPolarity.Separation(gray) >= PolarityByLevels ? InkPolarity.InkIsDark(gray) : DarkStandsOut(gray, height, width, ink);
        Orient(gray, ink, invert);
        var (spread, grain) = PaperBackground.Subtract(ink, height, width);
        var strongest = Strongest(ink);
        if (!InkContrast.StandsOut(strongest, grain))
        {
            // Nothing left above the paper's surface: either there is no ink, or the strokes fill the picture so that
            // the surface took them for paper. One level of paper tells the two apart, where what stands above it is
            // a second level with a stroke's edges (a blank page's shading stands above one level too, but changes
            // slowly and through every level between).
            // The surface's answer is nothing, so its buffer is reused; if one level is no better, nothing stays.
            Orient(gray, ink, invert);
            var level = PaperBackground.SubtractLevel(ink, height, width);
            var flatStrongest = Strongest(ink);
            if (InkContrast.StandsOut(flatStrongest, level.Grain) && SteepestChange(ink, height, width) >= EdgeShare * flatStrongest && InkPolarity.Separation(gray) >= ClassSeparation)
            {
                ((spread, grain), strongest) = (level, flatStrongest);
            }
        }

        // A picture without ink that stands out from its paper's grain (blank, too faint, or only the grain) stays
        // empty, which DigitClassifier reports as blank. Otherwise what the paper's spread (grain, fog) reaches is taken
        // off every pixel and the rest stretched so that the strongest stroke is full ink, as in MNIST.
        var floor = Math.Min(PaperWidths * spread, strongest / 2);
        var gain = InkContrast.StandsOut(strongest, grain) ? 1 / (strongest - floor) : 0;
        for (var i = 0; i < ink.Length; i++)
        {
            ink[i] = Math.Clamp((ink[i] - floor) * gain, 0, 1);
        }

        // Faint values are noise unless they touch a stroke: the anti-aliased edge of a stroke is part of the digit
        // (dropping it would shrink an MNIST digit's box below 20 pixels and blur it when scaled back up).
        var kept = new float[ink.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var value = ink[(y * width) + x];
                kept[(y * width) + x] = value >= NoiseLevel || (value > 0 && TouchesStroke(ink, height, width, y, x)) ? value : 0;
            }
        }

        InkSpecks.Remove(kept, height, width);
        return kept;
    }

    /// <summary>
    /// Whether dark ink stands out more above its paper than light ink does: the strongest hundredth of what is left
    /// once the paper is removed, taking either side as ink (worked out in <paramref name="side"/>, which it overwrites).
    /// </summary>
    private static bool DarkStandsOut(float[] gray, int height, int width, float[] side)
    {
        // One buffer for both sides, the caller's: a picture may have 16.7 million pixels.
        Orient(gray, side, invert: true);
        PaperBackground.Subtract(side, height, width);
        var dark = Percentile(side, 0.99);
        Orient(gray, side, invert: false);
        PaperBackground.Subtract(side, height, width);
        return dark >= Percentile(side, 0.99);
    }

    /// <summary>Writes <paramref name="gray"/> into <paramref name="ink"/>, inverted when the ink is dark, so that ink is bright.</summary>
    private static void Orient(float[] gray, float[] ink, bool invert)
    {
        for (var i = 0; i < gray.Length; i++)
        {
            ink[i] = invert ? 1 - gray[i] : gray[i];
        }
    }

    private static float Percentile(float[] values, double share)
    {
        var histogram = new QuantileHistogram(-1, 1);
        foreach (var value in values)
        {
            histogram.Add(value);
        }

        return histogram.Quantile(share);
    }

    /// <summary>The largest difference between two pixels two apart in a row or a column.</summary>
    private static float SteepestChange(float[] ink, int height, int width)
    {
        var steepest = 0f;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var here = ink[(y * width) + x];
                if (x + 2 < width)
                {
                    steepest = Math.Max(steepest, Math.Abs(here - ink[(y * width) + x + 2]));
                }

                if (y + 2 < height)
                {
                    steepest = Math.Max(steepest, Math.Abs(here - ink[((y + 2) * width) + x]));
                }
            }
        }

        return steepest;
    }

    private static float Strongest(float[] ink)
    {
        var strongest = 0f;
        foreach (var value in ink)
        {
            strongest = Math.Max(strongest, value);
        }

        return strongest;
    }

    private static bool TouchesStroke(float[] ink, int height, int width, int y, int x)
    {
        for (var dy = -1; dy <= 1; dy++)
        {
            for (var dx = -1; dx <= 1; dx++)
            {
                var (ny, nx) = (y + dy, x + dx);
                if ((uint)ny < (uint)height && (uint)nx < (uint)width && ink[(ny * width) + nx] >= NoiseLevel)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool TryFindInk(float[] ink, int height, int width, out int top, out int left, out int bottom, out int right)
    {
        (top, left, bottom, right) = (height, width, 0, 0);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (ink[(y * width) + x] > 0)
                {
                    top = Math.Min(top, y);
                    bottom = Math.Max(bottom, y + 1);
                    left = Math.Min(left, x);
                    right = Math.Max(right, x + 1);
                }
            }
        }

        return bottom > top;
    }
}
