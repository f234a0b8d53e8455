using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Digits.Sdk.Training;

/// <summary>
/// How a training run updates the weights: the algorithm and its hyperparameters. Create one with
/// <see cref="Optimizers"/>; a fresh optimizer is built from it for every run.
/// </summary>
public abstract class OptimizerSettings
{
    private protected OptimizerSettings(string name, double learningRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(learningRate);
        if (!double.IsFinite(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be a finite number.");
        }

        Name = name;
        LearningRate = learningRate;
    }

    /// <summary>The algorithm's name, such as <c>AdamW</c>; checkpoints record it.</summary>
    public string Name { get; }

    /// <summary>The base learning rate, which a <see cref="LearningRateSchedule"/> scales step by step.</summary>
    public double LearningRate { get; }

    /// <summary>
    /// Whether every step sees the whole training set (L-BFGS) rather than one mini-batch; such a run takes
    /// one optimizer step per epoch and ignores the batch size and schedule.
    /// </summary>
    internal virtual bool IsFullBatch => false;

    /// <summary>The L2 penalty the trainer adds to the loss itself, for optimizers without weight decay of their own.</summary>
    internal virtual double L2Penalty => 0;

    /// <summary>Builds the optimizer for <paramref name="parameters"/>.</summary>
    internal abstract optim.Optimizer Create(IEnumerable<Parameter> parameters);

    /// <inheritdoc/>
    public override string ToString() => $"{Name}(lr={LearningRate.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)})";
}
