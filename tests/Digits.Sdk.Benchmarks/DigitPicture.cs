using System.Runtime.InteropServices;
using SkiaSharp;

namespace Digits.Sdk.Benchmarks;

/// <summary>MNIST digits as pictures: as a user photographs one, or exactly as the data set stores it.</summary>
internal static class DigitPicture
{
    /// <summary>A 28×28 grayscale PNG of the digit's own pixels (light ink on black), as a client sends a stored image.</summary>
    public static byte[] StoredPng(byte[] mnist)
    {
        using var digit = new SKBitmap(new SKImageInfo(28, 28, SKColorType.Gray8, SKAlphaType.Opaque));
        Marshal.Copy(mnist, 0, digit.GetPixels(), mnist.Length);
        using var image = SKImage.FromBitmap(digit);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>
    /// Dark ink on an off-white background, four times as large and off-centre, encoded as PNG, so <c>PredictImage</c>
    /// does all its work (decode, invert, crop, scale, centre).
    /// </summary>
    public static byte[] Png(byte[] mnist)
    {
        var inverted = mnist.Select(p => (byte)(255 - p)).ToArray();
        using var digit = new SKBitmap(new SKImageInfo(28, 28, SKColorType.Gray8, SKAlphaType.Opaque));
        Marshal.Copy(inverted, 0, digit.GetPixels(), inverted.Length);
        using var digitImage = SKImage.FromBitmap(digit);
        using var surface = SKSurface.Create(new SKImageInfo(160, 136, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(new SKColor(236, 234, 228));
        surface.Canvas.DrawImage(digitImage, SKRect.Create(20, 4, 112, 112), new SKSamplingOptions(SKFilterMode.Linear));
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
