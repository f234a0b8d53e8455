using System.Runtime.InteropServices;
using SkiaSharp;

namespace Digits.Sdk.Robustness;

/// <summary>
/// Draws a data set's sample as the picture a user would have of it, for the picture path of a robustness run
/// (<see cref="CorruptedInput.Pictures"/>): dark ink on light paper, <see cref="Scale"/> times as large, as PNG.
/// </summary>
/// <remarks>
/// The sample is inverted (MNIST's ink is bright on black) and scaled up with bilinear filtering (Skia's linear
/// sampling), so strokes have the soft edges of a scan or a photo rather than 4-pixel blocks; PNG is lossless, so
/// <c>PredictImage</c> decodes exactly the drawn picture and the figures measure the picture pipeline, not a codec.
/// A 28×28 MNIST digit becomes a 112×112 picture, as in the issue that asked for this path.
/// </remarks>
internal static class DigitPictures
{
    /// <summary>How many times larger than the sample the picture is: 4, so 28×28 becomes 112×112.</summary>
    public const int Scale = 4;

    /// <summary>The PNG of one sample (ink bright, row-major, <paramref name="height"/>×<paramref name="width"/>) as a dark-on-light picture.</summary>
    public static byte[] Png(ReadOnlySpan<byte> sample, int height, int width)
    {
        var inverted = new byte[sample.Length];
        for (var i = 0; i < inverted.Length; i++)
        {
            inverted[i] = (byte)(255 - sample[i]);
        }

        using var small = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        Marshal.Copy(inverted, 0, small.GetPixels(), inverted.Length);
        using var large = new SKBitmap(new SKImageInfo(width * Scale, height * Scale, SKColorType.Gray8, SKAlphaType.Opaque));
        if (!small.ScalePixels(large, new SKSamplingOptions(SKFilterMode.Linear)))
        {
            throw new InvalidOperationException("Skia could not scale a sample into a picture.");
        }

        using var image = SKImage.FromBitmap(large);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
