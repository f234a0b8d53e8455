using ScottPlot;
using Digits.Sdk.Training;
using SkiaSharp;

namespace Digits.Sdk.Evaluation;

/// <summary>Draws loss and accuracy per epoch (training solid, validation dashed) as two ScottPlot panels side by side.</summary>
internal static class TrainingCurvesPlot
{
    private static readonly Color Train = Color.FromHex("#1F77B4");
    private static readonly Color Validation = Color.FromHex("#FF7F0E");

    public static PlotImage Render(IReadOnlyList<EpochMetrics> history, int width, int height)
    {
        // Loss falls and accuracy rises, so their legends go where the curves are not.
        var loss = Panel("Loss", "loss", history, r => r.TrainLoss, r => r.ValidationLoss, Alignment.UpperRight);
        var accuracy = Panel("Accuracy", "accuracy", history, r => r.TrainAccuracy, r => r.ValidationAccuracy, Alignment.LowerRight);
        var half = width / 2;
        return PlotImage.Render(width, height, canvas =>
        {
            DrawPanel(canvas, loss, SKRect.Create(0, 0, half, height));
            DrawPanel(canvas, accuracy, SKRect.Create(half, 0, width - half, height));
        });
    }

    private static void DrawPanel(SKCanvas canvas, Plot plot, SKRect area)
    {
        // ScottPlot clears the whole canvas before drawing, so each panel gets its own clipped, shifted origin.
        canvas.Save();
        canvas.ClipRect(area);
        canvas.Translate(area.Left, area.Top);
        plot.Render(canvas, (int)area.Width, (int)area.Height);
        canvas.Restore();
    }

    private static Plot Panel(string title, string axis, IReadOnlyList<EpochMetrics> history, Func<EpochMetrics, double> train, Func<EpochMetrics, double?> validation, Alignment legend)
    {
        var plot = new Plot();
        plot.Font.Set(PlotFonts.FamilyName);
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(axis);

        var epochs = history.Select(r => (double)r.Epoch).ToArray();
        var trainLine = plot.Add.Scatter(epochs, history.Select(train).ToArray(), Train);
        trainLine.LegendText = "train";
        trainLine.LineWidth = 2;
        trainLine.MarkerSize = history.Count > 50 ? 0 : 6;

        var validated = history.Where(r => validation(r) is not null).ToArray();
        if (validated.Length > 0)
        {
            var validationLine = plot.Add.Scatter(
                validated.Select(r => (double)r.Epoch).ToArray(),
                validated.Select(r => validation(r)!.Value).ToArray(),
                Validation);
            validationLine.LegendText = "validation";
            validationLine.LineWidth = 2;
            validationLine.LinePattern = LinePattern.Dashed;
            validationLine.MarkerSize = history.Count > 50 ? 0 : 6;
        }

        // Epochs are whole numbers; ScottPlot would otherwise put ticks at 1.5 for short runs.
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend(legend);
        return plot;
    }
}
