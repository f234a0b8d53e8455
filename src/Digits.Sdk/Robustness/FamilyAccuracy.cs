namespace Digits.Sdk.Robustness;

/// <summary>How a model did on the test set under one corruption family.</summary>
/// <param name="Corruption">The family.</param>
/// <param name="SampleCount">The corrupted images evaluated.</param>
/// <param name="Correct">How many were read as their label.</param>
/// <param name="Blank">How many pictures were answered "no digit found" (counted wrong); 0 for <see cref="CorruptedInput.Samples"/>.</param>
/// <param name="Unseen">Whether the caller said the family was held out of the model's training.</param>
public sealed record FamilyAccuracy(Corruption Corruption, int SampleCount, int Correct, int Blank, bool Unseen)
{
    /// <summary>The family's name, such as <c>shot_noise</c> (<see cref="Corruptions.Name"/>).</summary>
    public string Name => Corruptions.Name(Corruption);

    /// <summary>The share read correctly, in [0, 1].</summary>
    public double Accuracy => (double)Correct / SampleCount;

    /// <summary>The share read wrongly or not at all: 1 − <see cref="Accuracy"/>.</summary>
    public double Error => 1 - Accuracy;
}
