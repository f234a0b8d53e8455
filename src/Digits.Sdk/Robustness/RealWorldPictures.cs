using SkiaSharp;

namespace Digits.Sdk.Robustness;

/// <summary>
/// MNIST digits laid out as people's pictures are, not as MNIST's: cropped to the ink so the strokes touch every
/// edge, or scanned coarsely. Each is a dark-on-light grayscale picture (row-major bytes) and its size, to encode
/// and read with <c>DigitClassifier.PredictImage</c>: the sets the pretrained model's card and the picture tests
/// measure reading on.
/// </summary>
/// <example>
/// <code>
/// var (pixels, height, width) = RealWorldPictures.TightCrop(mnistDigit); // 784 bytes, ink bright on black
/// </code>
/// </example>
public static class RealWorldPictures
{
    /// <summary>The longer side of a tight crop, in pixels: four times MNIST's 28, as a phone's crop of a form's box.</summary>
    public const int CropSide = 112;

    /// <summary>
    /// The digit cropped to its ink (every pixel above 0), dark on light, scaled so that its longer side is
    /// <see cref="CropSide"/> with its proportions kept: the strokes touch all four edges.
    /// </summary>
    /// <param name="mnist">A 28×28 MNIST digit, 784 row-major bytes, ink bright on black.</param>
    /// <returns>The picture's pixels, dark ink on white, and its size.</returns>
    /// <exception cref="ArgumentException">The digit is not 784 bytes, or has no ink to crop to.</exception>
    public static (byte[] Pixels, int Height, int Width) TightCrop(byte[] mnist)
        => TightCropOf(mnist);

    /// <summary>
    /// The digit as the robustness suite's picture path draws it (<see cref="CorruptedInput.Pictures"/>): four times as
    /// large, dark ink on white, with soft edges, encoded as PNG. The easy case: MNIST's own margins are kept.
    /// </summary>
    /// <param name="mnist">A 28×28 MNIST digit, 784 row-major bytes, ink bright on black.</param>
    /// <returns>The PNG bytes of a 112×112 picture.</returns>
    /// <exception cref="ArgumentException">The digit is not 784 bytes.</exception>
    public static byte[] Drawn(byte[] mnist)
    {
        ArgumentNullException.ThrowIfNull(mnist);
        if (mnist.Length != 28 * 28)
        {
            throw new ArgumentException($"A drawn picture is made from a 28×28 MNIST digit of 784 bytes, not {mnist.Length} bytes.", nameof(mnist));
        }

        return DigitPictures.Png(mnist, 28, 28);
    }

    private static (byte[] Pixels, int Height, int Width) TightCropOf(byte[] mnist)
    {
        ArgumentNullException.ThrowIfNull(mnist);
        if (mnist.Length != 28 * 28)
        {
            throw new ArgumentException($"A tight crop is made from a 28×28 MNIST digit of 784 bytes, not {mnist.Length} bytes.", nameof(mnist));
        }

        var (top, left, bottom, right) = InkBox(mnist);
        if (bottom <= top)
        {
            throw new ArgumentException("The digit has no ink (every pixel is 0), so there is nothing to crop to.", nameof(mnist));
        }

        var (inkHeight, inkWidth) = (bottom - top, right - left);
        var crop = new byte[inkHeight * inkWidth];
        for (var y = 0; y < inkHeight; y++)
        {
            for (var x = 0; x < inkWidth; x++)
            {
                crop[(y * inkWidth) + x] = (byte)(255 - mnist[((top + y) * 28) + left + x]);
            }
        }

        var scale = (double)CropSide / Math.Max(inkHeight, inkWidth);
        var (height, width) = (Math.Max(1, (int)Math.Round(inkHeight * scale)), Math.Max(1, (int)Math.Round(inkWidth * scale)));
        return (Resize(crop, inkHeight, inkWidth, height, width), height, width);
    }

    /// <summary>
    /// A tight crop scanned coarsely: averaged over cells of 8×8 pixels, quantised to 17 grey levels, and smoothed
    /// back up to the crop's size, as a cheap scanner or a heavily compressed photo gives it.
    /// </summary>
    /// <param name="mnist">A 28×28 MNIST digit, 784 row-major bytes, ink bright on black.</param>
    /// <returns>The picture's pixels, dark ink on white, and its size.</returns>
    /// <exception cref="ArgumentException">The digit is not 784 bytes, or has no ink to crop to.</exception>
    public static (byte[] Pixels, int Height, int Width) CoarseScan(byte[] mnist)
    {
        const int Cell = 8;
        const int Levels = 17;
        var (crop, height, width) = TightCrop(mnist);
        var (rows, columns) = ((height + Cell - 1) / Cell, (width + Cell - 1) / Cell);
        var coarse = new byte[rows * columns];
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                var (sum, count) = (0.0, 0);
                for (var y = row * Cell; y < Math.Min(height, (row + 1) * Cell); y++)
                {
                    for (var x = column * Cell; x < Math.Min(width, (column + 1) * Cell); x++)
                    {
                        sum += crop[(y * width) + x];
                        count++;
                    }
                }

                var level = Math.Round(sum / count / 255 * (Levels - 1));
                coarse[(row * columns) + column] = (byte)Math.Round(level * 255 / (Levels - 1));
            }
        }

        return (Resize(coarse, rows, columns, height, width), height, width);
    }

    /// <summary>The ink's bounding box: first row and column with ink, and one past the last.</summary>
    private static (int Top, int Left, int Bottom, int Right) InkBox(byte[] mnist)
    {
        var (top, left, bottom, right) = (28, 28, 0, 0);
        for (var y = 0; y < 28; y++)
        {
            for (var x = 0; x < 28; x++)
            {
                if (mnist[(y * 28) + x] > 0)
                {
                    (top, left) = (Math.Min(top, y), Math.Min(left, x));
                    (bottom, right) = (Math.Max(bottom, y + 1), Math.Max(right, x + 1));
                }
            }
        }

        return (top, left, bottom, right);
    }

    private static byte[] Resize(byte[] pixels, int height, int width, int targetHeight, int targetWidth)
    {
        using var source = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, source.GetPixels(), pixels.Length);
        using var target = source.Resize(new SKImageInfo(targetWidth, targetHeight, SKColorType.Gray8, SKAlphaType.Opaque), new SKSamplingOptions(SKFilterMode.Linear));
        var resized = new byte[targetHeight * targetWidth];
        for (var y = 0; y < targetHeight; y++)
        {
            // Rows may be padded: copy each row's pixels only.
            System.Runtime.InteropServices.Marshal.Copy(target.GetPixels() + (y * target.RowBytes), resized, y * targetWidth, targetWidth);
        }

        return resized;
    }
}
