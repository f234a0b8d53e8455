namespace Digits.Sdk.Inference;

/// <summary>What a <see cref="DigitClassifier"/> found in an image.</summary>
public enum PredictionVerdict
{
    /// <summary>A digit (a class of the model): <see cref="Prediction.Label"/> says which.</summary>
    Digit,

    /// <summary>No mark to read: the image is blank, or its ink too faint to tell from its background. The model was not asked.</summary>
    NoDigitFound,

    /// <summary>
    /// A mark the model does not take for any of its classes (a letter, a symbol, a garment, a scribble): its confidence
    /// is below the classifier's <see cref="DigitClassifier.NotADigitBelow"/>. <see cref="Prediction.Label"/> and the
    /// probabilities still hold the model's best guess, for callers who want it.
    /// </summary>
    NotADigit,
}

/// <summary>
/// The words a verdict is written in wherever a prediction leaves the process (the CLI's JSON, the HTTP service, the
/// page): <c>digit</c>, <c>no_digit_found</c>, <c>not_a_digit</c>.
/// </summary>
public static class PredictionVerdictNames
{
    /// <summary>The word for <see cref="PredictionVerdict.Digit"/>.</summary>
    public const string Digit = "digit";

    /// <summary>The word for <see cref="PredictionVerdict.NoDigitFound"/>.</summary>
    public const string NoDigitFound = "no_digit_found";

    /// <summary>The word for <see cref="PredictionVerdict.NotADigit"/>.</summary>
    public const string NotADigit = "not_a_digit";

    /// <summary>The word for <paramref name="verdict"/>.</summary>
    /// <param name="verdict">A verdict.</param>
    /// <returns>Its word.</returns>
    public static string Of(PredictionVerdict verdict) => verdict switch
    {
        PredictionVerdict.Digit => Digit,
        PredictionVerdict.NoDigitFound => NoDigitFound,
        PredictionVerdict.NotADigit => NotADigit,
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "Unknown verdict."),
    };
}
