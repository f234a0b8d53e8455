using SkiaSharp;

namespace Digits.Sdk.Inference;

/// <summary>
/// Turns a photo or scan of one digit into what MNIST digits look like: light ink on a dark background,
/// cropped to the ink, scaled so that its longer side is 20 of 28 pixels (aspect kept, anti-aliased), and
/// placed so that its centre of mass is the centre of the field — the preprocessing LeCun et al. applied to NIST.
/// </summary>
internal static class MnistImagePreprocessor
{
    /// <summary>Ink weaker than this (after background removal) is treated as noise.</summary>
    private const float NoiseLevel = 0.1f;

    /// <summary>Decodes a PNG, JPEG (or any format SkiaSharp reads) and preprocesses it.</summary>
    /// <exception cref="InvalidDataException">The stream is not an image SkiaSharp can decode.</exception>
    public static float[] Preprocess(Stream image, string source, int height, int width)
    {
        using var codec = SKCodec.Create(image, out var result)
            ?? throw new InvalidDataException($"'{source}' is not an image that can be decoded (PNG, JPEG, BMP, GIF, WebP): {result}.");
        var info = codec.Info.WithColorType(SKColorType.Rgba8888).WithAlphaType(SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var decoded = codec.GetPixels(info, bitmap.GetPixels());
        if (decoded is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            throw new InvalidDataException($"'{source}' could not be decoded: {decoded}.");
        }

        return Preprocess(Grayscale(bitmap), info.Height, info.Width, height, width);
    }

    /// <summary>
    /// Preprocesses a grayscale image (row-major, values in [0, 1], either polarity) into a
    /// <paramref name="height"/>×<paramref name="width"/> field of ink intensities in [0, 1].
    /// </summary>
    public static float[] Preprocess(float[] gray, int sourceHeight, int sourceWidth, int height, int width)
    {
        var ink = ToInk(gray, sourceHeight, sourceWidth);
        var field = new float[height * width];
        if (!TryFindInk(ink, sourceHeight, sourceWidth, out var top, out var left, out var bottom, out var right))
        {
            return field;
        }

        // MNIST fits digits in a 20×20 box of the 28×28 field.
        var box = Math.Max(1.0, Math.Min(height, width) * 20.0 / 28.0);
        var (inkHeight, inkWidth) = (bottom - top, right - left);
        var scale = box / Math.Max(inkHeight, inkWidth);
        var targetHeight = Math.Clamp((int)Math.Round(inkHeight * scale), 1, height);
        var targetWidth = Math.Clamp((int)Math.Round(inkWidth * scale), 1, width);
        var scaled = Resample(ink, sourceWidth, top, left, inkHeight, inkWidth, targetHeight, targetWidth);

        // Centre of mass in pixel-index coordinates moved to index 14 of 28 (MNIST puts it there, not at 13.5),
        // kept inside the field.
        double mass = 0, rows = 0, columns = 0;
        for (var y = 0; y < targetHeight; y++)
        {
            for (var x = 0; x < targetWidth; x++)
            {
                var value = scaled[(y * targetWidth) + x];
                mass += value;
                rows += value * y;
                columns += value * x;
            }
        }

        var offsetY = mass > 0 ? (int)Math.Round((height / 2.0) - (rows / mass)) : (height - targetHeight) / 2;
        var offsetX = mass > 0 ? (int)Math.Round((width / 2.0) - (columns / mass)) : (width - targetWidth) / 2;
        offsetY = Math.Clamp(offsetY, 0, height - targetHeight);
        offsetX = Math.Clamp(offsetX, 0, width - targetWidth);
        for (var y = 0; y < targetHeight; y++)
        {
            scaled.AsSpan(y * targetWidth, targetWidth).CopyTo(field.AsSpan(((y + offsetY) * width) + offsetX));
        }

        return field;
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

    private static float[] ToInk(float[] gray, int height, int width)
    {
        // The background is what the border mostly shows; MNIST wants it dark, so light paper is inverted.
        var border = new List<float>((2 * height) + (2 * width));
        for (var x = 0; x < width; x++)
        {
            border.Add(gray[x]);
            border.Add(gray[((height - 1) * width) + x]);
        }

        for (var y = 0; y < height; y++)
        {
            border.Add(gray[y * width]);
            border.Add(gray[(y * width) + width - 1]);
        }

        border.Sort();
        var background = border[border.Count / 2];
        var invert = background > 0.5f;
        if (invert)
        {
            background = 1 - background;
        }

        var ink = new float[gray.Length];
        var strongest = 0f;
        for (var i = 0; i < gray.Length; i++)
        {
            ink[i] = (invert ? 1 - gray[i] : gray[i]) - background;
            strongest = Math.Max(strongest, ink[i]);
        }

        // Stretch so that the strongest stroke is full ink, as in MNIST; a blank image stays blank.
        var gain = strongest > NoiseLevel ? 1 / strongest : 0;
        for (var i = 0; i < ink.Length; i++)
        {
            var value = ink[i] * gain;
            ink[i] = value < NoiseLevel ? 0 : Math.Min(value, 1);
        }

        return ink;
    }

    private static bool TryFindInk(float[] ink, int height, int width, out int top, out int left, out int bottom, out int right)
    {
        (top, left, bottom, right) = (height, width, 0, 0);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (ink[(y * width) + x] > 0)
                {
                    top = Math.Min(top, y);
                    bottom = Math.Max(bottom, y + 1);
                    left = Math.Min(left, x);
                    right = Math.Max(right, x + 1);
                }
            }
        }

        return bottom > top;
    }

