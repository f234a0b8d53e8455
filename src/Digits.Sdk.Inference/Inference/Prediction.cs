namespace Digits.Sdk.Inference;

/// <summary>
/// What a <see cref="DigitClassifier"/> made of one image: its class and every class's probability, or, for an image
/// with no ink to read, <see cref="Blank"/> (<see cref="IsBlank"/>) instead of a guess; <see cref="Verdict"/> says which,
/// and whether the mark read is not a digit at all.
/// </summary>
/// <param name="Label">
/// The predicted class, an index into <see cref="Probabilities"/> (for digits, the digit itself); <see cref="NoLabel"/>
/// for a blank image.
/// </param>
/// <param name="ClassName">The predicted class's name, as stored in the model (<c>"7"</c> for MNIST); empty for a blank image.</param>
/// <param name="Probabilities">The probability of every class, in label order, summing to 1; empty for a blank image.</param>
public sealed record Prediction(int Label, string ClassName, IReadOnlyList<float> Probabilities)
{
    /// <summary>The <see cref="Label"/> of a blank image: no class.</summary>
    public const int NoLabel = -1;

    /// <summary>
    /// The answer for an image with no ink to read: blank, or whose ink is too faint to tell from its background (less
    /// than a tenth of the range from background to full ink), so that no digit is found. The model is not asked.
    /// </summary>
    public static Prediction Blank { get; } = new(NoLabel, string.Empty, []) { Verdict = PredictionVerdict.NoDigitFound };

    /// <summary>
    /// A digit, no digit found, or not a digit. A blank image is <see cref="PredictionVerdict.NoDigitFound"/>; an image
    /// read with a confidence below the classifier's <see cref="DigitClassifier.NotADigitBelow"/> is
    /// <see cref="PredictionVerdict.NotADigit"/>, its label and probabilities kept as the model's best guess.
    /// </summary>
    public PredictionVerdict Verdict { get; init; } = PredictionVerdict.Digit;

    /// <summary>Whether the image holds a mark the model does not take for one of its classes (see <see cref="PredictionVerdict.NotADigit"/>).</summary>
    public bool IsNotADigit => Verdict == PredictionVerdict.NotADigit;

    /// <summary>Whether no digit was found: the image was blank or too faint (see <see cref="Blank"/>).</summary>
    public bool IsBlank => Label == NoLabel;

    /// <summary>
    /// The probability of the predicted class (calibrated, when the model was exported with a temperature); 0 for a blank
    /// image. It is the score <see cref="DigitClassifier.NotADigitBelow"/> is compared with.
    /// </summary>
    public float Confidence => IsBlank ? 0 : Probabilities[Label];
}
