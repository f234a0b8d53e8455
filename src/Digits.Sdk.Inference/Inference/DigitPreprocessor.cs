namespace Digits.Sdk.Inference;

/// <summary>
/// <see cref="ImagePreprocessing.Digit"/>: turns a photo or scan of one digit into what MNIST digits look like: light
/// ink on a dark background, cropped to the ink, scaled so that its longer side is 20 of 28 pixels (aspect kept,
/// anti-aliased), and placed so that its centre of mass is the centre of the field — the preprocessing LeCun et al.
/// applied to NIST.
/// </summary>
internal static class DigitPreprocessor
{
    /// <summary>Ink weaker than this, once the strongest stroke is stretched to 1, is noise unless it touches a stroke.</summary>
    private const float NoiseLevel = 0.1f;

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
        var scaled = Resampler.Resample(ink, sourceWidth, top, left, inkHeight, inkWidth, targetHeight, targetWidth);

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

    private static float[] ToInk(float[] gray, int height, int width)
    {
        // The border mostly shows paper; MNIST wants it dark, so light paper is inverted.
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
        var invert = border[border.Count / 2] > 0.5f;
        var ink = new float[gray.Length];
        for (var i = 0; i < gray.Length; i++)
        {
            ink[i] = invert ? 1 - gray[i] : gray[i];
        }

        // Paper is rarely lit evenly: subtracting one level would leave a dark corner standing as ink.
        PaperBackground.Subtract(ink, height, width);
        var strongest = 0f;
        foreach (var value in ink)
        {
            strongest = Math.Max(strongest, value);
        }

        // Stretch so that the strongest stroke is full ink, as in MNIST. A picture without ink that stands out from its
        // paper (blank, too faint, or only the paper's noise) stays empty, which DigitClassifier reports as blank.
        var gain = InkContrast.StandsOut(strongest, BorderNoise(ink, height, width)) ? 1 / strongest : 0;
        for (var i = 0; i < ink.Length; i++)
        {
            ink[i] = Math.Clamp(ink[i] * gain, 0, 1);
        }

        // Faint values are noise unless they touch a stroke: the anti-aliased edge of a stroke is part of the digit
        // (dropping it would shrink an MNIST digit's box below 20 pixels and blur it when scaled back up).
        var kept = new float[ink.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var value = ink[(y * width) + x];
                kept[(y * width) + x] = value >= NoiseLevel || (value > 0 && TouchesStroke(ink, height, width, y, x)) ? value : 0;
            }
        }

        return kept;
    }

    /// <summary>
    /// The paper's noise once the background is removed: the median absolute residual along the border (which mostly
    /// shows paper), as a standard deviation.
    /// </summary>
    private static float BorderNoise(float[] ink, int height, int width)
    {
        var border = new List<float>((2 * height) + (2 * width));
        for (var x = 0; x < width; x++)
        {
            border.Add(Math.Abs(ink[x]));
            border.Add(Math.Abs(ink[((height - 1) * width) + x]));
        }

        for (var y = 0; y < height; y++)
        {
            border.Add(Math.Abs(ink[y * width]));
            border.Add(Math.Abs(ink[(y * width) + width - 1]));
        }

        border.Sort();
        return 1.4826f * border[border.Count / 2];
    }

    private static bool TouchesStroke(float[] ink, int height, int width, int y, int x)
    {
        for (var dy = -1; dy <= 1; dy++)
        {
            for (var dx = -1; dx <= 1; dx++)
            {
                var (ny, nx) = (y + dy, x + dx);
                if ((uint)ny < (uint)height && (uint)nx < (uint)width && ink[(ny * width) + nx] >= NoiseLevel)
                {
                    return true;
                }
            }
        }

        return false;
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
}