    /// <summary>
    /// Separable resampling of a window of <paramref name="source"/> with a triangle filter whose support
    /// widens with the reduction, so that shrinking averages every source pixel (anti-aliasing) and enlarging
    /// interpolates bilinearly.
    /// </summary>
    private static float[] Resample(float[] source, int sourceWidth, int top, int left, int height, int width, int targetHeight, int targetWidth)
    {
        var rowWeights = Weights(height, targetHeight);
        var columnWeights = Weights(width, targetWidth);
        var horizontal = new float[height * targetWidth];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < targetWidth; x++)
            {
                var (first, taps) = columnWeights[x];
                var sum = 0f;
                for (var k = 0; k < taps.Length; k++)
                {
                    sum += taps[k] * source[((top + y) * sourceWidth) + left + first + k];
                }

                horizontal[(y * targetWidth) + x] = sum;
            }
        }

        var result = new float[targetHeight * targetWidth];
        for (var y = 0; y < targetHeight; y++)
        {
            var (first, taps) = rowWeights[y];
            for (var x = 0; x < targetWidth; x++)
            {
                var sum = 0f;
                for (var k = 0; k < taps.Length; k++)
                {
                    sum += taps[k] * horizontal[((first + k) * targetWidth) + x];
                }

                result[(y * targetWidth) + x] = Math.Clamp(sum, 0, 1);
            }
        }

        return result;
    }

    private static (int First, float[] Taps)[] Weights(int sourceSize, int targetSize)
    {
        var scale = (double)targetSize / sourceSize;
        var support = Math.Max(1.0, 1.0 / scale);
        var weights = new (int, float[])[targetSize];
        for (var i = 0; i < targetSize; i++)
        {
            var centre = (i + 0.5) / scale;
            var first = Math.Max(0, (int)Math.Floor(centre - support));
            var last = Math.Min(sourceSize - 1, (int)Math.Ceiling(centre + support));
            var taps = new float[last - first + 1];
            double total = 0;
            for (var k = 0; k < taps.Length; k++)
            {
                var weight = Math.Max(0, 1 - (Math.Abs(first + k + 0.5 - centre) / support));
                taps[k] = (float)weight;
                total += weight;
            }

            for (var k = 0; k < taps.Length; k++)
            {
                taps[k] = total > 0 ? (float)(taps[k] / total) : 1f / taps.Length;
            }

            weights[i] = (first, taps);
        }

        return weights;
    }
}
