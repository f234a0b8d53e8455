using Digits.Sdk.Inference;

namespace Digits.Sdk.Serving.Requests;

/// <summary>
/// The served model's input as requests meet it: its shape (from the model's metadata, never re-typed), how a
/// prepared picture becomes one sample, and how a sample is shown back to the client.
/// </summary>
internal sealed class ModelInput
{
    public ModelInput(DigitClassifier classifier)
    {
        Shape = classifier.Metadata.InputShape;
        PixelCount = classifier.PixelCount;
        Height = classifier.ImageHeight;
        Width = classifier.ImageWidth;
        Channels = Shape.Count == 3 ? Shape[0] : 1;
        Preprocessing = classifier.Metadata.Preprocessing;
    }

    /// <summary>One sample's shape without the batch dimension, e.g. <c>[1, 28, 28]</c>.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>Values in one sample.</summary>
    public int PixelCount { get; }

    public int Height { get; }

    public int Width { get; }

    public int Channels { get; }

    /// <summary>How pictures are prepared for this model.</summary>
    public ImagePreprocessing Preprocessing { get; }

    /// <summary>Whether the model takes pictures (channels × height × width), so uploads can be prepared for it.</summary>
    public bool TakesPictures => Channels * Height * Width == PixelCount;

    /// <summary>The shape as messages and documents write it: <c>[1, 28, 28]</c>.</summary>
    public string Describe() => Describe(Shape.Select(d => (long)d));

    /// <summary>Any shape as messages write it.</summary>
    public static string Describe(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";

    /// <summary>A prepared grayscale field (height × width) as one sample: a colour model sees it in every channel.</summary>
    public float[] FromPicture(float[] field)
    {
        if (field.Length * Channels == PixelCount && Channels == 1)
        {
            return field;
        }

        var pixels = new float[PixelCount];
        for (var c = 0; c < Channels; c++)
        {
            field.CopyTo(pixels, c * field.Length);
        }

        return pixels;
    }

    /// <summary>The first channel of a sample as rows, the way the page draws the input the model saw.</summary>
    public float[][] ToRows(float[] sample)
    {
        if (!TakesPictures)
        {
            return [sample];
        }

        var rows = new float[Height][];
        for (var y = 0; y < Height; y++)
        {
            rows[y] = sample.AsSpan(y * Width, Width).ToArray();
        }

        return rows;
    }
}
