using System.Globalization;
using SkiaSharp;

namespace Digits.Sdk.Robustness;

/// <summary>
/// Pictures of marks that are not digits, to measure how often a digit classifier says "not a digit" when it should:
/// printed letters and symbols in the fonts installed on the machine, and pages of noise. Each is an encoded PNG, dark
/// on light, to read with <c>DigitClassifier.PredictImage</c>. They measure; never train or tune on them.
/// </summary>
/// <example>
/// <code>
/// var letters = NotDigitPictures.PrintedSymbols();
/// var refused = letters.Count(p => classifier.PredictImage(new MemoryStream(p.Png)).Verdict != PredictionVerdict.Digit);
/// </code>
/// </example>
public static class NotDigitPictures
{
    /// <summary>The letters and symbols drawn: A–Z, a–z and # @ % &amp; ? + =, none of them a digit.</summary>
    public const string Symbols = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#@%&?+=";

    /// <summary>The faces drawn, when installed: DejaVu's sans, bold, oblique, serif, serif italic and mono (Debian's fonts-dejavu-core).</summary>
    public static IReadOnlyList<string> Faces { get; } =
        ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSerif.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSansMono.ttf"];

    /// <summary>Where Debian installs the DejaVu faces.</summary>
    public const string DefaultFontFolder = "/usr/share/fonts/truetype/dejavu";

    /// <summary>
    /// Every symbol of <see cref="Symbols"/> in every face of <see cref="Faces"/> found in <paramref name="fontFolder"/>,
    /// 90 px high on a 140×140 off-white page, near its middle (a seeded shift of up to 10 px).
    /// </summary>
    /// <param name="fontFolder">The folder with the faces; Debian's DejaVu folder when omitted.</param>
    /// <param name="seed">The seed of the shifts.</param>
    /// <returns>The pictures, with what each shows (<c>"A in DejaVuSans"</c>).</returns>
    /// <exception cref="DirectoryNotFoundException">None of the faces is in the folder.</exception>
    public static IReadOnlyList<NotDigitPicture> PrintedSymbols(string? fontFolder = null, int seed = 0)
    {
        var folder = fontFolder ?? DefaultFontFolder;
        var files = Faces.Select(face => Path.Combine(folder, face)).Where(File.Exists).ToList();
        if (files.Count == 0)
        {
            throw new DirectoryNotFoundException($"None of the faces {string.Join(", ", Faces)} is in '{folder}'; on Debian install fonts-dejavu-core.");
        }

        var random = new Random(seed);
        var pictures = new List<NotDigitPicture>();
        foreach (var file in files)
        {
            using var typeface = SKTypeface.FromFile(file);
            using var font = new SKFont(typeface, 90);
            using var ink = new SKPaint { Color = new SKColor(25, 25, 35), IsAntialias = true };
            foreach (var symbol in Symbols)
            {
                var text = symbol.ToString();
                using var surface = SKSurface.Create(new SKImageInfo(140, 140, SKColorType.Rgba8888, SKAlphaType.Premul));
                surface.Canvas.Clear(new SKColor(250, 248, 242));
                font.MeasureText(text, out var bounds);
                var x = 70 - bounds.MidX + random.Next(-10, 11);
                var y = 70 - bounds.MidY + random.Next(-10, 11);
                surface.Canvas.DrawText(text, x, y, SKTextAlign.Left, font, ink);
                pictures.Add(new NotDigitPicture($"{text} in {Path.GetFileNameWithoutExtension(file)}", Encode(surface)));
            }
        }

        return pictures;
    }

    /// <summary>
    /// Pages of noise a camera or a scanner might give when there is nothing to read but texture: each 112×112 pixel
    /// drawn uniformly from a seeded range around a random paper grey, as strong as ink in places.
    /// </summary>
    /// <param name="count">How many pages.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The pictures.</returns>
    public static IReadOnlyList<NotDigitPicture> Noise(int count = 100, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var random = new Random(seed);
        var pictures = new List<NotDigitPicture>(count);
        for (var n = 0; n < count; n++)
        {
            var paper = random.Next(120, 256);
            var spread = random.Next(40, 200);
            var pixels = new byte[112 * 112];
            for (var i = 0; i < pixels.Length; i++)
            {
                pixels[i] = (byte)Math.Clamp(paper - random.Next(spread), 0, 255);
            }

            using var bitmap = new SKBitmap(new SKImageInfo(112, 112, SKColorType.Gray8, SKAlphaType.Opaque));
            System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
            using var image = SKImage.FromBitmap(bitmap);
            using var data = image.Encode(SKEncodedImageFormat.Png, 100);
            pictures.Add(new NotDigitPicture(string.Create(CultureInfo.InvariantCulture, $"noise page {n} (paper {paper}, spread {spread})"), data.ToArray()));
        }

        return pictures;
    }

    private static byte[] Encode(SKSurface surface)
    {
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}

/// <summary>A picture of something that is not a digit, and what it shows.</summary>
/// <param name="What">What the picture shows, e.g. <c>"A in DejaVuSans"</c>.</param>
/// <param name="Png">The encoded picture.</param>
public sealed record NotDigitPicture(string What, byte[] Png);
