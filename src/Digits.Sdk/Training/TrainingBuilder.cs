using Digits.Sdk.Data;
using static TorchSharp.torch;

namespace Digits.Sdk.Training;

/// <summary>
/// An immutable description of a training run: every method returns a new builder, so one builder can be the
/// base of several runs. <c>Fit</c> runs it.
/// </summary>
/// <typeparam name="TNetwork">The network type.</typeparam>
public sealed class TrainingBuilder<TNetwork>
    where TNetwork : nn.Module<Tensor, Tensor>
{
    private readonly Func<TNetwork> create;
    private readonly TrainingOptions options;

    internal TrainingBuilder(Func<TNetwork> create, TrainingOptions options)
    {
        this.create = create;
        this.options = options;
    }

    internal TrainingOptions Options => options;

    /// <summary>Sets the optimizer (default <see cref="Optimizers.AdamW"/> with its defaults, as <see cref="TrainingDefaults.Optimizer"/> says).</summary>
    /// <param name="optimizer">Settings from <see cref="Optimizers"/>.</param>
    /// <returns>A new builder.</returns>
    public TrainingBuilder<TNetwork> Optimizer(OptimizerSettings optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        return With(options with { Optimizer = optimizer });
    }

    /// <summary>Sets the learning-rate schedule (default <see cref="Schedules.Constant"/>); it steps after every batch.</summary>
    /// <param name="schedule">A schedule from <see cref="Schedules"/>.</param>
    /// <returns>A new builder.</returns>
    public TrainingBuilder<TNetwork> Schedule(LearningRateSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return With(options with { Schedule = schedule });
    }

    /// <summary>Sets the loss (default <see cref="Losses.CrossEntropy"/>).</summary>
    /// <param name="loss">A loss from <see cref="Losses"/>.</param>
    /// <returns>A new builder.</returns>
    public TrainingBuilder<TNetwork> Loss(LossFunction loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        return With(options with { Loss = loss });
    }

    /// <summary>Sets the number of epochs (default <see cref="TrainingDefaults.Epochs"/>). When resuming, this is the total, counting the epochs already done.</summary>
    /// <param name="epochs">At least 1.</param>
    /// <returns>A new builder.</returns>
    public TrainingBuilder<TNetwork> Epochs(int epochs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        return With(options with { Epochs = epochs });
    }

    /// <summary>Sets the mini-batch size (default <see cref="TrainingDefaults.BatchSize"/>). Full-batch L-BFGS ignores it.</summary>
    /// <param name="batchSize">At least 1.</param>
    /// <returns>A new builder.</returns>
    public TrainingBuilder<TNetwork> BatchSize(int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return With(options with { BatchSize = batchSize });
    }

    /// <summary>
    /// Sets the seed (default <see cref="TrainingDefaults.Seed"/>) of the initial weights, the shuffles, dropout and augmentation. The same seed
    /// gives the same metrics on the CPU.
    /// </summary>
    /// <param name="seed">Any number.</param>
    /// <returns>A new builder.</returns>
    public TrainingBuilder<TNetwork> Seed(int seed) => With(options with { Seed = seed });

    /// <summary>
    /// Transforms every training batch's images (<c>[batch, channels, height, width]</c>) before the forward pass,
    /// for data augmentation. Validation batches are never augmented. Draw randomness from torch's generator
    /// (<c>torch.rand</c> and friends): the trainer seeds it per batch, so augmented runs stay reproducible.
    /// </summary>
    /// <param name="augmentation">Returns the augmented batch (a new tensor, or the input itself).</param>
    /// <returns>A new builder.</returns>
    public TrainingBuilder<TNetwork> Augment(Func<Tensor, Tensor> augmentation)
    {
        ArgumentNullException.ThrowIfNull(augmentation);
        return With(options with { Augmentation = (images, _) => augmentation(images) });
    }

    /// <summary>
    /// Transforms every training batch's images with a random source the trainer seeds per batch, for
    /// augmentations that take a generator, such as <see cref="Data.Augment.RandomAffine"/>. Validation batches
    /// are never augmented.
    /// </summary>
    /// <param name="augmentation">Returns the augmented batch, drawing its randomness from the given generator.</param>
    /// <returns>A new builder.</returns>
    /// <example>
    /// <code>
    /// Trainer.For&lt;TopCnn&gt;().Augment((images, random) =&gt; Augment.RandomAffine(images, shift: 0.1, rotate: 10, generator: random));
    /// </code>
    /// </example>
    public TrainingBuilder<TNetwork> Augment(Func<Tensor, Generator, Tensor> augmentation)
    {
        ArgumentNullException.ThrowIfNull(augmentation);
        return With(options with { Augmentation = augmentation });
    }

    /// <summary>
    /// Corrupts a share of every training batch with MNIST-C's corruptions (see <see cref="Data.Augment.Corruptions"/>),
    /// after any <see cref="Augment(Func{Tensor, Generator, Tensor})"/>, with the training set's normalisation and the
    /// generator the trainer seeds per batch, so the run stays reproducible. Validation batches are never corrupted.
    /// </summary>
    /// <param name="probability">The chance, in [0, 1], that a training image is corrupted; 0 turns the corruptions off.</param>
    /// <param name="families">The families to draw from; all 15 when omitted. Leave some out to measure how the network copes with corruptions it never saw.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentException">The probability is outside [0, 1] or the list of families is empty.</exception>
    /// <example>
    /// <code>
    /// Trainer.For&lt;FastCnn&gt;().AugmentCorruptions(0.5, Corruptions.Parse("shot_noise,fog,stripe"));
    /// </code>
    /// </example>
    public TrainingBuilder<TNetwork> AugmentCorruptions(double probability, IReadOnlyList<Robustness.Corruption>? families = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(probability);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(probability, 1.0);
        families ??= Robustness.Corruptions.All;
        if (families.Count == 0)
        {
            throw new ArgumentException("Corruption augmentation needs at least one corruption family to draw from.", nameof(families));
        }

        return With(options with { Corruptions = probability > 0 ? new CorruptionAugmentation(probability, [.. families]) : null });
    }

    /// <summary>
    /// Stops when <paramref name="metric"/> has not improved for <paramref name="patience"/> epochs and restores
    /// the weights of the best epoch. Needs a validation set.
    /// </summary>
    /// <param name="patience">Epochs without improvement to tolerate; at least 1 (default <see cref="TrainingDefaults.Patience"/>).</param>
    /// <param name="metric">What to watch (default the validation loss).</param>
    /// <returns>A new builder.</returns>
    public TrainingBuilder<TNetwork> EarlyStopping(int patience = TrainingDefaults.Patience, EarlyStoppingMetric metric = EarlyStoppingMetric.ValidationLoss)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(patience, 1);
        return With(options with { Patience = patience, StoppingMetric = metric });
    }

    /// <summary>
    /// Saves checkpoints in <paramref name="folder"/>: <c>last.ckpt</c> after every epoch and on cancellation, and
    /// <c>best.ckpt</c> whenever the validation metric improves (format: <see cref="Checkpoint"/>).
    /// </summary>
    /// <param name="folder">Created if missing.</param>
    /// <returns>A new builder.</returns>
    public TrainingBuilder<TNetwork> Checkpoints(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        return With(options with { CheckpointFolder = folder });
    }

    /// <summary>Sets the device to train on (default the CPU; <see cref="Devices.Best"/> picks a GPU when there is one).</summary>
    /// <param name="device">The device.</param>
    /// <returns>A new builder.</returns>
    public TrainingBuilder<TNetwork> Device(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return With(options with { Device = device });
    }

    /// <summary>
    /// Continues the run saved in <paramref name="checkpointPath"/>: weights, optimizer state, history and position
    /// (epoch and batch) are restored, and the seed is the checkpoint's. With the same settings, a resumed run
    /// ends with exactly the metrics of an uninterrupted one on the CPU.
    /// </summary>
    /// <param name="checkpointPath">A checkpoint of the same network.</param>
    /// <returns>A new builder.</returns>
    public TrainingBuilder<TNetwork> Resume(string checkpointPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointPath);
        return With(options with { ResumeFrom = checkpointPath });
    }

    /// <summary>Sets how many threads torch uses for this run (default: one per processor).</summary>
    /// <param name="threads">At least 1.</param>
    /// <returns>A new builder.</returns>
    public TrainingBuilder<TNetwork> Threads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        return With(options with { Threads = threads });
    }

    /// <summary>Trains on <paramref name="data"/>'s training part and validates on its validation part.</summary>
    /// <param name="data">A split from <see cref="DigitDataset.Split"/>.</param>
    /// <param name="progress">Receives a report after every batch and phase change.</param>
    /// <param name="cancellationToken">Stops training between two batches; see <see cref="TrainingCanceledException"/>.</param>
    /// <returns>The trained model and its history.</returns>
    /// <exception cref="TrainingCanceledException">The token fired; the state was saved when checkpoints are on.</exception>
    public TrainingRun<TNetwork> Fit(TrainValidationData data, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Fit(data.Train, data.Validation, progress, cancellationToken);
    }

    /// <summary>Runs the training described by this builder.</summary>
    /// <param name="train">The data to train on.</param>
    /// <param name="validation">Held-out data to measure after every epoch; needed for early stopping and <c>best.ckpt</c>.</param>
    /// <param name="progress">Receives a report after every batch and phase change, on the training thread.</param>
    /// <param name="cancellationToken">Stops training between two batches; see <see cref="TrainingCanceledException"/>.</param>
    /// <returns>The trained model and its history.</returns>
    /// <exception cref="ArgumentException">The data does not fit the network, or early stopping has no validation set.</exception>
    /// <exception cref="TrainingCanceledException">The token fired; the state was saved when checkpoints are on.</exception>
    /// <exception cref="CheckpointMismatchException">The checkpoint to resume belongs to another network.</exception>
    /// <exception cref="ResumeMismatchException">The checkpoint to resume was trained with another optimizer or on another data set.</exception>
    public TrainingRun<TNetwork> Fit(DigitDataset train, DigitDataset? validation = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (options.Patience is not null && validation is null)
        {
            throw new ArgumentException("Early stopping watches a validation metric, so Fit needs a validation set: pass one, or drop EarlyStopping.", nameof(validation));
        }

        return new TrainingLoop<TNetwork>(create, options, train, validation, progress, cancellationToken).Run();
    }

    /// <summary>
    /// Whether the run fits a temperature on its validation split once training ends (on by default; needs a validation
    /// split): the model's probabilities, its checkpoint and its ONNX export are then calibrated
    /// (<see cref="Evaluation.TemperatureScaling"/>). Predictions do not change, only their confidences.
    /// </summary>
    /// <param name="enabled">False keeps the network's own softmax.</param>
    /// <returns>A new builder.</returns>
    public TrainingBuilder<TNetwork> CalibrateTemperature(bool enabled = true) => With(options with { CalibrateTemperature = enabled });

    internal TrainingBuilder<TNetwork> WithStorage(CheckpointStorage storage) => With(options with { Storage = storage });

    private TrainingBuilder<TNetwork> With(TrainingOptions changed) => new(create, changed);
}
