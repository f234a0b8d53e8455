using System.Runtime.InteropServices;
using Digits.Sdk.Robustness;
using SkiaSharp;

namespace Digits.Sdk.Samples;

/// <summary>
/// Pictures of digits as people make them, none of them MNIST's own images: printed digits in the fonts installed
/// here (DejaVu, from Debian's fonts-dejavu-core), and MNIST test digits redrawn with a broad or a fine pen, off-centre,
/// small or large, dark on light or uneven paper, or cropped tight to the ink and scanned coarsely. Each set is labelled, so the pretrained model's accuracy on it can
/// be measured.
/// </summary>
internal static class RobustnessPictures
{
    private const string FontFolder = "/usr/share/fonts/truetype/dejavu";

    /// <summary>One set of labelled encoded pictures and how it was made.</summary>
    public sealed record PictureSet(string Name, string HowMade, IReadOnlyList<(byte[] Png, int Label)> Pictures);

    public static IReadOnlyList<PictureSet> Make(byte[][] mnistTestImages, byte[] mnistTestLabels)
    {
        var random = new Random(2024);
        return
        [
            Printed(random),
            Redrawn("thick strokes", "MNIST test digits 0-499 drawn 4× larger with every stroke dilated by 3 px (a broad marker), dark on white, off-centre", mnistTestImages, mnistTestLabels, strokeChange: +3, random),
            Redrawn("thin strokes", "MNIST test digits 0-499 drawn 4× larger with every stroke eroded by 2 px (a fine pen), dark on white, off-centre", mnistTestImages, mnistTestLabels, strokeChange: -2, random),
            Redrawn("uneven background", "MNIST test digits 0-499 drawn 3-6× larger, dark grey ink on a light paper that darkens from one corner to the other, off-centre", mnistTestImages, mnistTestLabels, strokeChange: 0, random, unevenPaper: true),
            Laid("tight crops", $"MNIST test digits 0-{LaidCount - 1} cropped to their ink and scaled to a longer side of {RealWorldPictures.CropSide} px, dark on white: the strokes touch the edges, as a form's box or a scanner's crop gives them (`RealWorldPictures.TightCrop`)", mnistTestImages, mnistTestLabels, RealWorldPictures.TightCrop),
            Laid("coarse scans", $"the same crops averaged over 8×8 cells, quantised to 17 grey levels and smoothed back up (`RealWorldPictures.CoarseScan`)", mnistTestImages, mnistTestLabels, RealWorldPictures.CoarseScan),
        ];
    }

    /// <summary>How many MNIST test digits the tight-crop and coarse-scan sets hold.</summary>
    private const int LaidCount = 1000;

    /// <summary>MNIST test digits laid out as people's pictures are (<see cref="RealWorldPictures"/>), as PNG.</summary>
    private static PictureSet Laid(string name, string howMade, byte[][] images, byte[] labels, Func<byte[], (byte[] Pixels, int Height, int Width)> layout)
    {
        var pictures = new List<(byte[], int)>();
        for (var i = 0; i < LaidCount; i++)
        {
            var (pixels, height, width) = layout(images[i]);
            pictures.Add((Png(pixels, new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque)), labels[i]));
        }

