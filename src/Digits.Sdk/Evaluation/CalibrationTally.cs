namespace Digits.Sdk.Evaluation;

/// <summary>
/// The running sums behind <see cref="CalibrationMetrics"/>: per confidence bin the samples, their summed confidence
/// and how many were right, and the summed squared error of the probabilities. Kept by
/// <see cref="EvaluationAccumulator"/> so no prediction has to be held.
/// </summary>
internal sealed class CalibrationTally
{
    private readonly long[] counts;
    private readonly double[] confidenceSums;
    private readonly long[] correct;
    private double squaredErrorSum;

    public CalibrationTally(int binCount = CalibrationMetrics.DefaultBinCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(binCount, 1);
        counts = new long[binCount];
        confidenceSums = new double[binCount];
        correct = new long[binCount];
    }

    /// <summary>The bin a confidence falls in: bin m holds (m/M, (m+1)/M], and a confidence of 0 the first bin.</summary>
    public static int BinOf(double confidence, int binCount) =>
        Math.Clamp((int)Math.Ceiling(confidence * binCount) - 1, 0, binCount - 1);

    /// <summary>Adds one sample: its probabilities (one per class), its true class and the class predicted.</summary>
    public void Add(ReadOnlySpan<float> probabilities, int trueLabel, int predictedLabel)
    {
        double confidence = probabilities[predictedLabel];
        var bin = BinOf(confidence, counts.Length);
        counts[bin]++;
        confidenceSums[bin] += confidence;
        if (trueLabel == predictedLabel)
        {
            correct[bin]++;
        }

        for (var c = 0; c < probabilities.Length; c++)
        {
            var error = probabilities[c] - (c == trueLabel ? 1.0 : 0.0);
            squaredErrorSum += error * error;
        }
    }

    /// <summary>The metrics over every sample added.</summary>
    public CalibrationMetrics ToMetrics()
    {
        var bins = new ReliabilityBin[counts.Length];
        for (var m = 0; m < bins.Length; m++)
        {
            var n = counts[m];
            bins[m] = new ReliabilityBin(
                (double)m / bins.Length,
                (double)(m + 1) / bins.Length,
                checked((int)n),
                n == 0 ? 0 : confidenceSums[m] / n,
                n == 0 ? 0 : (double)correct[m] / n);
        }

        var samples = counts.Sum();
        return new CalibrationMetrics(bins, samples == 0 ? 0 : squaredErrorSum / samples);
    }
}
