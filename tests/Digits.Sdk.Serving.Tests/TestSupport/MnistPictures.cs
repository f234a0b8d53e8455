using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace Digits.Sdk.Serving.Tests.TestSupport;

/// <summary>The first MNIST test digits, read from the real gzip IDX files and written as the PNGs a client would upload.</summary>
internal static class MnistPictures
{
    private static readonly Lazy<(byte[][] Images, byte[] Labels)> Test = new(() => Read(1000));
    private static readonly Lazy<byte[][]> Pngs = new(() => Test.Value.Images.Select(ToPng).ToArray());

    /// <summary>The first 1,000 test images (784 bytes each, 0 = background) and their labels.</summary>
    public static (byte[][] Images, byte[] Labels) TestSet => Test.Value;

    /// <summary>The same images as 28×28 grayscale PNGs, as stored (light ink on black).</summary>
    public static byte[][] TestPngs => Pngs.Value;

    public static byte[] ToPng(byte[] pixels) => Encode(pixels, SKEncodedImageFormat.Png);

    public static byte[] ToJpeg(byte[] pixels) => Encode(pixels, SKEncodedImageFormat.Jpeg);

    /// <summary>The digit as a photo would show it: dark ink on white paper, <paramref name="size"/> pixels square.</summary>
    public static byte[] Enlarged(byte[] pixels, int size)
    {
        using var digit = new SKBitmap(new SKImageInfo(28, 28, SKColorType.Gray8, SKAlphaType.Opaque));
        Marshal.Copy(pixels.Select(p => (byte)(255 - p)).ToArray(), 0, digit.GetPixels(), pixels.Length);
        using var digitImage = SKImage.FromBitmap(digit);
        using var surface = SKSurface.Create(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(SKColors.White);
        surface.Canvas.DrawImage(digitImage, SKRect.Create(0, 0, size, size), new SKSamplingOptions(SKFilterMode.Linear));
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static byte[] Encode(byte[] pixels, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(28, 28, SKColorType.Gray8, SKAlphaType.Opaque));
        Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 95);
        return data.ToArray();
    }

    private static (byte[][] Images, byte[] Labels) Read(int count)
    {
        var folder = Path.Combine(Repository.Datasets, "mnist");
        var imagesPath = Path.Combine(folder, "t10k-images-idx3-ubyte.gz");
        if (!File.Exists(imagesPath))
        {
            throw new InvalidOperationException($"MNIST's test images are missing at '{imagesPath}'; set DIGITS_DATA to the folder holding mnist/.");
        }

        using var images = new GZipStream(File.OpenRead(imagesPath), CompressionMode.Decompress);
        using var labels = new GZipStream(File.OpenRead(Path.Combine(folder, "t10k-labels-idx1-ubyte.gz")), CompressionMode.Decompress);
        var header = new byte[16];
        images.ReadExactly(header);
        if (BinaryPrimitives.ReadInt32BigEndian(header) != 2051)
        {
            throw new InvalidDataException($"'{imagesPath}' is not an IDX image file.");
        }

        labels.ReadExactly(header.AsSpan(0, 8));
        var result = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            result[i] = new byte[784];
            images.ReadExactly(result[i]);
        }

        var labelBytes = new byte[count];
        labels.ReadExactly(labelBytes);
        return (result, labelBytes);
    }
}