        return new PictureSet(name, howMade, pictures);
    }

    /// <summary>Digits 0-9 typed in every regular, bold and oblique DejaVu face, at three sizes and three places on the page.</summary>
    private static PictureSet Printed(Random random)
    {
        var pictures = new List<(byte[], int)>();
        var fonts = Directory.Exists(FontFolder) ? Directory.GetFiles(FontFolder, "DejaVu*.ttf").Where(f => !f.Contains("MathTeX", StringComparison.Ordinal)).Order().ToArray() : [];
        foreach (var file in fonts)
        {
            using var typeface = SKTypeface.FromFile(file);
            foreach (var size in new[] { 24f, 60f, 120f })
            {
                for (var digit = 0; digit < 10; digit++)
                {
                    for (var place = 0; place < 3; place++)
                    {
                        using var surface = SKSurface.Create(new SKImageInfo(200, 200, SKColorType.Rgba8888, SKAlphaType.Premul));
                        surface.Canvas.Clear(new SKColor(250, 248, 240));
                        using var font = new SKFont(typeface, size);
                        using var ink = new SKPaint { Color = new SKColor(20, 20, 30), IsAntialias = true };
                        var x = 10 + (float)(random.NextDouble() * (200 - (size * 0.7) - 20));
                        var y = size + (float)(random.NextDouble() * (200 - size - 10));
                        surface.Canvas.DrawText(digit.ToString(System.Globalization.CultureInfo.InvariantCulture), x, y, font, ink);
                        pictures.Add((Encode(surface), digit));
                    }
                }
            }
        }

        return new PictureSet("printed digits", $"digits 0-9 typed in {fonts.Length} DejaVu faces (sans, serif, mono, condensed; regular, bold, oblique, light) at 24, 60 and 120 px, three random places on a 200×200 off-white page", pictures);
    }

    private static PictureSet Redrawn(string name, string howMade, byte[][] images, byte[] labels, int strokeChange, Random random, bool unevenPaper = false)
    {
        var pictures = new List<(byte[], int)>();
        for (var i = 0; i < 500; i++)
        {
            var scale = unevenPaper ? 3 + random.Next(4) : 4;
            var big = Enlarge(images[i], scale);
            var size = 28 * scale;
            big = strokeChange switch
            {
                > 0 => Morph(big, size, strokeChange, Math.Max),
                < 0 => Morph(big, size, -strokeChange, Math.Min),
                _ => big,
            };

            var (width, height) = (size + 40 + random.Next(80), size + 40 + random.Next(80));
            var (left, top) = (random.Next(width - size), random.Next(height - size));
            var page = new byte[width * height * 4];
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var paper = unevenPaper ? 250 - (70.0 * (x + y) / (width + height)) : 255;
                    var inkAmount = x >= left && x < left + size && y >= top && y < top + size ? big[((y - top) * size) + x - left] / 255.0 : 0;
                    var inkColour = unevenPaper ? 60 : 0;
                    var value = (byte)Math.Round((paper * (1 - inkAmount)) + (inkColour * inkAmount));
                    var at = ((y * width) + x) * 4;
                    (page[at], page[at + 1], page[at + 2], page[at + 3]) = (value, value, value, 255);
                }
            }

            pictures.Add((Png(page, new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul)), labels[i]));
        }

        return new PictureSet(name, howMade, pictures);
    }

    /// <summary>Lossless PNG of raw pixels laid out as <paramref name="info"/> says.</summary>
    internal static byte[] Png(byte[] pixels, SKImageInfo info)
    {
        using var bitmap = new SKBitmap(info);
        Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static byte[] Enlarge(byte[] mnist, int scale)
    {
        using var small = new SKBitmap(new SKImageInfo(28, 28, SKColorType.Gray8, SKAlphaType.Opaque));
        Marshal.Copy(mnist, 0, small.GetPixels(), mnist.Length);
        using var large = small.Resize(new SKImageInfo(28 * scale, 28 * scale, SKColorType.Gray8, SKAlphaType.Opaque), new SKSamplingOptions(SKFilterMode.Linear));
        return large.Bytes;
    }

    /// <summary>Dilation (<see cref="Math.Max(int, int)"/>) or erosion (<see cref="Math.Min(int, int)"/>) with a square of the given radius.</summary>
    private static byte[] Morph(byte[] pixels, int size, int radius, Func<int, int, int> pick)
    {
        var result = new byte[pixels.Length];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var value = (int)pixels[(y * size) + x];
                for (var dy = -radius; dy <= radius; dy++)
                {
                    for (var dx = -radius; dx <= radius; dx++)
                    {
                        var (ny, nx) = (y + dy, x + dx);
                        value = (uint)ny < (uint)size && (uint)nx < (uint)size ? pick(value, pixels[(ny * size) + nx]) : pick(value, 0);
                    }
                }

                result[(y * size) + x] = (byte)value;
            }
        }

        return result;
    }

    private static byte[] Encode(SKSurface surface)
    {
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
