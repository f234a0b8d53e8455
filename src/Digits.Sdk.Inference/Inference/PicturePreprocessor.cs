namespace Digits.Sdk.Inference;

/// <summary>Turns an encoded picture into the intensities a model takes, the way its <see cref="ImagePreprocessing"/> says.</summary>
internal static class PicturePreprocessor
{
    /// <summary>
    /// Decodes <paramref name="image"/> and prepares it as a <paramref name="height"/>×<paramref name="width"/> field
    /// of intensities in [0, 1].
    /// </summary>
    /// <param name="image">The encoded picture.</param>
    /// <param name="source">How messages name the picture: a quoted path or a description.</param>
    /// <param name="preprocessing">How the model's data set prepared its pictures.</param>
    /// <param name="height">The model's input height.</param>
    /// <param name="width">The model's input width.</param>
    /// <exception cref="InvalidDataException">The stream is not a picture that can be decoded, or is cut short or damaged.</exception>
    public static float[] Prepare(Stream image, string source, ImagePreprocessing preprocessing, int height, int width)
    {
        var (gray, sourceHeight, sourceWidth) = PictureDecoder.Decode(image, source);
        return Prepare(gray, sourceHeight, sourceWidth, preprocessing, height, width);
    }

    /// <summary>Prepares decoded grayscale (row-major, in [0, 1]) as <see cref="Prepare(Stream, string, ImagePreprocessing, int, int)"/> does.</summary>
    public static float[] Prepare(float[] gray, int sourceHeight, int sourceWidth, ImagePreprocessing preprocessing, int height, int width)
        => preprocessing switch
        {
            ImagePreprocessing.Digit => DigitPreprocessor.Preprocess(gray, sourceHeight, sourceWidth, height, width),
            ImagePreprocessing.None => Resize(gray, sourceHeight, sourceWidth, height, width),
            _ => throw new ArgumentOutOfRangeException(nameof(preprocessing), preprocessing, "Unknown preprocessing."),
        };

    /// <summary>
    /// <see cref="ImagePreprocessing.None"/>: the picture as it is, scaled to the model's input size; a picture of that
    /// size is taken pixel for pixel, so it reaches the model exactly as the same image in the data set would.
    /// </summary>
    private static float[] Resize(float[] gray, int sourceHeight, int sourceWidth, int height, int width)
        => sourceHeight == height && sourceWidth == width
            ? gray
            : Resampler.Resample(gray, sourceWidth, 0, 0, sourceHeight, sourceWidth, height, width);
}
