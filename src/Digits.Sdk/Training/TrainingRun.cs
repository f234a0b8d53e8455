using Digits.Sdk.Data;
using static TorchSharp.torch;

namespace Digits.Sdk.Training;

/// <summary>The outcome of <see cref="TrainingBuilder{TNetwork}.Fit(Data.DigitDataset, Data.DigitDataset?, IProgress{TrainingProgress}?, CancellationToken)"/>: the trained model and how it got there.</summary>
/// <typeparam name="TNetwork">The network type.</typeparam>
public sealed class TrainingRun<TNetwork>
    where TNetwork : nn.Module<Tensor, Tensor>
{
    internal TrainingRun(TNetwork model, TrainingHistory history, int seed, string? checkpointPath, bool stoppedEarly, TimeSpan elapsed, Device device, string optimizerName, DatasetIdentity dataset, Evaluation.TemperatureCalibration? calibration)
    {
        Calibration = calibration;
        Dataset = dataset;
        OptimizerName = optimizerName;
        Model = model;
        History = history;
        Seed = seed;
        CheckpointPath = checkpointPath;
        StoppedEarly = stoppedEarly;
        Elapsed = elapsed;
        Device = device;
    }

    /// <summary>
    /// The trained network, in evaluation mode, on <see cref="Device"/>: with the best epoch's weights when early
    /// stopping was on, else the last epoch's. The caller owns it.
    /// </summary>
    public TNetwork Model { get; }

    /// <summary>
    /// The data set the model was trained on (the training set's <see cref="DigitDataset.Identity"/>): its classes,
    /// normalisation and preprocessing, which checkpoints and exported models carry on.
    /// </summary>
    public DatasetIdentity Dataset { get; }

    /// <summary>
    /// The temperature fitted on the validation split once training ended, with the NLL and ECE there before and after,
    /// or <see langword="null"/> without a validation split or with <see cref="TrainingBuilder{TNetwork}.CalibrateTemperature"/> off.
    /// <see cref="Model"/>'s probabilities, its checkpoints and its ONNX export use it.
    /// </summary>
    public Evaluation.TemperatureCalibration? Calibration { get; }

    /// <summary>The metrics of every epoch, including those before a resume.</summary>
    public TrainingHistory History { get; }

    /// <summary>The best epoch (see <see cref="TrainingHistory.BestEpoch"/>).</summary>
    public EpochMetrics? BestEpoch => History.BestEpoch;

    /// <summary>The seed the run used.</summary>
    public int Seed { get; }

    /// <summary>
    /// The checkpoint holding <see cref="Model"/>'s weights (<c>best.ckpt</c> with a validation set, else
    /// <c>last.ckpt</c>), when checkpoints were on.
    /// </summary>
    public string? CheckpointPath { get; }

    /// <summary>Whether early stopping ended the run before its last epoch.</summary>
    public bool StoppedEarly { get; }

    /// <summary>The wall time this process spent in the run.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The device the model was trained on and is on.</summary>
    public Device Device { get; }

    private string OptimizerName { get; }

    /// <summary>
    /// Saves <see cref="Model"/>'s weights with the run's seed, history, data set and calibration as a checkpoint (without optimizer
    /// state, so it is for loading and evaluating rather than resuming), atomically.
    /// </summary>
    /// <param name="path">The checkpoint file to write; its folder is created if missing.</param>
    public void SaveCheckpoint(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var manifest = new CheckpointManifest
        {
            FormatVersion = Checkpoint.FormatVersion,
            Network = NetworkIdentity.NameOf(Model),
            ArchitectureHash = NetworkIdentity.HashOf(Model),
            Optimizer = OptimizerName,
            Seed = Seed,
            Epoch = History.Count,
            Epochs = History.Count,
            SavedAt = DateTimeOffset.UtcNow,
            History = [.. History],
            BestEpoch = History.BestEpoch?.Epoch,
            Dataset = CheckpointDataset.From(Dataset),
            Calibration = Evaluation.NetworkCalibration.Of(Model),
        };
        Checkpoint.Write(path, manifest, Model, optimizer: null);
    }
}
