using SkiaSharp;

namespace Digits.Sdk.Inference;

/// <summary>Decodes a picture file (PNG, JPEG, BMP, GIF, WebP) to grayscale intensities, whatever its colour type.</summary>
internal static class PictureDecoder
{
    /// <summary>Decodes <paramref name="image"/> to row-major grayscale in [0, 1] (0 = black, 1 = white).</summary>
    /// <exception cref="InvalidDataException">The stream is not an image SkiaSharp can decode.</exception>
    public static (float[] Gray, int Height, int Width) Decode(Stream image, string source)
    {
        // SkiaSharp answers "Unimplemented" for a format it has no codec for: to a user, not a picture format we read.
        using var codec = SKCodec.Create(image, out var result)
            ?? throw new InvalidDataException(result == SKCodecResult.Unimplemented
                ? $"'{source}' is not a picture format Digits.Sdk reads (PNG, JPEG, BMP, GIF, WebP)."
                : $"'{source}' is not a picture that can be decoded (PNG, JPEG, BMP, GIF, WebP): it is damaged or cut short.");
        var info = codec.Info.WithColorType(SKColorType.Rgba8888).WithAlphaType(SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var decoded = codec.GetPixels(info, bitmap.GetPixels());
        if (decoded is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            throw new InvalidDataException($"'{source}' could not be decoded: {decoded}.");
        }

        return (Grayscale(bitmap), info.Height, info.Width);
    }

    private static float[] Grayscale(SKBitmap bitmap)
    {
        var pixels = bitmap.GetPixelSpan();
        var gray = new float[bitmap.Width * bitmap.Height];
        for (var i = 0; i < gray.Length; i++)
        {
            var (r, g, b, a) = (pixels[i * 4], pixels[(i * 4) + 1], pixels[(i * 4) + 2], pixels[(i * 4) + 3]);
            // ITU-R BT.601 luma, composited over white so that transparent areas read as paper.
            var luma = ((0.299f * r) + (0.587f * g) + (0.114f * b)) / 255f;
            var alpha = a / 255f;
            gray[i] = (alpha * luma) + (1 - alpha);
        }

        return gray;
    }
}
