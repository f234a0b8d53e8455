namespace Digits.Sdk.Training;

/// <summary>The JSON part of a checkpoint file: everything but the tensors (see <see cref="Checkpoint"/> for the layout).</summary>
internal sealed record CheckpointManifest
{
    public required int FormatVersion { get; init; }

    public required string Network { get; init; }

    public required string ArchitectureHash { get; init; }

    public required string Optimizer { get; init; }

    public required int Seed { get; init; }

    /// <summary>Completed epochs.</summary>
    public required int Epoch { get; init; }

    /// <summary>Completed batches of epoch <see cref="Epoch"/> + 1, when the run stopped mid-epoch; 0 at an epoch boundary.</summary>
    public int BatchInEpoch { get; init; }

    /// <summary>The running sums of the unfinished epoch, so a resumed run reports the same epoch metrics.</summary>
    public EpochTotals? PartialEpoch { get; init; }

    public required int Epochs { get; init; }

    public required DateTimeOffset SavedAt { get; init; }

    public required IReadOnlyList<EpochMetrics> History { get; init; }

    public int? BestEpoch { get; init; }

    public int EpochsWithoutImprovement { get; init; }

    /// <summary>The data set the network was trained on; <see langword="null"/> in checkpoints written before it was recorded.</summary>
    public CheckpointDataset? Dataset { get; init; }

    /// <summary>The temperature the network's probabilities are calibrated with; <see langword="null"/> for an uncalibrated network and in older checkpoints.</summary>
    public Evaluation.TemperatureCalibration? Calibration { get; init; }
}
