using static TorchSharp.torch;

namespace Digits.Sdk.Training;

/// <summary>Everything a <see cref="TrainingBuilder{TNetwork}"/> has been told, as one immutable value.</summary>
internal sealed record TrainingOptions
{
    public OptimizerSettings Optimizer { get; init; } = Optimizers.AdamW();

    public LearningRateSchedule Schedule { get; init; } = Schedules.Constant();

    public LossFunction Loss { get; init; } = Losses.CrossEntropy();

    public int Epochs { get; init; } = TrainingDefaults.Epochs;

    public int BatchSize { get; init; } = TrainingDefaults.BatchSize;

    public int Seed { get; init; } = TrainingDefaults.Seed;

    public Func<Tensor, Generator, Tensor>? Augmentation { get; init; }

    /// <summary>MNIST-C corruptions applied after <see cref="Augmentation"/>, with the training set's normalisation (which only the loop knows).</summary>
    public CorruptionAugmentation? Corruptions { get; init; }

    public int? Patience { get; init; }

    public EarlyStoppingMetric StoppingMetric { get; init; } = EarlyStoppingMetric.ValidationLoss;

    public string? CheckpointFolder { get; init; }

    public Device? Device { get; init; }

    public string? ResumeFrom { get; init; }

    public int EvaluationBatchSize { get; init; } = Evaluation.NetworkEvaluation.DefaultBatchSize;

    public int? Threads { get; init; }

    /// <summary>Whether a temperature is fitted on the validation split once training ends (when there is one).</summary>
    public bool CalibrateTemperature { get; init; } = true;

    internal CheckpointStorage Storage { get; init; } = CheckpointStorage.Default;
}
