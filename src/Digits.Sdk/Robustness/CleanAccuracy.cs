namespace Digits.Sdk.Robustness;

/// <summary>How a model did on the clean test images of a robustness run, read the same way as the corrupted ones.</summary>
/// <param name="SampleCount">The test images evaluated.</param>
/// <param name="Correct">How many were read as their label.</param>
/// <param name="Blank">How many pictures were answered "no digit found" (counted wrong); 0 for <see cref="CorruptedInput.Samples"/>.</param>
public sealed record CleanAccuracy(int SampleCount, int Correct, int Blank)
{
    /// <summary>The share read correctly, in [0, 1].</summary>
    public double Accuracy => (double)Correct / SampleCount;

    /// <summary>The share read wrongly or not at all: 1 − <see cref="Accuracy"/>.</summary>
    public double Error => 1 - Accuracy;
}
