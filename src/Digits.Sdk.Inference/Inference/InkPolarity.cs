namespace Digits.Sdk.Inference;

/// <summary>
/// Which side of a picture's grey levels is ink, decided from the whole picture rather than its border: a form's box,
/// a scanner's crop or a tight photo has strokes that touch every edge, so the border can be mostly ink.
/// </summary>
/// <remarks>
/// The picture's grey levels are split in two by Otsu's threshold (the split that best separates two classes). Paper
/// is the class that covers more of the picture, because a digit's strokes cover less of it than the paper around
/// them: MNIST's 10,000 test digits cropped to their ink (Otsu's ink class of the crop) cover 36% of their box on
/// average, 6.5% of them more than half of it and 1% more than 60% (a "1" written straight down). When the two classes are within
/// <see cref="AmbiguousMargin"/> of a half each, the picture is read as dark ink on light paper, how nearly every
/// photo and scan of handwriting comes.
/// </remarks>
internal static class InkPolarity
{
    /// <summary>
    /// How far from an even split the dark class's share must be before it decides alone: 0.15 means dark shares of
    /// 35%–65% are taken as dark ink on light paper. A tight "1" whose ink filled 62% of its crop was refused as blank
    /// with 0.1; a light-on-dark picture whose ink covers more than 35% of it is taken the wrong way round.
    /// </summary>
    private const double AmbiguousMargin = 0.15;

    /// <summary>Histogram bins for the threshold: finer than 8-bit pictures need, coarse enough to be quick.</summary>
    private const int Bins = 256;

    /// <summary>Whether the ink is darker than the paper in <paramref name="gray"/> (values in [0, 1]).</summary>
    public static bool InkIsDark(ReadOnlySpan<float> gray)
    {
        var histogram = Histogram(gray);
        var threshold = OtsuThreshold(histogram);
        long dark = 0;
        for (var bin = 0; bin < threshold; bin++)
        {
            dark += histogram[bin];
        }

        var darkShare = (double)dark / gray.Length;
        return darkShare < 0.5 + AmbiguousMargin;
    }

    /// <summary>
    /// How cleanly <paramref name="gray"/> splits into two grey levels: the share of its variance that lies between
    /// Otsu's two classes (1 for two exact levels, 0.75 for levels spread evenly, 0 for one level).
    /// </summary>
    public static double Separation(ReadOnlySpan<float> gray)
    {
        var histogram = Histogram(gray);
        var threshold = OtsuThreshold(histogram);
        double total = 0, sum = 0, squares = 0, lowerCount = 0, lowerSum = 0;
        for (var bin = 0; bin < Bins; bin++)
        {
            total += histogram[bin];
            sum += bin * (double)histogram[bin];
            squares += bin * (double)bin * histogram[bin];
            if (bin < threshold)
            {
                lowerCount += histogram[bin];
                lowerSum += bin * (double)histogram[bin];
            }
        }

        var variance = (squares / total) - ((sum / total) * (sum / total));
        var upperCount = total - lowerCount;
        if (variance <= 0 || lowerCount == 0 || upperCount == 0)
        {
            return 0;
        }

        var difference = (lowerSum / lowerCount) - ((sum - lowerSum) / upperCount);
        return lowerCount * upperCount * difference * difference / (total * total) / variance;
    }

    private static long[] Histogram(ReadOnlySpan<float> values)
    {
        var histogram = new long[Bins];
        foreach (var value in values)
        {
            // NaN and out-of-range values land in the end bins rather than outside the array.
            var bin = value >= 0 ? (int)Math.Min(Bins - 1, value * Bins) : 0;
            histogram[bin]++;
        }

        return histogram;
    }

    /// <summary>
    /// The first bin of the upper class that maximises the between-class variance (Otsu, 1979); the histogram's length
    /// when all values share one bin.
    /// </summary>
    public static int OtsuThreshold(long[] histogram)
    {
        double total = 0, weightedTotal = 0;
        for (var bin = 0; bin < histogram.Length; bin++)
        {
            total += histogram[bin];
            weightedTotal += bin * (double)histogram[bin];
        }

        // A picture of one grey level has no second class: all of it is the lower one.
        double lowerCount = 0, lowerSum = 0, best = -1;
        var threshold = histogram.Length;
        for (var bin = 0; bin < histogram.Length - 1; bin++)
        {
            lowerCount += histogram[bin];
            lowerSum += bin * (double)histogram[bin];
            var upperCount = total - lowerCount;
            if (lowerCount == 0 || upperCount == 0)
            {
                continue;
            }

            var difference = (lowerSum / lowerCount) - ((weightedTotal - lowerSum) / upperCount);
            var between = lowerCount * upperCount * difference * difference;
            if (between > best)
            {
                (best, threshold) = (between, bin + 1);
            }
        }

        return threshold;
    }
}
