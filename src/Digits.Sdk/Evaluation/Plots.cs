using Digits.Sdk.Training;

namespace Digits.Sdk.Evaluation;

/// <summary>
/// Pictures of a training run and its evaluation, as PNG: training curves, the confusion matrix as a heat map,
/// the reliability diagram of the confidences, and a grid of misclassified digits. Each method renders at once and returns a <see cref="PlotImage"/> to save.
/// </summary>
/// <remarks>Text needs a font under /usr/share/fonts on Linux (Debian: <c>fonts-dejavu-core</c>).</remarks>
/// <example>
/// <code>
/// Plots.TrainingCurves(run.History).SavePng("runs/cnn/curves.png");
/// Plots.ConfusionMatrix(report).SavePng("runs/cnn/confusion.png");
/// Plots.MisclassifiedGrid(test.Images, test.Labels, predicted).SavePng("runs/cnn/mistakes.png");
/// </code>
/// </example>
public static class Plots
{
    /// <summary>Loss and accuracy per epoch, training against validation, side by side.</summary>
    /// <param name="history">The metrics of every epoch, in order, such as a run's <see cref="TrainingRun{TNetwork}.History"/> or a checkpoint's <see cref="Checkpoint.History"/>.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <exception cref="ArgumentException">The history is empty.</exception>
    public static PlotImage TrainingCurves(IReadOnlyList<EpochMetrics> history, int width = 1200, int height = 480)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0)
        {
            throw new ArgumentException("The training history is empty; train for at least one epoch before plotting it.", nameof(history));
        }

        return TrainingCurvesPlot.Render(history, width, height);
    }

    /// <summary>The confusion matrix as a heat map: counts in each cell, shaded by the share of the true class (the row).</summary>
    /// <param name="report">The evaluation to draw.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static PlotImage ConfusionMatrix(EvaluationReport report, int width = 800, int height = 700)
    {
        ArgumentNullException.ThrowIfNull(report);
        return ConfusionMatrixPlot.Render(report, width, height);
    }

    /// <summary>
    /// The reliability diagram of an evaluation: accuracy against confidence in each of its calibration bins, the gap
    /// to perfect calibration shaded, and the share of the samples per bin underneath.
    /// </summary>
    /// <param name="report">An evaluation made with probabilities (its <see cref="EvaluationReport.Calibration"/> is set).</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <exception cref="InvalidOperationException">The report has no calibration (it was built from labels alone).</exception>
    public static PlotImage ReliabilityDiagram(EvaluationReport report, int width = 700, int height = 700)
    {
        ArgumentNullException.ThrowIfNull(report);
        return ReliabilityDiagramPlot.Render(report, width, height);
    }

    /// <summary>A grid of the misclassified images, each captioned with its true and predicted class.</summary>
    /// <param name="images">The images as bytes (0 = background, 255 = ink, as in MNIST), row-major, <c>imageSide²</c> per sample.</param>
    /// <param name="trueLabels">The true class of each image.</param>
    /// <param name="predictedLabels">The predicted class of each image.</param>
    /// <param name="classNames">Names for the captions; the label numbers when omitted.</param>
    /// <param name="maxImages">At most this many mistakes are drawn (the first ones, in order).</param>
    /// <param name="columns">Images per row.</param>
    /// <param name="imageSide">The side of each square image in pixels: 28 for MNIST.</param>
    /// <returns>An image sized to fit the grid; it says so when there is no mistake to show.</returns>
    /// <exception cref="ArgumentException">The sizes of the inputs disagree.</exception>
    public static PlotImage MisclassifiedGrid(
        ReadOnlySpan<byte> images,
        ReadOnlySpan<int> trueLabels,
        ReadOnlySpan<int> predictedLabels,
        IReadOnlyList<string>? classNames = null,
        int maxImages = 100,
        int columns = 10,
        int imageSide = 28) =>
        MisclassifiedGridPlot.Render(images, trueLabels, predictedLabels, classNames, maxImages, columns, imageSide, static b => b / 255f, rescale: false);

    /// <summary>A grid of the misclassified images given as floats (any scale: each image is stretched to its own minimum and maximum).</summary>
    /// <param name="images">The images, row-major, <c>imageSide²</c> per sample; raw [0, 1] or normalised values both work.</param>
    /// <param name="trueLabels">The true class of each image.</param>
    /// <param name="predictedLabels">The predicted class of each image.</param>
    /// <param name="classNames">Names for the captions; the label numbers when omitted.</param>
    /// <param name="maxImages">At most this many mistakes are drawn (the first ones, in order).</param>
    /// <param name="columns">Images per row.</param>
    /// <param name="imageSide">The side of each square image in pixels: 28 for MNIST.</param>
    /// <returns>An image sized to fit the grid; it says so when there is no mistake to show.</returns>
    /// <exception cref="ArgumentException">The sizes of the inputs disagree.</exception>
    public static PlotImage MisclassifiedGrid(
        ReadOnlySpan<float> images,
        ReadOnlySpan<int> trueLabels,
        ReadOnlySpan<int> predictedLabels,
        IReadOnlyList<string>? classNames = null,
        int maxImages = 100,
        int columns = 10,
        int imageSide = 28) =>
        MisclassifiedGridPlot.Render(images, trueLabels, predictedLabels, classNames, maxImages, columns, imageSide, static f => f, rescale: true);

    /// <summary>
    /// One image clean and under each MNIST-C corruption (see <see cref="Robustness.Corruptions"/>), captioned with the
    /// families' names, ink bright on black as the network sees it.
    /// </summary>
    /// <param name="image">The pixels, row-major, ink bright (255) on black (0) as in MNIST.</param>
    /// <param name="height">The image's height in pixels.</param>
    /// <param name="width">The image's width in pixels.</param>
    /// <param name="families">The families to show, in order; all 15 in the paper's order when omitted.</param>
    /// <param name="seed">The seed of the corruptions (see <see cref="Robustness.Corruptions.Apply"/>).</param>
    /// <param name="columns">Images per row.</param>
    /// <returns>An image sized to fit the grid.</returns>
    /// <exception cref="ArgumentException">The image does not have <paramref name="height"/> × <paramref name="width"/> pixels.</exception>
    /// <example>
    /// <code>
    /// Plots.CorruptionGrid(digit, 28, 28).SavePng("corruptions.png");
    /// </code>
    /// </example>
    public static PlotImage CorruptionGrid(ReadOnlySpan<byte> image, int height = 28, int width = 28, IReadOnlyList<Robustness.Corruption>? families = null, int seed = 0, int columns = 8) =>
        CorruptionGridPlot.Render(image, height, width, families ?? Robustness.Corruptions.All, seed, columns);
}
