using Digits.Sdk.Training;

namespace Digits.Sdk.Samples;

/// <summary>The recipe of the pretrained model's members: TopCnn's own, with strokes made thicker or thinner at random.</summary>
internal static class PretrainedRecipe
{
    /// <summary>
    /// How far strokes are blended towards their dilation or erosion: people's pens are broader and finer than
    /// MNIST's, and the digit preprocessing rescales a picture's size but not its stroke width.
    /// </summary>
    public const double StrokeAugmentation = 0.5;

    public static TrainingRecipe For(TrainingRecipe topCnn) => topCnn with { AugmentStroke = StrokeAugmentation };
}
