using System.Globalization;
using SkiaSharp;

namespace Digits.Sdk.Evaluation;

/// <summary>
/// Draws a reliability diagram as Guo et al. (2017) do: per confidence bin a bar of the accuracy, the bin's mean
/// confidence as a line with the gap to it shaded, and the diagonal a calibrated model would follow; underneath, the share of the
/// samples in each bin, since a wide gap in a nearly empty bin matters little.
/// </summary>
internal static class ReliabilityDiagramPlot
{
    private static readonly SKColor Accuracy = new(31, 119, 180);
    private static readonly SKColor Gap = new(214, 39, 40, 60);
    private static readonly SKColor Confidence = new(214, 39, 40);

    public static PlotImage Render(EvaluationReport report, int width, int height)
    {
        var calibration = report.Calibration ?? throw new InvalidOperationException(
            "This report was built without probabilities, so it has no calibration to draw; evaluate with the model's probabilities.");
        return PlotImage.Render(width, height, canvas => Draw(canvas, report, calibration, width, height));
    }

    private static void Draw(SKCanvas canvas, EvaluationReport report, CalibrationMetrics calibration, int width, int height)
    {
        using var titleFont = new SKFont(PlotFonts.Bold, 17);
        using var labelFont = new SKFont(PlotFonts.Regular, 14);
        using var tickFont = new SKFont(PlotFonts.Regular, 12);
        using var ink = new SKPaint { Color = new SKColor(0x22, 0x22, 0x22), IsAntialias = true };
        using var axis = new SKPaint { Color = new SKColor(0x55, 0x55, 0x55), IsStroke = true, StrokeWidth = 1 };
        using var diagonal = new SKPaint { Color = new SKColor(0x77, 0x77, 0x77), IsStroke = true, StrokeWidth = 1.5f, IsAntialias = true, PathEffect = SKPathEffect.CreateDash([6, 4], 0) };
        using var barPaint = new SKPaint { Color = Accuracy };
        using var barEdge = new SKPaint { Color = SKColors.White, IsStroke = true, StrokeWidth = 1 };
        using var gapPaint = new SKPaint { Color = Gap };
        using var confidencePaint = new SKPaint { Color = Confidence, IsStroke = true, StrokeWidth = 2.5f, IsAntialias = true };

        const float left = 64, right = 24, top = 48;
        var plotWidth = width - left - right;
        var histogramHeight = Math.Max(40, (height - top) * 0.16f);
        var plotHeight = height - top - 56 - histogramHeight - 24;
        if (plotWidth < 60 || plotHeight < 60)
        {
            throw new ArgumentException($"A {width} x {height} image is too small for a reliability diagram; make it at least 200 x 260.", nameof(width));
        }

        var title = string.Create(
            CultureInfo.InvariantCulture,
            $"Reliability · ECE {calibration.ExpectedCalibrationError:P2} · accuracy {report.Accuracy:P2} · {report.SampleCount:N0} samples");
        canvas.DrawText(title, left + (plotWidth / 2), 28, SKTextAlign.Center, titleFont, ink);

        float X(double value) => left + (float)(value * plotWidth);
        float Y(double value) => top + plotHeight - (float)(value * plotHeight);

        foreach (var bin in calibration.Bins.Where(bin => bin.Count > 0))
        {
            var bar = new SKRect(X(bin.Lower), Y(bin.Accuracy), X(bin.Upper), Y(0));
            canvas.DrawRect(bar, barPaint);
            canvas.DrawRect(bar, barEdge);
            var gap = new SKRect(X(bin.Lower), Y(Math.Max(bin.Accuracy, bin.MeanConfidence)), X(bin.Upper), Y(Math.Min(bin.Accuracy, bin.MeanConfidence)));
            canvas.DrawRect(gap, gapPaint);
            canvas.DrawLine(X(bin.Lower) + 1, Y(bin.MeanConfidence), X(bin.Upper) - 1, Y(bin.MeanConfidence), confidencePaint);
        }

        // The legend, top left, where a calibrated model's bars leave the plot empty.
        using var legendFont = new SKFont(PlotFonts.Regular, 13);
        canvas.DrawRect(SKRect.Create(left + 12, top + 12, 14, 14), barPaint);
        canvas.DrawText("accuracy of the bin", left + 32, top + 24, SKTextAlign.Left, legendFont, ink);
        canvas.DrawLine(left + 12, top + 42, left + 26, top + 42, confidencePaint);
        canvas.DrawText("its mean confidence (the gap shaded)", left + 32, top + 46, SKTextAlign.Left, legendFont, ink);

        canvas.DrawLine(X(0), Y(0), X(1), Y(1), diagonal);
        canvas.DrawRect(new SKRect(X(0), Y(1), X(1), Y(0)), axis);
        for (var tick = 0; tick <= 5; tick++)
        {
            var value = tick / 5.0;
            var text = value.ToString("0.0", CultureInfo.InvariantCulture);
            canvas.DrawText(text, left - 6, Y(value) + 4, SKTextAlign.Right, tickFont, ink);
        }

        canvas.Save();
        canvas.Translate(18, top + (plotHeight / 2));
        canvas.RotateDegrees(-90);
        canvas.DrawText("Accuracy", 0, 0, SKTextAlign.Center, labelFont, ink);
        canvas.Restore();

        // The share of samples per bin, on its own scale: nearly all of a good model's answers sit in the last bin.
        var histogramTop = top + plotHeight + 14;
        var samples = Math.Max(1, calibration.Bins.Sum(bin => bin.Count));
        var tallest = Math.Max(1, calibration.Bins.Max(bin => bin.Count));
        foreach (var bin in calibration.Bins.Where(bin => bin.Count > 0))
        {
            var share = (float)bin.Count / tallest;
            var bar = new SKRect(X(bin.Lower), histogramTop + (histogramHeight * (1 - share)), X(bin.Upper), histogramTop + histogramHeight);
            canvas.DrawRect(bar, barPaint);
            canvas.DrawRect(bar, barEdge);
        }

        canvas.DrawRect(new SKRect(X(0), histogramTop, X(1), histogramTop + histogramHeight), axis);
        var largestShare = ((double)tallest / samples).ToString("P0", CultureInfo.InvariantCulture);
        canvas.DrawText(largestShare, left - 6, histogramTop + 10, SKTextAlign.Right, tickFont, ink);
        for (var tick = 0; tick <= 5; tick++)
        {
            var value = tick / 5.0;
            canvas.DrawText(value.ToString("0.0", CultureInfo.InvariantCulture), X(value), histogramTop + histogramHeight + 16, SKTextAlign.Center, tickFont, ink);
        }

        canvas.DrawText("Confidence (probability of the predicted class)", left + (plotWidth / 2), height - 12, SKTextAlign.Center, labelFont, ink);
    }
}
