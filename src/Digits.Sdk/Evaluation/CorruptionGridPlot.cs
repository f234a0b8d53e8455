using Digits.Sdk.Robustness;
using SkiaSharp;

namespace Digits.Sdk.Evaluation;

/// <summary>
/// Draws one image clean and under each corruption family, side by side and captioned with MNIST-C's names, in the
/// polarity the network sees (ink bright on black), as the paper's figure shows them.
/// </summary>
internal static class CorruptionGridPlot
{
    private const int Scale = 4;
    private const int Padding = 10;
    private const int CaptionHeight = 22;
    private const int TitleHeight = 40;

    public static PlotImage Render(ReadOnlySpan<byte> image, int height, int width, IReadOnlyList<Corruption> families, int seed, int columns)
    {
        ArgumentNullException.ThrowIfNull(families);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        var cells = new List<(string Caption, byte[] Pixels)> { ("clean", image.ToArray()) };
        foreach (var family in families)
        {
            // Corruptions.Apply checks the image's size, so a wrong height or width fails here with its message.
            cells.Add((Corruptions.Name(family), Corruptions.Apply(family, image, height, width, seed)));
        }

        var shownColumns = Math.Min(columns, cells.Count);
        var rows = (cells.Count + columns - 1) / columns;
        var cellWidth = Math.Max(width * Scale, 100) + Padding;
        var cellHeight = (height * Scale) + CaptionHeight + Padding;
        var canvasWidth = (shownColumns * cellWidth) + Padding;
        var canvasHeight = TitleHeight + (rows * cellHeight) + Padding;
        var title = $"MNIST-C corruptions at the paper's severities (seed {seed})";
        return PlotImage.Render(canvasWidth, canvasHeight, canvas =>
        {
            using var titleFont = new SKFont(PlotFonts.Bold, 16);
            using var captionFont = new SKFont(PlotFonts.Regular, 13);
            using var ink = new SKPaint { Color = new SKColor(0x22, 0x22, 0x22), IsAntialias = true };
            using var frame = new SKPaint { Color = new SKColor(0xCC, 0xCC, 0xCC), IsStroke = true, StrokeWidth = 1 };
            canvas.DrawText(title, Padding, 26, SKTextAlign.Left, titleFont, ink);
            for (var c = 0; c < cells.Count; c++)
            {
                var centre = Padding + ((c % columns) * cellWidth) + ((cellWidth - Padding) / 2f);
                var left = centre - (width * Scale / 2f);
                var top = TitleHeight + ((c / columns) * cellHeight);
                using var picture = SKImage.FromPixelCopy(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque), cells[c].Pixels, width);
                var target = SKRect.Create(left, top, width * Scale, height * Scale);
                // Nearest-neighbour scaling shows the pixels the network reads.
                canvas.DrawImage(picture, target, new SKSamplingOptions(SKFilterMode.Nearest));
                canvas.DrawRect(target, frame);
                canvas.DrawText(cells[c].Caption, centre, top + (height * Scale) + 16, SKTextAlign.Center, captionFont, ink);
            }
        });
    }
}
