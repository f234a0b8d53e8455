using System.Globalization;
using Digits.Sdk.Robustness;
using static TorchSharp.torch;

namespace Digits.Sdk.Training;

/// <summary>
/// How to train a network well, as plain values: optimizer, learning rate and schedule, loss, epochs, batch size and
/// augmentation. Every zoo model carries one (<c>LeNet5.Recipe</c>, <see cref="Models.ZooModel.Recipe"/>); tuning changes
/// its values by name (<see cref="With(string, string)"/>), and <see cref="Configure{TNetwork}"/> turns it into a
/// <see cref="TrainingBuilder{TNetwork}"/>.
/// </summary>
/// <example>
/// <code>
/// var run = LeNet5.Recipe.With("epochs", "3").Configure(Trainer.For&lt;LeNet5&gt;()).Fit(data.Train, data.Validation);
/// </code>
/// </example>
public sealed record TrainingRecipe
{
    /// <summary>The names <see cref="With(string, string)"/> accepts, in camelCase as the CLI writes them.</summary>
    public static IReadOnlyList<string> HyperparameterNames { get; } = [.. RecipeHyperparameters.All.Select(p => p.Name)];

    /// <summary>The optimizer (default <see cref="TrainingDefaults.Optimizer"/>).</summary>
    public OptimizerKind Optimizer { get; init; } = TrainingDefaults.Optimizer;

    /// <summary>The (peak) learning rate (default <see cref="TrainingDefaults.LearningRate"/>, whatever the optimizer).</summary>
    public double LearningRate { get; init; } = TrainingDefaults.LearningRate;

    /// <summary>
    /// Weight decay: decoupled for AdamW, L2 for SGD and Adam, the L2 penalty for L-BFGS. None by default, unlike a
    /// bare builder's <see cref="Optimizers.AdamW"/> (see <see cref="TrainingDefaults"/>).
    /// </summary>
    public double WeightDecay { get; init; }

    /// <summary>The momentum of SGD (Nesterov when positive; default <see cref="TrainingDefaults.Momentum"/>); ignored by the other optimizers.</summary>
    public double Momentum { get; init; } = TrainingDefaults.Momentum;

    /// <summary>
    /// The learning-rate schedule; L-BFGS ignores it. One-cycle by default: a recipe says how to train well, where a
    /// bare builder keeps a constant rate (see <see cref="TrainingDefaults"/>).
    /// </summary>
    public ScheduleKind Schedule { get; init; } = ScheduleKind.OneCycle;

    /// <summary>The loss (default <see cref="TrainingDefaults.Loss"/>).</summary>
    public LossKind Loss { get; init; } = TrainingDefaults.Loss;

    /// <summary>Label smoothing for the cross-entropy loss, in [0, 1).</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>The number of epochs (for L-BFGS, each epoch is one step of up to 20 iterations over the whole set; default <see cref="TrainingDefaults.Epochs"/>).</summary>
    public int Epochs { get; init; } = TrainingDefaults.Epochs;

    /// <summary>The mini-batch size (default <see cref="TrainingDefaults.BatchSize"/>); L-BFGS ignores it.</summary>
    public int BatchSize { get; init; } = TrainingDefaults.BatchSize;

    /// <summary>Random shift of training images as a fraction of their size; 0 with no rotation and no scaling means no augmentation.</summary>
    public double AugmentShift { get; init; }

    /// <summary>Random rotation of training images, up to this many degrees either way.</summary>
    public double AugmentRotate { get; init; }

    /// <summary>Random scaling of training images, by up to this fraction either way.</summary>
    public double AugmentScale { get; init; }

    /// <summary>
    /// Random thickening or thinning of the strokes of training images, up to this blend with their dilation or
    /// erosion in [0, 1] (see <see cref="Data.Augment.StrokeWidth"/>); 0 leaves strokes as they are.
    /// </summary>
    public double AugmentStroke { get; init; }

    /// <summary>
    /// The chance, in [0, 1], that a training image is corrupted with one of <see cref="AugmentCorruptionFamilies"/>
    /// (see <see cref="Data.Augment.Corruptions"/>); 0, the default, corrupts none.
    /// </summary>
    public double AugmentCorruptions { get; init; }

    /// <summary>
    /// The MNIST-C families <see cref="AugmentCorruptions"/> draws from; all 15 by default. Leave some out to measure
    /// generalisation to corruptions the network never saw.
    /// </summary>
    public IReadOnlyList<Corruption> AugmentCorruptionFamilies
    {
        get;

        // All 15 in order is kept as the one shared list, so recipes read back from text compare equal.
        init => field = value is null || value.SequenceEqual(Corruptions.All) ? Corruptions.All : [.. value];
    } = Corruptions.All;

    /// <summary>The seed of the initial weights, shuffles and augmentation (default <see cref="TrainingDefaults.Seed"/>).</summary>
    public int Seed { get; init; } = TrainingDefaults.Seed;

    /// <summary>Whether the recipe augments the training images.</summary>
    public bool Augments => AugmentsGeometry || AugmentCorruptions > 0;

    private bool AugmentsGeometry => AugmentShift > 0 || AugmentRotate > 0 || AugmentScale > 0 || AugmentStroke > 0;

