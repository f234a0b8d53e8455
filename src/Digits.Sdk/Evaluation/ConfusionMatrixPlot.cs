using System.Globalization;
using SkiaSharp;

namespace Digits.Sdk.Evaluation;

/// <summary>
/// Draws a confusion matrix as a heat map. Cells are shaded by the share of their row (the true class), not by
/// the raw count, so a small class's mistakes show as clearly as a large one's; the counts are written in.
/// </summary>
internal static class ConfusionMatrixPlot
{
    // matplotlib's "Blues", the usual colour map for confusion matrices.
    private static readonly (float Stop, SKColor Color)[] Blues =
    [
        (0.00f, new SKColor(247, 251, 255)),
        (0.25f, new SKColor(198, 219, 239)),
        (0.50f, new SKColor(107, 174, 214)),
        (0.75f, new SKColor(33, 113, 181)),
        (1.00f, new SKColor(8, 48, 107)),
    ];

    public static PlotImage Render(EvaluationReport report, int width, int height) =>
        PlotImage.Render(width, height, canvas => Draw(canvas, report, width, height));

    private static void Draw(SKCanvas canvas, EvaluationReport report, int width, int height)
    {
        var classes = report.ClassNames.Count;
        using var titleFont = new SKFont(PlotFonts.Bold, 18);
        using var labelFont = new SKFont(PlotFonts.Regular, 14);
        using var tickFont = new SKFont(PlotFonts.Regular, 13);
        using var ink = new SKPaint { Color = new SKColor(0x22, 0x22, 0x22), IsAntialias = true };
        using var grid = new SKPaint { Color = SKColors.White, IsStroke = true, StrokeWidth = 1 };

        const float top = 56;
        const float colourBarWidth = 16;
        const float right = colourBarWidth + 64;
        var longestName = report.ClassNames.Max(name => tickFont.MeasureText(name));
        var left = 36 + longestName + 10;

        // Long names (Fashion-MNIST's "Ankle boot") are written at 45° under the columns.
        var available = Math.Min(width - left - right, height - top - 60);
        var rotateColumnNames = longestName > (available / classes) - 4;
        var bottom = 34 + (rotateColumnNames ? (longestName * 0.72f) + 8 : 22);
        var side = Math.Min(width - left - right, height - top - bottom);
        if (side < classes * 4)
        {
            throw new ArgumentException($"A {width} x {height} image is too small to draw a {classes} x {classes} confusion matrix; make it larger.", nameof(width));
        }

        var cell = side / classes;
        side = cell * classes;
        var title = string.Create(CultureInfo.InvariantCulture, $"Confusion matrix · accuracy {report.Accuracy:P2} on {report.SampleCount:N0} samples");
        canvas.DrawText(title, left + (side / 2), 30, SKTextAlign.Center, titleFont, ink);

        using var countFont = new SKFont(PlotFonts.Regular, Math.Clamp(cell * 0.32f, 7, 18));
        var widestCount = report.ConfusionMatrix.SelectMany(row => row).Max(count => countFont.MeasureText(count.ToString(CultureInfo.InvariantCulture)));
        if (widestCount > cell - 4)
        {
            countFont.Size *= (cell - 4) / widestCount;
        }

        using var cellPaint = new SKPaint();
        using var countPaint = new SKPaint { IsAntialias = true };
        for (var t = 0; t < classes; t++)
        {
            var row = report.ConfusionMatrix[t];
            var support = row.Sum();
            for (var p = 0; p < classes; p++)
            {
                var share = support == 0 ? 0f : (float)row[p] / support;
                var rect = SKRect.Create(left + (p * cell), top + (t * cell), cell, cell);
                cellPaint.Color = Shade(share);
                canvas.DrawRect(rect, cellPaint);
                canvas.DrawRect(rect, grid);

                countPaint.Color = share > 0.5f ? SKColors.White : ink.Color;
                var text = row[p].ToString(CultureInfo.InvariantCulture);
                var baseline = rect.MidY + (countFont.Size * 0.35f);
                canvas.DrawText(text, rect.MidX, baseline, SKTextAlign.Center, countFont, countPaint);
            }
        }

        for (var c = 0; c < classes; c++)
        {
            var name = report.ClassNames[c];
            canvas.DrawText(name, left - 8, top + ((c + 0.5f) * cell) + (tickFont.Size * 0.35f), SKTextAlign.Right, tickFont, ink);
            var x = left + ((c + 0.5f) * cell);
            if (rotateColumnNames)
            {
                canvas.Save();
                canvas.Translate(x, top + side + 8);
                canvas.RotateDegrees(-45);
                canvas.DrawText(name, 0, tickFont.Size * 0.35f, SKTextAlign.Right, tickFont, ink);
                canvas.Restore();
            }
            else
            {
                canvas.DrawText(name, x, top + side + 20, SKTextAlign.Center, tickFont, ink);
            }
        }

        canvas.DrawText("Predicted class", left + (side / 2), height - 14, SKTextAlign.Center, labelFont, ink);
        canvas.Save();
        canvas.Translate(20, top + (side / 2));
        canvas.RotateDegrees(-90);
        canvas.DrawText("True class", 0, 0, SKTextAlign.Center, labelFont, ink);
        canvas.Restore();

        DrawColourBar(canvas, left + side + 20, top, colourBarWidth, side, tickFont, ink);
    }

    private static void DrawColourBar(SKCanvas canvas, float x, float top, float barWidth, float barHeight, SKFont font, SKPaint ink)
    {
        using var shader = SKShader.CreateLinearGradient(
            new SKPoint(x, top + barHeight),
            new SKPoint(x, top),
            [.. Blues.Select(b => b.Color)],
            [.. Blues.Select(b => b.Stop)],
            SKShaderTileMode.Clamp);
        using var gradient = new SKPaint { Shader = shader };
        using var outline = new SKPaint { Color = new SKColor(0xAA, 0xAA, 0xAA), IsStroke = true, StrokeWidth = 1 };
        var bar = SKRect.Create(x, top, barWidth, barHeight);
        canvas.DrawRect(bar, gradient);
        canvas.DrawRect(bar, outline);
        foreach (var share in (ReadOnlySpan<float>)[0f, 0.5f, 1f])
        {
            var y = top + ((1 - share) * barHeight) + (font.Size * 0.35f);
            canvas.DrawText(share.ToString("P0", CultureInfo.InvariantCulture), x + barWidth + 4, y, SKTextAlign.Left, font, ink);
        }
    }

    private static SKColor Shade(float share)
    {
        for (var i = 1; i < Blues.Length; i++)
        {
            if (share <= Blues[i].Stop)
            {
                var (fromStop, from) = Blues[i - 1];
                var (toStop, to) = Blues[i];
                var f = (share - fromStop) / (toStop - fromStop);
                return new SKColor(Mix(from.Red, to.Red, f), Mix(from.Green, to.Green, f), Mix(from.Blue, to.Blue, f));
            }
        }

        return Blues[^1].Color;
    }

    private static byte Mix(byte from, byte to, float f) => (byte)Math.Round(from + ((to - from) * f));
}
