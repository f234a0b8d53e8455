namespace Digits.Sdk.Benchmarks;

/// <summary>The summary every benchmark reports of its repeated timings: the median, robust to a noisy machine.</summary>
internal static class Statistics
{
    /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count), or <see langword="null"/> for none.</summary>
    public static double? MedianOrNull(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? null
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>The median of <paramref name="values"/>, which must not be empty.</summary>
    public static double Median(IEnumerable<double> values)
        => MedianOrNull(values) ?? throw new InvalidOperationException("A median needs at least one value.");

    /// <summary>
    /// The value below which a <paramref name="fraction"/> of <paramref name="values"/> lie (nearest rank, as
    /// onnx-latency reports its p50 and p99), which must not be empty.
    /// </summary>
    public static double Percentile(IEnumerable<double> values, double fraction)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new InvalidOperationException("A percentile needs at least one value.");
        }

        return sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * fraction))];
    }
}
