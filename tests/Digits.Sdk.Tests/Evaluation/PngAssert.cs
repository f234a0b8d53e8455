using SkiaSharp;

namespace Digits.Sdk.Tests.Evaluation;

/// <summary>Opens a PNG with SkiaSharp's decoder and checks it is a real picture, not an empty canvas.</summary>
internal static class PngAssert
{
    public static void IsPicture(string path, int expectedWidth, int expectedHeight, int minimumColours = 8)
    {
        Assert.True(File.Exists(path), $"{path} was not written.");
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }), $"{path} does not start with the PNG signature.");
        using var bitmap = SKBitmap.Decode(bytes);
        Assert.NotNull(bitmap);
        Assert.Equal(expectedWidth, bitmap.Width);
        Assert.Equal(expectedHeight, bitmap.Height);

        var colours = new HashSet<SKColor>();
        var nonWhite = 0;
        foreach (var pixel in bitmap.Pixels)
        {
            colours.Add(pixel);
            if (pixel != SKColors.White)
            {
                nonWhite++;
            }
        }

        Assert.True(colours.Count >= minimumColours, $"{path} has only {colours.Count} distinct colours; it looks blank.");
        var inkShare = (double)nonWhite / bitmap.Pixels.Length;
        Assert.True(inkShare > 0.01, $"{path} is {100 - (inkShare * 100):F2}% white; it looks blank.");
    }
}
