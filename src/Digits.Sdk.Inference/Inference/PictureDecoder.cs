using SkiaSharp;

namespace Digits.Sdk.Inference;

/// <summary>Decodes a picture file (PNG, JPEG, BMP, GIF, WebP) to grayscale intensities, whatever its colour type.</summary>
internal static class PictureDecoder
{
    /// <summary>
    /// The most pixels a picture may have: 64 megapixels, more than any camera's photo. The decoded picture and its
    /// preprocessing cost tens of bytes a pixel, and a header can claim any size in a few bytes.
    /// </summary>
    internal const long MaxPixels = 64L << 20;

    /// <summary>
    /// The most pixels a picture may claim per byte of its file. A real picture, even a blank page, needs far more bytes
    /// than this (deflate, for one, expands at most 1032:1); a file that claims more is damaged or made to exhaust memory,
    /// and is refused before its pixels are allocated.
    /// </summary>
    internal const long MaxPixelsPerByte = 16384;

    /// <summary>Decodes <paramref name="image"/> to row-major grayscale in [0, 1] (0 = black, 1 = white).</summary>
    /// <exception cref="InvalidDataException">The stream is not an image SkiaSharp can decode, or claims more pixels than it can hold.</exception>
    public static (float[] Gray, int Height, int Width) Decode(Stream image, string source)
    {
        // The file is read whole and handed to Skia as native memory: its length then bounds what the header may claim,
        // and Skia skips within it by pointer. Through a managed stream wrapper a BMP whose pixel offset pointed 486 MB
        // ahead made SkiaSharp allocate the skipped bytes (found by fuzzing).
        using var file = new MemoryStream(image.CanSeek ? (int)Math.Clamp(image.Length - image.Position, 0, Array.MaxLength) : 0);
        image.CopyTo(file);
        using var data = SKData.CreateCopy(file.GetBuffer().AsSpan(0, (int)file.Length));
        using var stream = new SKMemoryStream(data);
        // SkiaSharp answers "Unimplemented" for a format it has no codec for: to a user, not a picture format we read.
        using var codec = SKCodec.Create(stream, out var result)
            ?? throw new InvalidDataException(result == SKCodecResult.Unimplemented
                ? $"'{source}' is not a picture format Digits.Sdk reads (PNG, JPEG, BMP, GIF, WebP)."
                : $"'{source}' is not a picture that can be decoded (PNG, JPEG, BMP, GIF, WebP): it is damaged or cut short.");
        var pixels = (long)codec.Info.Width * codec.Info.Height;
        // WBMP has one encoding, a bit per pixel, so its bound is exact (found by fuzzing: 22 KB claiming 23 megapixels).
        var perByte = codec.EncodedFormat == SKEncodedImageFormat.Wbmp ? 8 : MaxPixelsPerByte;
        var limit = Math.Min(MaxPixels, data.Size * perByte);
        if (pixels > limit)
        {
            throw new InvalidDataException(
                $"'{source}' claims to be {codec.Info.Width}×{codec.Info.Height} pixels, more than "
                + (pixels > MaxPixels ? $"the {MaxPixels:N0} this decoder accepts" : $"its {data.Size:N0} bytes can hold ({perByte:N0} pixels a byte at most)")
                + ": the file is damaged or not a picture.");
        }

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
