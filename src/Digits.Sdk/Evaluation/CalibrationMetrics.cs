namespace Digits.Sdk.Evaluation;

/// <summary>
/// Whether a classifier's confidences are probabilities: of the answers given with 90% confidence, are 90% right?
/// The expected and maximum calibration errors over equal-width confidence bins (Guo et al., "On Calibration of
/// Modern Neural Networks", 2017), the Brier score, and the bins themselves for a reliability diagram.
/// </summary>
/// <remarks>
/// <para>A sample's confidence is the probability the model gave to the class it predicted (the largest one when the
/// prediction is the most probable class), and it is correct when that class is the true one. Bin <c>m</c> of
/// <c>M</c> holds the confidences in ((m−1)/M, m/M]. ECE = Σₘ |Bₘ|/n · |acc(Bₘ) − conf(Bₘ)|;
/// MCE = maxₘ |acc(Bₘ) − conf(Bₘ)| over the bins that hold a sample.</para>
/// <para>The Brier score is Brier's original multi-class one (1950): the mean over samples of Σ_c (p_c − y_c)²,
/// with y the one-hot truth, from 0 (certain and right) to 2 (certain and wrong). The negative log-likelihood is
/// <see cref="EvaluationReport.LogLoss"/>.</para>
/// </remarks>
public sealed class CalibrationMetrics
{
    /// <summary>The number of equal-width confidence bins: 15, as in Guo et al. (2017).</summary>
    public const int DefaultBinCount = 15;

    internal CalibrationMetrics(IReadOnlyList<ReliabilityBin> bins, double brierScore)
    {
        Bins = bins;
        BrierScore = brierScore;
        var samples = bins.Sum(bin => (long)bin.Count);
        ExpectedCalibrationError = samples == 0 ? 0 : bins.Sum(bin => bin.Count * bin.Gap) / samples;
        MaximumCalibrationError = bins.Where(bin => bin.Count > 0).Select(bin => bin.Gap).DefaultIfEmpty(0).Max();
    }

    /// <summary>The expected calibration error: the bins' gaps between accuracy and confidence, weighted by their share of the samples, in [0, 1].</summary>
    public double ExpectedCalibrationError { get; }

    /// <summary>The maximum calibration error: the largest gap of a bin that holds a sample, in [0, 1].</summary>
    public double MaximumCalibrationError { get; }

    /// <summary>The multi-class Brier score: the mean squared distance between the probabilities and the one-hot truth, in [0, 2].</summary>
    public double BrierScore { get; }

    /// <summary>The confidence bins, lowest first, empty ones included.</summary>
    public IReadOnlyList<ReliabilityBin> Bins { get; }
}
