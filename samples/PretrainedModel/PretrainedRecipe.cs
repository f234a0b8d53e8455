using Digits.Sdk.Models;
using Digits.Sdk.Robustness;
using Digits.Sdk.Training;

namespace Digits.Sdk.Samples;

/// <summary>
/// The pretrained model's recipe: TopCnn's (AdamW, one-cycle, label smoothing, shifts, rotations and scaling), with
/// strokes made thicker or thinner and half the training images corrupted by one of twelve MNIST-C families.
/// </summary>
internal static class PretrainedRecipe
{
    /// <summary>
    /// How far strokes are blended towards their dilation or erosion: people's pens are broader and finer than
    /// MNIST's, and the digit preprocessing rescales a picture's size but not its stroke width.
    /// </summary>
    public const double StrokeAugmentation = 0.5;

    /// <summary>
    /// Training images held out (stratified, seeded) to fit the temperature that makes the confidences probabilities:
    /// 5,000, the usual MNIST validation split, as the test images must stay unseen by every fit.
    /// </summary>
    public const int ValidationImages = 5_000;

    /// <summary>The share of training images corrupted: half, so clean digits stay half of what the network sees.</summary>
    public const double CorruptionAugmentation = 0.5;

    /// <summary>
    /// The families never used in training, so the suite measures generalisation: each has a trained relative (impulse
    /// noise, glass blur, zigzag), as a new kind of noise, blur or line in a user's picture would.
    /// </summary>
    public static IReadOnlyList<Corruption> Unseen { get; } = [Corruption.ShotNoise, Corruption.MotionBlur, Corruption.DottedLine];

    /// <summary>The recipe.</summary>
    public static TrainingRecipe Robust { get; } = TopCnn.Recipe with
    {
        AugmentStroke = StrokeAugmentation,
        AugmentCorruptions = CorruptionAugmentation,
        AugmentCorruptionFamilies = [.. Corruptions.All.Except(Unseen)],
    };
}
