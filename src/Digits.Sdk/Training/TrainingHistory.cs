using System.Collections;
using Digits.Sdk.Evaluation;

namespace Digits.Sdk.Training;

/// <summary>The metrics of every epoch of a run, in order, and which epoch was best.</summary>
public sealed class TrainingHistory : IReadOnlyList<EpochMetrics>
{
    private readonly EpochMetrics[] epochs;

    internal TrainingHistory(IEnumerable<EpochMetrics> epochs, int? bestEpoch)
    {
        this.epochs = [.. epochs];
        BestEpoch = bestEpoch is { } number ? Array.Find(this.epochs, e => e.Epoch == number) : null;
    }

    /// <summary>
    /// The best epoch by validation loss (or validation accuracy, when early stopping watches it); the last epoch
    /// when there was no validation set; <see langword="null"/> when no epoch finished.
    /// </summary>
    public EpochMetrics? BestEpoch { get; }

    /// <summary>The last completed epoch, if any.</summary>
    public EpochMetrics? Last => epochs.Length == 0 ? null : epochs[^1];

    /// <summary>Draws the loss and accuracy curves (training and validation) as a PNG.</summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="width">The image width in pixels.</param>
    /// <param name="height">The image height in pixels.</param>
    public void SaveCurvesPng(string path, int width = 1200, int height = 480)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (epochs.Length == 0)
        {
            throw new InvalidOperationException("No epoch has finished, so there are no curves to draw.");
        }

        Plots.TrainingCurves(this, width, height).SavePng(path);
    }

    /// <inheritdoc/>
    public int Count => epochs.Length;

    /// <inheritdoc/>
    public EpochMetrics this[int index] => epochs[index];

    /// <inheritdoc/>
    public IEnumerator<EpochMetrics> GetEnumerator() => ((IEnumerable<EpochMetrics>)epochs).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