    /// <summary>The optimizer settings the recipe describes.</summary>
    /// <returns>Settings from <see cref="Optimizers"/>.</returns>
    public OptimizerSettings CreateOptimizer() => Optimizer switch
    {
        OptimizerKind.Sgd => Optimizers.Sgd(LearningRate, Momentum, nesterov: Momentum > 0, weightDecay: WeightDecay),
        OptimizerKind.Adam => Optimizers.Adam(LearningRate, weightDecay: WeightDecay),
        OptimizerKind.AdamW => Optimizers.AdamW(LearningRate, WeightDecay),
        OptimizerKind.Lbfgs => Optimizers.Lbfgs(LearningRate, l2: WeightDecay),
        _ => throw new InvalidOperationException($"Unknown optimizer {Optimizer}."),
    };

    /// <summary>The schedule the recipe describes.</summary>
    /// <returns>A schedule from <see cref="Schedules"/>.</returns>
    public LearningRateSchedule CreateSchedule() => Schedule switch
    {
        ScheduleKind.Constant => Schedules.Constant(),
        ScheduleKind.Cosine => Schedules.Cosine(),
        ScheduleKind.OneCycle => Schedules.OneCycle(),
        _ => throw new InvalidOperationException($"Unknown schedule {Schedule}."),
    };

    /// <summary>The loss the recipe describes.</summary>
    /// <returns>A loss from <see cref="Losses"/>.</returns>
    public LossFunction CreateLoss() => Loss switch
    {
        LossKind.CrossEntropy => Losses.CrossEntropy(LabelSmoothing),
        LossKind.MultiClassHinge => Losses.MultiClassHinge(),
        _ => throw new InvalidOperationException($"Unknown loss {Loss}."),
    };

    /// <summary>Applies the whole recipe to a training builder (optimizer, schedule, loss, epochs, batch size, seed, augmentation).</summary>
    /// <typeparam name="TNetwork">The network type.</typeparam>
    /// <param name="builder">The builder to configure, such as <c>Trainer.For&lt;LeNet5&gt;()</c>.</param>
    /// <returns>A new builder; further calls can still change it (checkpoints, early stopping, threads).</returns>
    public TrainingBuilder<TNetwork> Configure<TNetwork>(TrainingBuilder<TNetwork> builder)
        where TNetwork : nn.Module<Tensor, Tensor>
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configured = builder
            .Optimizer(CreateOptimizer())
            .Schedule(CreateSchedule())
            .Loss(CreateLoss())
            .Epochs(Epochs)
            .BatchSize(BatchSize)
            .Seed(Seed);
        if (AugmentsGeometry)
        {
            var (shift, rotate, scale, stroke) = (AugmentShift, AugmentRotate, AugmentScale, AugmentStroke);

            // The stroke draws come after the affine ones, so recipes without it keep their random sequence.
            configured = configured.Augment((images, random) => stroke > 0
                ? Data.Augment.StrokeWidth(Data.Augment.RandomAffine(images, shift, rotate, scale, random), stroke, random)
                : Data.Augment.RandomAffine(images, shift, rotate, scale, random));
        }

        if (AugmentCorruptions > 0)
        {
            configured = configured.AugmentCorruptions(AugmentCorruptions, AugmentCorruptionFamilies);
        }

        return configured;
    }

    /// <summary>A copy with one hyperparameter changed, by its name in <see cref="HyperparameterNames"/> (case-insensitive).</summary>
    /// <param name="name">A hyperparameter name, such as <c>learningRate</c> or <c>epochs</c>.</param>
    /// <param name="value">The value in invariant culture, such as <c>3e-3</c>, <c>10</c> or <c>Cosine</c>.</param>
    /// <returns>The changed recipe.</returns>
    /// <exception cref="ArgumentException">The name is unknown or the value does not parse or is out of range.</exception>
    public TrainingRecipe With(string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        return RecipeHyperparameters.Find(name).Apply(this, value);
    }

    /// <summary>A copy with one numeric hyperparameter changed (see <see cref="With(string, string)"/>).</summary>
    /// <param name="name">A hyperparameter name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The changed recipe.</returns>
    public TrainingRecipe With(string name, double value) => With(name, value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>The value of a hyperparameter by name, as text in invariant culture.</summary>
    /// <param name="name">A name from <see cref="HyperparameterNames"/>.</param>
    /// <returns>The value.</returns>
    public string Get(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return RecipeHyperparameters.Find(name).Read(this);
    }

    /// <summary>The recipe on one line, such as <c>AdamW lr=0.003 wd=0.0005 OneCycle CrossEntropy 1 epoch(s) × 128</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{Optimizer} lr={LearningRate:G4} wd={WeightDecay:G4} {(Optimizer == OptimizerKind.Lbfgs ? "full batch" : Schedule.ToString())} {Loss}");
        if (LabelSmoothing > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"(smoothing {LabelSmoothing:G3})");
        }

        text += Optimizer == OptimizerKind.Lbfgs
            ? string.Create(CultureInfo.InvariantCulture, $", {Epochs} step(s)")
            : string.Create(CultureInfo.InvariantCulture, $", {Epochs} epoch(s) of batches of {BatchSize}");
        if (AugmentsGeometry)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", augmented (shift {AugmentShift:G3}, rotate {AugmentRotate:G3}°, scale {AugmentScale:G3}{(AugmentStroke > 0 ? $", stroke {AugmentStroke:G3}" : string.Empty)})");
        }

        if (AugmentCorruptions > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", corrupted at {AugmentCorruptions:G3} ({Corruptions.Format(AugmentCorruptionFamilies)})");
        }

        return text;
    }
}
