using System.Globalization;
using Digits.Sdk.Data;
using static TorchSharp.torch;

namespace Digits.Sdk.Evaluation;

/// <summary>
/// Chooses the confidence below which a classifier answers "not a digit" (<see cref="Inference.PredictionVerdict.NotADigit"/>):
/// the largest threshold that refuses at most a given share of held-out digits, so the cost on real digits is known
/// before the model meets a letter or a garment.
/// </summary>
/// <remarks>
/// The score is the (calibrated) probability of the predicted class, the maximum-softmax baseline of Hendrycks and
/// Gimpel (2017); it costs nothing beyond the prediction. Choose it on a validation split, never on the set that
/// measures it; fit the temperature first, since the threshold is a calibrated confidence.
/// </remarks>
/// <example>
/// <code>
/// run.Model.CalibrateTemperature(split.Validation);
/// var threshold = run.Model.NotADigitThreshold(split.Validation);
/// run.Model.ExportOnnx("digits.onnx", new OnnxExportOptions { NotADigitBelow = threshold });
/// </code>
/// </example>
public static class NotADigitThreshold
{
    /// <summary>The share of validation digits a threshold may refuse unless the caller says otherwise: 1%.</summary>
    public const double DefaultRefusedShare = 0.01;

    /// <summary>
    /// The threshold for <paramref name="network"/>'s confidences (divided by its temperature, <see cref="NetworkCalibration"/>)
    /// on <paramref name="validation"/> that refuses at most <paramref name="refusedShare"/> of its samples.
    /// </summary>
    /// <param name="network">A network from images to logits.</param>
    /// <param name="validation">Digits the network did not train on.</param>
    /// <param name="refusedShare">The largest share of them to answer "not a digit", in [0, 1).</param>
    /// <param name="batchSize">Images per forward pass.</param>
    /// <returns>A confidence in [0, 1].</returns>
    public static double NotADigitThresholdOn(this nn.Module<Tensor, Tensor> network, DigitDataset validation, double refusedShare = DefaultRefusedShare, int batchSize = NetworkEvaluation.DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(validation);
        using var probabilities = network.PredictProbabilities(validation, batchSize);
        using var confidences = probabilities.max(1).values.contiguous();
        return Choose(confidences.data<float>().ToArray(), refusedShare);
    }

    /// <summary>The largest threshold under which at most <paramref name="refusedShare"/> of <paramref name="confidences"/> fall.</summary>
    /// <param name="confidences">The confidence of each held-out digit.</param>
    /// <param name="refusedShare">The largest share to fall below the threshold, in [0, 1).</param>
    /// <returns>A confidence in [0, 1]: the ⌊share·n⌋-th smallest confidence, so exactly the ones before it are refused.</returns>
    /// <exception cref="ArgumentException">There are no confidences, or one is not in [0, 1].</exception>
    public static double Choose(ReadOnlySpan<float> confidences, double refusedShare = DefaultRefusedShare)
    {
        if (!(refusedShare is >= 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(refusedShare), refusedShare, "The share of digits to refuse is at least 0 and below 1.");
        }

        if (confidences.Length == 0)
        {
            throw new ArgumentException("There are no confidences; a threshold is chosen on the confidences of held-out digits.", nameof(confidences));
        }

        var sorted = confidences.ToArray();
        foreach (var confidence in sorted)
        {
            if (!(confidence is >= 0 and <= 1))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The confidence {confidence} is not a probability in [0, 1]."), nameof(confidences));
            }
        }

        Array.Sort(sorted);
        // Strictly below sorted[k] lie at most k values: the k = ⌊share·n⌋ least confident digits at most.
        var k = (int)Math.Floor(refusedShare * sorted.Length);
        return sorted[Math.Min(k, sorted.Length - 1)];
    }
}
