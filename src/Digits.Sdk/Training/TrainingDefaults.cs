namespace Digits.Sdk.Training;

/// <summary>
/// What training uses when it is told nothing: the one place the SDK's defaults live. <see cref="Trainer"/>'s
/// builders, a new <see cref="TrainingRecipe"/>, the <see cref="Optimizers"/>' parameters, the tuner's seed and
/// the CLI's options all read these values, so <c>Trainer.For&lt;LeNet5&gt;().Fit(train)</c> and
/// <c>new TrainingRecipe().Configure(Trainer.For&lt;LeNet5&gt;()).Fit(train)</c> agree on them.
/// </summary>
/// <remarks>
/// Two choices differ on purpose between a bare builder and a recipe, and each lives where it applies: a builder
/// keeps a <see cref="Schedules.Constant"/> rate and AdamW's own weight decay (<see cref="Optimizers.AdamW"/>'s
/// default), while a recipe says how to train well and defaults to <see cref="ScheduleKind.OneCycle"/> with no weight
/// decay (<see cref="TrainingRecipe.Schedule"/>, <see cref="TrainingRecipe.WeightDecay"/>).
/// </remarks>
public static class TrainingDefaults
{
    /// <summary>The optimizer: AdamW.</summary>
    public const OptimizerKind Optimizer = OptimizerKind.AdamW;

    /// <summary>The (peak) learning rate of the default optimizer, and of Adam: 1e-3.</summary>
    public const double LearningRate = 1e-3;

    /// <summary>The momentum of SGD (<see cref="Optimizers.Sgd"/>): 0.9.</summary>
    public const double Momentum = 0.9;

    /// <summary>The loss: softmax cross-entropy without label smoothing.</summary>
    public const LossKind Loss = LossKind.CrossEntropy;

    /// <summary>The number of epochs: 5.</summary>
    public const int Epochs = 5;

    /// <summary>The mini-batch size: 128.</summary>
    public const int BatchSize = 128;

    /// <summary>The seed of the initial weights, the shuffles, dropout, augmentation and a search's draws: 42.</summary>
    public const int Seed = 42;

    /// <summary>How many epochs without improvement early stopping tolerates: 3.</summary>
    public const int Patience = 3;
}
