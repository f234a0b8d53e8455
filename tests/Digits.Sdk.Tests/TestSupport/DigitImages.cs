using System.Runtime.InteropServices;
using SkiaSharp;

namespace Digits.Sdk.Tests.TestSupport;

/// <summary>Renders MNIST digits as the photos and scans users pass in: large, off-centre, either polarity, encoded.</summary>
internal static class DigitImages
{
    /// <summary>A grayscale PNG of the image exactly as the data set stores it: its size, its pixels, its polarity.</summary>
    public static byte[] StoredPng(ReadOnlySpan<byte> pixels, int height = 28, int width = 28)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        Marshal.Copy(pixels.ToArray(), 0, bitmap.GetPixels(), pixels.Length);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public static byte[] Render(byte[] mnist, SKEncodedImageFormat format, bool darkOnLight, int index)
    {
        var pixels = darkOnLight ? mnist.Select(p => (byte)(255 - p)).ToArray() : mnist;
        using var digit = new SKBitmap(new SKImageInfo(28, 28, SKColorType.Gray8, SKAlphaType.Opaque));
        Marshal.Copy(pixels, 0, digit.GetPixels(), pixels.Length);
        using var digitImage = SKImage.FromBitmap(digit);

        // Sizes and positions vary with the index so that scaling and centring are exercised, not assumed.
        var scale = 4 + (index % 4);
        var (width, height) = ((28 * scale) + 20 + (index % 5 * 37), (28 * scale) + 10 + (index % 7 * 29));
        var (left, top) = (index * 13 % (width - (28 * scale)), index * 7 % (height - (28 * scale)));
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(darkOnLight ? new SKColor(236, 234, 228) : SKColors.Black);
        surface.Canvas.DrawImage(digitImage, SKRect.Create(left, top, 28 * scale, 28 * scale), new SKSamplingOptions(SKFilterMode.Linear));
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>
    /// A PNG of the digit in dark grey ink, 4× as large and off-centre, on paper lit unevenly: <paramref name="paper"/>
    /// gives the paper's brightness (0-255) at a point given as fractions of the page's width and height.
    /// </summary>
    public static byte[] OnPaper(byte[] mnist, int index, Func<double, double, double> paper)
    {
        const int Scale = 4;
        const int Size = 28 * Scale;
        const double InkColour = 60;
        using var small = new SKBitmap(new SKImageInfo(28, 28, SKColorType.Gray8, SKAlphaType.Opaque));
        Marshal.Copy(mnist, 0, small.GetPixels(), mnist.Length);
        using var large = small.Resize(new SKImageInfo(Size, Size, SKColorType.Gray8, SKAlphaType.Opaque), new SKSamplingOptions(SKFilterMode.Linear));
        var ink = large.Bytes;

        var (width, height) = (Size + 40 + (index % 5 * 17), Size + 30 + (index % 7 * 13));
        var (left, top) = (index * 13 % (width - Size), index * 7 % (height - Size));
        var page = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var amount = x >= left && x < left + Size && y >= top && y < top + Size ? ink[((y - top) * Size) + x - left] / 255.0 : 0;
                var background = paper((double)x / width, (double)y / height);
                page[(y * width) + x] = (byte)Math.Round((background * (1 - amount)) + (InkColour * amount));
            }
        }

        return StoredPng(page, height, width);
    }
}
