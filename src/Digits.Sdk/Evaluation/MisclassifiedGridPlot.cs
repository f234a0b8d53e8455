using System.Globalization;
using SkiaSharp;

namespace Digits.Sdk.Evaluation;

/// <summary>Draws misclassified images in a grid, ink dark on white, each with a "true → predicted" caption.</summary>
internal static class MisclassifiedGridPlot
{
    private const int Scale = 3;
    private const int Padding = 8;
    private const int CaptionHeight = 22;
    private const int TitleHeight = 40;

    public static PlotImage Render<T>(
        ReadOnlySpan<T> images,
        ReadOnlySpan<int> trueLabels,
        ReadOnlySpan<int> predictedLabels,
        IReadOnlyList<string>? classNames,
        int maxImages,
        int columns,
        int imageSide,
        Func<T, float> toFloat,
        bool rescale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxImages, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageSide, 1);
        var pixelsPerImage = imageSide * imageSide;
        if (trueLabels.Length != predictedLabels.Length)
        {
            throw new ArgumentException($"There are {trueLabels.Length} true labels but {predictedLabels.Length} predicted labels; give one of each per image.", nameof(predictedLabels));
        }

        if (images.Length != (long)trueLabels.Length * pixelsPerImage)
        {
            throw new ArgumentException(
                $"Expected {trueLabels.Length} images of {imageSide} x {imageSide} = {(long)trueLabels.Length * pixelsPerImage} pixels but got {images.Length}; pass imageSide if the images are not 28 x 28.",
                nameof(images));
        }

        // Copy out only the mistakes that will be drawn, so a 10,000-image test set costs nothing extra.
        var mistakes = new List<Mistake>();
        var totalMistakes = 0;
        for (var i = 0; i < trueLabels.Length; i++)
        {
            if (trueLabels[i] == predictedLabels[i])
            {
                continue;
            }

            totalMistakes++;
            if (mistakes.Count < maxImages)
            {
                var pixels = new float[pixelsPerImage];
                var source = images.Slice(i * pixelsPerImage, pixelsPerImage);
                for (var p = 0; p < pixelsPerImage; p++)
                {
                    pixels[p] = toFloat(source[p]);
                }

                mistakes.Add(new Mistake(i, Name(classNames, trueLabels[i]), Name(classNames, predictedLabels[i]), rescale ? Stretch(pixels) : pixels));
            }
        }

        var shownColumns = Math.Clamp(mistakes.Count, 1, columns);
        var rows = Math.Max(1, (mistakes.Count + columns - 1) / columns);
        var cellWidth = Math.Max(imageSide * Scale, 84) + Padding;
        var cellHeight = (imageSide * Scale) + CaptionHeight + Padding;
        var width = Math.Max((shownColumns * cellWidth) + Padding, 420);
        var height = TitleHeight + (rows * cellHeight) + Padding;
        var title = totalMistakes == 0
            ? $"No misclassified images among {Count(trueLabels.Length)}"
            : $"Misclassified: {Count(totalMistakes)} of {Count(trueLabels.Length)} (showing {Count(mistakes.Count)}) · true → predicted";

        return PlotImage.Render(width, height, canvas =>
        {
            using var titleFont = new SKFont(PlotFonts.Bold, 16);
            using var captionFont = new SKFont(PlotFonts.Regular, 13);
            using var ink = new SKPaint { Color = new SKColor(0x22, 0x22, 0x22), IsAntialias = true };
            using var wrong = new SKPaint { Color = new SKColor(0xC6, 0x28, 0x28), IsAntialias = true };
            using var frame = new SKPaint { Color = new SKColor(0xCC, 0xCC, 0xCC), IsStroke = true, StrokeWidth = 1 };
            canvas.DrawText(title, Padding, 26, SKTextAlign.Left, titleFont, ink);

            for (var m = 0; m < mistakes.Count; m++)
            {
                var left = Padding + ((m % columns) * cellWidth) + ((cellWidth - Padding - (imageSide * Scale)) / 2f);
                var top = TitleHeight + ((m / columns) * cellHeight);
                using var image = ToImage(mistakes[m].Pixels, imageSide);
                var target = SKRect.Create(left, top, imageSide * Scale, imageSide * Scale);
                // Nearest-neighbour scaling keeps the pixels of a 28 x 28 digit crisp.
                canvas.DrawImage(image, target, new SKSamplingOptions(SKFilterMode.Nearest));
                canvas.DrawRect(target, frame);

                var centre = Padding + ((m % columns) * cellWidth) + ((cellWidth - Padding) / 2f);
                var baseline = top + (imageSide * Scale) + 16;
                var truth = mistakes[m].Truth + " → ";
                var truthWidth = captionFont.MeasureText(truth);
                var predictedWidth = captionFont.MeasureText(mistakes[m].Predicted);
                var start = centre - ((truthWidth + predictedWidth) / 2);
                canvas.DrawText(truth, start, baseline, SKTextAlign.Left, captionFont, ink);
                canvas.DrawText(mistakes[m].Predicted, start + truthWidth, baseline, SKTextAlign.Left, captionFont, wrong);
            }
        });
    }

    private static SKImage ToImage(float[] pixels, int side)
    {
        var bytes = new byte[pixels.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            // Ink is dark on white, as digits are drawn on paper.
            var ink = float.IsNaN(pixels[i]) ? 0f : Math.Clamp(pixels[i], 0f, 1f);
            bytes[i] = (byte)Math.Round(255 * (1 - ink));
        }

        return SKImage.FromPixelCopy(new SKImageInfo(side, side, SKColorType.Gray8, SKAlphaType.Opaque), bytes, side);
    }

    private static float[] Stretch(float[] pixels)
    {
        var min = pixels.Min();
        var max = pixels.Max();
        var range = max - min;
        if (!(range > 0))
        {
            return new float[pixels.Length];
        }

        return [.. pixels.Select(p => (p - min) / range)];
    }

    private static string Name(IReadOnlyList<string>? classNames, int label) =>
        classNames is not null && (uint)label < (uint)classNames.Count ? classNames[label] : label.ToString(CultureInfo.InvariantCulture);

    private static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private sealed record Mistake(int Index, string Truth, string Predicted, float[] Pixels);
}
