namespace Digits.Sdk.Robustness;

/// <summary>How a robustness run hands the corrupted digits to the model.</summary>
public enum CorruptedInput
{
    /// <summary>
    /// Each corrupted 28×28 sample straight into the model, as the data set's images are evaluated: what the network
    /// itself withstands.
    /// </summary>
    Samples,

    /// <summary>
    /// Each corrupted digit drawn as a dark-on-light picture (inverted, scaled up to 112×112) and read with
    /// <c>DigitClassifier.PredictImage</c>, so the picture pipeline (paper, ink, blank rule, crop, centring) runs as it
    /// does for a user's picture; "no digit found" counts as wrong and is counted apart.
    /// </summary>
    Pictures,
}
