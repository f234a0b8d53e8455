using System.Collections;

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

    /// <inheritdoc/>
    public int Count => epochs.Length;

    /// <inheritdoc/>
    public EpochMetrics this[int index] => epochs[index];

    /// <inheritdoc/>
    public IEnumerator<EpochMetrics> GetEnumerator() => ((IEnumerable<EpochMetrics>)epochs).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
