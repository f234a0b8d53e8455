using Digits.Sdk.Robustness;

namespace Digits.Sdk.Training;

/// <summary>What <see cref="TrainingBuilder{TNetwork}.AugmentCorruptions"/> asked for: the share of training images to corrupt and the families to draw from.</summary>
/// <param name="Probability">The chance, in (0, 1], that a training image is corrupted.</param>
/// <param name="Families">The families to draw from, uniformly.</param>
internal sealed record CorruptionAugmentation(double Probability, IReadOnlyList<Corruption> Families);
