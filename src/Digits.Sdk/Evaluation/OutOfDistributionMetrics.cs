namespace Digits.Sdk.Evaluation;

/// <summary>
/// How well a score tells digits from things that are not digits: the area under the ROC curve, and the share refused
/// at a threshold. Scores are confidences: higher means "more surely a digit".
/// </summary>
public static class OutOfDistributionMetrics
{
    /// <summary>
    /// The area under the ROC curve of digits (positives) against the others: the probability that a random digit scores
    /// above a random other, ties counting half. 1 separates them perfectly, 0.5 is chance.
    /// </summary>
    /// <param name="digits">The scores of digits.</param>
    /// <param name="others">The scores of things that are not digits.</param>
    /// <returns>The AUROC, in [0, 1].</returns>
    /// <exception cref="ArgumentException">Either set is empty.</exception>
    public static double Auroc(ReadOnlySpan<float> digits, ReadOnlySpan<float> others)
    {
        if (digits.Length == 0 || others.Length == 0)
        {
            throw new ArgumentException("An AUROC compares two sets of scores; both need at least one.", digits.Length == 0 ? nameof(digits) : nameof(others));
        }

        // The Mann-Whitney U statistic over the sorted union: each digit counts the others below it, ties half.
        var sortedOthers = others.ToArray();
        Array.Sort(sortedOthers);
        double wins = 0;
        foreach (var score in digits)
        {
            var below = LowerBound(sortedOthers, score);
            var notAbove = UpperBound(sortedOthers, score);
            wins += below + ((notAbove - below) / 2.0);
        }

        return wins / ((double)digits.Length * others.Length);
    }

    /// <summary>The share of <paramref name="scores"/> below <paramref name="threshold"/>: what a classifier with that threshold refuses.</summary>
    /// <param name="scores">The scores.</param>
    /// <param name="threshold">The threshold; a score below it is refused.</param>
    /// <returns>The share, in [0, 1]; 0 for no scores.</returns>
    public static double RefusedShare(ReadOnlySpan<float> scores, double threshold)
    {
        if (scores.Length == 0)
        {
            return 0;
        }

        var refused = 0;
        foreach (var score in scores)
        {
            refused += score < threshold ? 1 : 0;
        }

        return (double)refused / scores.Length;
    }

    private static int LowerBound(float[] sorted, float value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            (low, high) = sorted[middle] < value ? (middle + 1, high) : (low, middle);
        }

        return low;
    }

    private static int UpperBound(float[] sorted, float value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            (low, high) = sorted[middle] <= value ? (middle + 1, high) : (low, middle);
        }

        return low;
    }
}
