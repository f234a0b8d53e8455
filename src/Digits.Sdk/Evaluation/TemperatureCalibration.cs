namespace Digits.Sdk.Evaluation;

/// <summary>
/// The temperature a network's logits are divided by before the softmax, so that its confidences are probabilities
/// (temperature scaling, Guo et al. 2017), and what fitting it did on the set it was fitted on.
/// </summary>
/// <param name="Temperature">The temperature T: probabilities are softmax(logits / T). Above 1 softens over-confident answers, below 1 sharpens timid ones.</param>
/// <param name="SampleCount">The number of labelled samples it was fitted on (the validation split).</param>
/// <param name="NegativeLogLikelihoodBefore">The mean negative log-likelihood on those samples at T = 1.</param>
/// <param name="NegativeLogLikelihoodAfter">The same at the fitted temperature: never higher, since T = 1 was a candidate.</param>
/// <param name="ExpectedCalibrationErrorBefore">The expected calibration error (15 bins) on those samples at T = 1.</param>
/// <param name="ExpectedCalibrationErrorAfter">The same at the fitted temperature.</param>
public sealed record TemperatureCalibration(
    double Temperature,
    int SampleCount,
    double NegativeLogLikelihoodBefore,
    double NegativeLogLikelihoodAfter,
    double ExpectedCalibrationErrorBefore,
    double ExpectedCalibrationErrorAfter)
{
    /// <summary>No calibration: a temperature of 1, the network's own softmax.</summary>
    public const double Identity = 1;
}
