using System.Globalization;
using Digits.Sdk.Evaluation;
using SkiaSharp;

namespace Digits.Sdk.Robustness;

/// <summary>
/// Draws a <see cref="RobustnessReport"/> as bars: the accuracy under each family (unseen families in their own
/// colour), the clean accuracy as a dashed line across them, and the mean as a dotted one.
/// </summary>
internal static class RobustnessChart
{
    private static readonly SKColor Seen = new(0x4c, 0x72, 0xb0);
    private static readonly SKColor Unseen = new(0xdd, 0x84, 0x52);
    private static readonly SKColor CleanLine = new(0xc4, 0x4e, 0x52);

    public static PlotImage Render(RobustnessReport report, int width, int height) =>
        PlotImage.Render(width, height, canvas => Draw(canvas, report, width, height));

    private static void Draw(SKCanvas canvas, RobustnessReport report, int width, int height)
    {
        using var titleFont = new SKFont(PlotFonts.Bold, 17);
        using var tickFont = new SKFont(PlotFonts.Regular, 13);
        using var valueFont = new SKFont(PlotFonts.Regular, 11);
        using var ink = new SKPaint { Color = new SKColor(0x22, 0x22, 0x22), IsAntialias = true };
        using var axis = new SKPaint { Color = new SKColor(0x88, 0x88, 0x88), IsStroke = true, StrokeWidth = 1 };
        using var gridPaint = new SKPaint { Color = new SKColor(0xe6, 0xe6, 0xe6), IsStroke = true, StrokeWidth = 1 };

        var families = report.Families;
        var longestName = families.Max(f => tickFont.MeasureText(f.Name));
        const float left = 62;
        const float right = 24;
        const float top = 64;
        var bottom = (longestName * 0.72f) + 30;
        var plotWidth = width - left - right;
        var plotHeight = height - top - bottom;
        if (plotWidth < families.Count * 6 || plotHeight < 40)
        {
            throw new ArgumentException($"A {width} x {height} image is too small to draw {families.Count} bars; make it larger.", nameof(width));
        }

        float Y(double accuracy) => top + (float)((1 - accuracy) * plotHeight);

        var input = report.Input == CorruptedInput.Pictures ? "as pictures" : "as model input";
        canvas.DrawText(
            string.Create(CultureInfo.InvariantCulture, $"{report.Model} under MNIST-C corruptions ({input}, {report.SampleCount:N0} images)"),
            left + (plotWidth / 2), 26, SKTextAlign.Center, titleFont, ink);
        canvas.DrawText(
            string.Create(CultureInfo.InvariantCulture, $"clean {report.Clean.Accuracy:P1} · mean {report.MeanAccuracy:P1}{(report.RelativeCorruptionError is { } r ? $" · error {r:0.0}× clean" : string.Empty)}"),
            left + (plotWidth / 2), 46, SKTextAlign.Center, tickFont, ink);

        for (var tick = 0; tick <= 10; tick += 2)
        {
            var y = Y(tick / 10.0);
            canvas.DrawLine(left, y, left + plotWidth, y, gridPaint);
            canvas.DrawText(string.Create(CultureInfo.InvariantCulture, $"{tick * 10}%"), left - 8, y + 4, SKTextAlign.Right, tickFont, ink);
        }

        var slot = plotWidth / families.Count;
        using var bar = new SKPaint { IsAntialias = true };
        for (var i = 0; i < families.Count; i++)
        {
            var family = families[i];
            var x = left + (i * slot);
            bar.Color = family.Unseen ? Unseen : Seen;
            canvas.DrawRect(SKRect.Create(x + (slot * 0.15f), Y(family.Accuracy), slot * 0.7f, Y(0) - Y(family.Accuracy)), bar);
            canvas.DrawText(string.Create(CultureInfo.InvariantCulture, $"{family.Accuracy * 100:0.#}"), x + (slot / 2), Y(family.Accuracy) - 4, SKTextAlign.Center, valueFont, ink);

            // Names at 45° under the bars, so 15 of them fit any width.
            canvas.Save();
            canvas.Translate(x + (slot / 2) + 4, Y(0) + 10);
            canvas.RotateDegrees(-45);
            canvas.DrawText(family.Name + (family.Unseen ? " (unseen)" : string.Empty), 0, tickFont.Size * 0.35f, SKTextAlign.Right, tickFont, ink);
            canvas.Restore();
        }

        canvas.DrawLine(left, Y(0), left + plotWidth, Y(0), axis);
        using var dashes = SKPathEffect.CreateDash([8, 5], 0);
        using var clean = new SKPaint { Color = CleanLine, IsStroke = true, StrokeWidth = 2, IsAntialias = true, PathEffect = dashes };
        canvas.DrawLine(left, Y(report.Clean.Accuracy), left + plotWidth, Y(report.Clean.Accuracy), clean);
        using var dots = SKPathEffect.CreateDash([2, 4], 0);
        using var mean = new SKPaint { Color = ink.Color, IsStroke = true, StrokeWidth = 1.5f, IsAntialias = true, PathEffect = dots };
        canvas.DrawLine(left, Y(report.MeanAccuracy), left + plotWidth, Y(report.MeanAccuracy), mean);
        using var cleanText = new SKPaint { Color = CleanLine, IsAntialias = true };
        canvas.DrawText("clean", left + plotWidth - 2, Y(report.Clean.Accuracy) - 4, SKTextAlign.Right, tickFont, cleanText);
        canvas.DrawText("mean", left + 4, Y(report.MeanAccuracy) + 14, SKTextAlign.Left, tickFont, ink);
    }
}
