namespace Digits.Sdk.Inference;

/// <summary>
/// Quantiles of many values without sorting them: a histogram of fine bins over a known range. The preprocessing
/// takes medians and percentiles over every pixel of a picture of up to 16.7 million, which a sorted copy would make
/// cost 64 MB and a second per picture.
/// </summary>
/// <param name="low">The range's lower end; smaller values count in the first bin.</param>
/// <param name="high">The range's upper end; larger values count in the last bin.</param>
internal sealed class QuantileHistogram(float low, float high)
{
    /// <summary>Bins over the range: 8,192 give quantiles to within 1/4,096 of a range of 2, far finer than any threshold they meet.</summary>
    private const int Bins = 8192;

    private readonly long[] counts = new long[Bins];

    /// <summary>How many values were added.</summary>
    public long Count { get; private set; }

    /// <summary>Adds one value (NaN counts in the first bin).</summary>
    public void Add(float value)
    {
        var position = (value - low) / (high - low) * Bins;
        counts[position >= 0 ? (int)Math.Min(Bins - 1, position) : 0]++;
        Count++;
    }

    /// <summary>
    /// The lower edge of the bin that holds the value at <paramref name="share"/> of the sorted values (0.5: the
    /// median), so that a quantile falling on values all equal to <c>low</c> is exactly <c>low</c>; 0 with no values.
    /// </summary>
    public float Quantile(double share)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Min(Count - 1, share * Count);
        long seen = 0;
        for (var bin = 0; bin < Bins; bin++)
        {
            seen += counts[bin];
            if (seen > rank)
            {
                return low + ((high - low) * bin / Bins);
            }
        }

        return high;
    }
}
