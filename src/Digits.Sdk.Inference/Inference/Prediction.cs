namespace Digits.Sdk.Inference;

/// <summary>What a <see cref="DigitClassifier"/> made of one image.</summary>
/// <param name="Label">The predicted class, an index into <see cref="Probabilities"/> (for digits, the digit itself).</param>
/// <param name="ClassName">The predicted class's name, as stored in the model (<c>"7"</c> for MNIST).</param>
/// <param name="Probabilities">The probability of every class, in label order; they sum to 1.</param>
public sealed record Prediction(int Label, string ClassName, IReadOnlyList<float> Probabilities)
{
    /// <summary>The probability of the predicted class.</summary>
    public float Confidence => Probabilities[Label];
}
