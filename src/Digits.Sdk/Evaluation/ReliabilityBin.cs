namespace Digits.Sdk.Evaluation;

/// <summary>
/// One confidence bin of a reliability diagram: the samples whose confidence (the probability given to the predicted
/// class) lies in (<see cref="Lower"/>, <see cref="Upper"/>], how sure the model was on them and how often it was right.
/// </summary>
/// <param name="Lower">The bin's lower edge, excluded (the first bin also holds a confidence of exactly 0).</param>
/// <param name="Upper">The bin's upper edge, included.</param>
/// <param name="Count">The number of samples in the bin.</param>
/// <param name="MeanConfidence">The mean confidence of those samples; 0 for an empty bin.</param>
/// <param name="Accuracy">The share of those samples predicted correctly; 0 for an empty bin.</param>
public sealed record ReliabilityBin(double Lower, double Upper, int Count, double MeanConfidence, double Accuracy)
{
    /// <summary>How far the bin is from perfect calibration: |accuracy − mean confidence| (0 for an empty bin).</summary>
    public double Gap => Math.Abs(Accuracy - MeanConfidence);
}
