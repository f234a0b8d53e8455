namespace Digits.Sdk.Inference;

/// <summary>
/// How a picture is prepared before it reaches a model, chosen from the data set the model was trained on and
/// recorded in the model (so <see cref="DigitClassifier.PredictImage(string)"/> prepares pictures as training saw them).
/// </summary>
public enum ImagePreprocessing
{
    /// <summary>
    /// Resize only: the picture is turned to grayscale and scaled to the model's input size, as it is. For data sets
    /// whose pictures are already in their final form (Fashion-MNIST, KMNIST, a user's own IDX data).
    /// </summary>
    None,

    /// <summary>
    /// MNIST's preparation of handwritten digits: a light background is inverted to dark, the ink is cropped, scaled
    /// so that its longer side is 20 of 28 pixels and centred by mass, as LeCun et al. prepared NIST's digits.
    /// </summary>
    Digit,
}
