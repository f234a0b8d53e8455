using System.Diagnostics;
using Digits.Sdk.Data;
using Digits.Sdk.Modeling;
using Digits.Sdk.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Sdk.Training;

/// <summary>One run of a <see cref="TrainingBuilder{TNetwork}"/>: the epoch and batch loops, validation, checkpoints, early stopping.</summary>
/// <remarks>
/// Reproducibility comes from seeding torch's generator afresh before every batch from (seed, epoch, batch),
/// rather than once per run: dropout and augmentation then depend only on where the run is, so a run resumed
/// from a checkpoint, even one taken mid-epoch, draws exactly the numbers an uninterrupted run would.
/// </remarks>
internal sealed class TrainingLoop<TNetwork>
    where TNetwork : nn.Module<Tensor, Tensor>
{
    private const string LastFileName = "last" + Checkpoint.Extension;
    private const string BestFileName = "best" + Checkpoint.Extension;

    /// <summary>Samples per forward pass when L-BFGS evaluates the loss over the whole training set.</summary>
    private const int FullBatchChunk = 8192;

    /// <summary>Decorrelates the augmentation generator's seed from the global generator's for the same batch.</summary>
    private const long AugmentationStream = 0x5DEECE66DL;

    private readonly Func<TNetwork> create;
    private readonly TrainingOptions options;
    private readonly DigitDataset train;
    private readonly DigitDataset? validation;
    private readonly IProgress<TrainingProgress>? progress;
    private readonly CancellationToken cancellationToken;
    private readonly Stopwatch clock = new();
    private readonly List<EpochMetrics> history = [];
    private int seed;
    private Generator? augmentationRandom;
    private int? bestEpoch;
    private int epochsWithoutImprovement;

    public TrainingLoop(Func<TNetwork> create, TrainingOptions options, DigitDataset train, DigitDataset? validation, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        this.create = create;
        this.options = options;
        this.train = train;
        this.validation = validation;
        this.progress = progress;
        this.cancellationToken = cancellationToken;
    }

    private bool FullBatch => options.Optimizer.IsFullBatch;

    private int BatchesPerEpoch => FullBatch ? 1 : (train.Count + options.BatchSize - 1) / options.BatchSize;

    private string? LastPath => options.CheckpointFolder is { } folder ? Path.Combine(folder, LastFileName) : null;

    private string? BestPath => options.CheckpointFolder is { } folder ? Path.Combine(folder, BestFileName) : null;

    public TrainingRun<TNetwork> Run()
    {
        TorchRuntime.EnsureAvailable();
        clock.Start();
        var threads = options.Threads ?? Environment.ProcessorCount;
        if (get_num_threads() != threads)
        {
            set_num_threads(threads);
        }

        var device = options.Device ?? CPU;
        var resume = options.ResumeFrom is { } resumePath ? Checkpoint.Read(resumePath) : null;
        if (options.CheckpointFolder is not null)
        {
            // A run killed while writing a checkpoint leaves its temporary file; best.ckpt may not be written again soon.
            options.Storage.SweepStaleTemporaries(LastPath!);
            options.Storage.SweepStaleTemporaries(BestPath!);
        }

        seed = resume?.Seed ?? options.Seed;

        // Seeding before the network exists makes its initial weights part of what the seed fixes.
        random.manual_seed(seed);
        var model = create();
        CheckInput(model);
        model.to(device);
        model.train();
        using var optimizer = options.Optimizer.Create(model.parameters());

        var startEpoch = 0;
        var skipBatches = 0;
        var partial = EpochTotals.Empty;
        if (resume is not null)
        {
            (startEpoch, skipBatches, partial) = Restore(resume, model, optimizer);
        }

        Dictionary<string, Tensor>? bestWeights = null;
        var stoppedEarly = false;
        try
        {
            for (var epoch = startEpoch; epoch < options.Epochs; epoch++)
            {
                var started = clock.Elapsed;
                var totals = epoch == startEpoch ? partial : EpochTotals.Empty;
                totals = FullBatch
                    ? RunFullBatchEpoch(model, optimizer, epoch, device)
                    : RunEpoch(model, optimizer, epoch, epoch == startEpoch ? skipBatches : 0, totals, device);

                double? validationLoss = null;
                double? validationAccuracy = null;
                if (validation is not null)
                {
                    Report(TrainingPhase.Validating, epoch, BatchesPerEpoch, totals);
                    (validationLoss, validationAccuracy) = BatchedScoring.LossAndAccuracy(model, validation, options.Loss, device, options.EvaluationBatchSize);
                }

                var metrics = new EpochMetrics(epoch + 1, totals.Loss, totals.Accuracy, validationLoss, validationAccuracy, totals.LearningRate, clock.Elapsed - started, totals.ImagesPerSecond);
                history.Add(metrics);
                var improved = Improves(metrics);
                if (improved)
                {
                    bestEpoch = metrics.Epoch;
                    epochsWithoutImprovement = 0;
                    if (options.Patience is not null)
                    {
                        DisposeAll(bestWeights);
                        bestWeights = Snapshot(model);
                    }
                }
                else
                {
                    epochsWithoutImprovement++;
                }

                if (options.CheckpointFolder is not null)
                {
                    Report(TrainingPhase.Checkpointing, epoch, BatchesPerEpoch, totals);
                    var manifest = Manifest(model, epoch + 1, 0, null);
                    Checkpoint.Write(LastPath!, manifest, model, optimizer, options.Storage);
                    if (improved && validation is not null)
                    {
                        Checkpoint.Write(BestPath!, manifest, model, optimizer, options.Storage);
                    }
                }

                if (options.Patience is { } patience && epochsWithoutImprovement >= patience && epoch + 1 < options.Epochs)
                {
                    stoppedEarly = true;
                    break;
                }
            }

            if (options.Patience is not null && bestEpoch is { } best && best != history[^1].Epoch)
            {
                RestoreBest(model, bestWeights, best);
            }
        }
        finally
        {
            DisposeAll(bestWeights);
            augmentationRandom?.Dispose();
        }

        model.eval();
        var final = history.Count == 0 ? null : history[^1];
        var checkpointPath = options.Patience is not null && validation is not null ? BestPath : LastPath;
        NetworkDatasets.Record(model, train.Identity);
        var calibration = Calibrate(model, checkpointPath, final);
        progress?.Report(new TrainingProgress(TrainingPhase.Completed, final?.Epoch ?? startEpoch, options.Epochs, BatchesPerEpoch, BatchesPerEpoch, final?.TrainLoss ?? double.NaN, final?.TrainAccuracy ?? double.NaN, final?.LearningRate ?? 0, final?.ImagesPerSecond ?? 0, clock.Elapsed, TimeSpan.Zero));
        return new TrainingRun<TNetwork>(model, new TrainingHistory(history, bestEpoch), seed, checkpointPath, stoppedEarly, clock.Elapsed, device, options.Optimizer.Name, train.Identity, calibration);
    }

    /// <summary>
    /// Fits the trained model's temperature on the validation split (when there is one and calibration is on), records
    /// it for the model, and adds it to the checkpoint that holds the model's weights, so a user who loads that file
    /// gets the probabilities the run reports.
    /// </summary>
    private Evaluation.TemperatureCalibration? Calibrate(TNetwork model, string? checkpointPath, EpochMetrics? final)
    {
        // A resumed run's network may carry the temperature of the weights it started from.
        Evaluation.NetworkCalibration.Clear(model);
        if (validation is null || !options.CalibrateTemperature || final is null)
        {
            return null;
        }

        var totals = EpochTotals.Empty;
        Report(TrainingPhase.Calibrating, final.Epoch - 1, BatchesPerEpoch, totals);
        var calibration = Evaluation.TemperatureScaling.CalibrateTemperature(model, validation, options.EvaluationBatchSize);
        if (checkpointPath is not null && File.Exists(checkpointPath))
        {
            var saved = Checkpoint.Read(checkpointPath);
            saved.Rewrite(saved.Manifest with { Calibration = calibration }, options.Storage);
        }

        return calibration;
    }

    private EpochTotals RunEpoch(TNetwork model, optim.Optimizer optimizer, int epoch, int skipBatches, EpochTotals totals, Device device)
    {
        var batchesPerEpoch = BatchesPerEpoch;
        var totalSteps = (long)batchesPerEpoch * options.Epochs;
        var baseRate = options.Optimizer.LearningRate;
        model.train();
        foreach (var batch in train.Batches(options.BatchSize, shuffle: true, seed, epoch))
        {
            if (batch.Index < skipBatches)
            {
                continue;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                Cancel(model, optimizer, epoch, batch.Index, totals);
            }

            var started = Stopwatch.GetTimestamp();
            var rate = options.Schedule.RateAt(baseRate, ((long)epoch * batchesPerEpoch) + batch.Index, totalSteps, batchesPerEpoch);
            float loss;
            long correct;
            using (NewDisposeScope())
            {
                random.manual_seed(BatchSeed(seed, epoch, batch.Index));
                SetLearningRate(optimizer, rate);
                var images = batch.Images.to(device);
                var labels = batch.Labels.to(device);
                if (options.Augmentation is not null || options.Corruptions is not null)
                {
                    augmentationRandom ??= new Generator(0, device);
                    augmentationRandom.manual_seed(BatchSeed(seed, epoch, batch.Index) ^ AugmentationStream);
                    if (options.Augmentation is { } augment)
                    {
                        images = augment(images, augmentationRandom);
                    }

                    // After the user's augmentation, from the same generator: runs without corruptions keep their draws.
                    if (options.Corruptions is { } corruptions)
                    {
                        images = Augment.Corruptions(images, corruptions.Probability, corruptions.Families, augmentationRandom, train.Normalization);
                    }
                }

                optimizer.zero_grad();
                var logits = model.forward(images);
                var lossTensor = options.Loss.Compute(logits, labels);
                lossTensor.backward();
                optimizer.step();
                loss = lossTensor.item<float>();
                correct = logits.argmax(1).eq(labels).sum().item<long>();
            }

            totals = totals.Add(loss, correct, batch.Count, Stopwatch.GetElapsedTime(started).TotalSeconds, rate);
            Report(TrainingPhase.Training, epoch, batch.Index + 1, totals);
        }

        return totals;
    }

    /// <summary>One L-BFGS step over the whole training set; its loss and accuracy are those of the step's last evaluation.</summary>
    private EpochTotals RunFullBatchEpoch(TNetwork model, optim.Optimizer optimizer, int epoch, Device device)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            Cancel(model, optimizer, epoch, 0, EpochTotals.Empty);
        }

        model.train();
        random.manual_seed(BatchSeed(seed, epoch, 0));
        var rate = options.Optimizer.LearningRate;
        var count = train.Count;
        var l2 = options.Optimizer.L2Penalty;
        double lastLoss = 0;
        long lastCorrect = 0;
        var started = Stopwatch.GetTimestamp();

        Tensor Closure()
        {
            optimizer.zero_grad();
            double total = 0;
            long correct = 0;

            // Chunks bound the activations held for the backward pass; gradients accumulate across them.
            for (var start = 0; start < count; start += FullBatchChunk)
            {
                using var scope = NewDisposeScope();
                var end = Math.Min(count, start + FullBatchChunk);
                var images = train.Images[start..end].to(device);
                var labels = train.Labels[start..end].to(device);
                var logits = model.forward(images);
                var loss = options.Loss.Compute(logits, labels) * ((double)(end - start) / count);
                loss.backward();
                total += loss.item<float>();
                correct += logits.argmax(1).eq(labels).sum().item<long>();
            }

            lastLoss = total;
            lastCorrect = correct;
            if (l2 > 0)
            {
                using var scope = NewDisposeScope();
                var penalty = model.parameters().Select(p => p.square().sum()).Aggregate((a, b) => a.Plus(b)).Times(l2 / 2);
                penalty.backward();
                total += penalty.item<float>();
            }

            return tensor((float)total);
        }

        optimizer.step(Closure);
        var totals = EpochTotals.Empty.Add(lastLoss, lastCorrect, count, Stopwatch.GetElapsedTime(started).TotalSeconds, rate);
        Report(TrainingPhase.Training, epoch, 1, totals);
        return totals;
    }

    private (int Epoch, int Batch, EpochTotals Partial) Restore(Checkpoint resume, TNetwork model, optim.Optimizer optimizer)
    {
        if (resume.OptimizerName != options.Optimizer.Name)
        {
            throw new ResumeMismatchException(resume.Path, $"The checkpoint '{resume.Path}' was trained with {resume.OptimizerName}, but this run uses {options.Optimizer.Name}. Resume with the same optimizer.");
        }

        if (resume.Manifest.Dataset is not null && !resume.Dataset.Equals(train.Identity))
        {
            throw new ResumeMismatchException(resume.Path, $"The checkpoint '{resume.Path}' was trained on {resume.Dataset}, but this run's training data is {train.Identity}. Resume on the same data set.");
        }

        resume.LoadInto(model);
        resume.LoadOptimizerState(optimizer);
        history.AddRange(resume.History);
        bestEpoch = resume.Manifest.BestEpoch;
        epochsWithoutImprovement = resume.Manifest.EpochsWithoutImprovement;
        var partial = resume.BatchInEpoch > 0 && resume.Manifest.PartialEpoch is { } sums ? sums : EpochTotals.Empty;
        return (resume.Epoch, resume.BatchInEpoch, partial);
    }

    private bool Improves(EpochMetrics metrics)
    {
        if (validation is null || bestEpoch is null)
        {
            return true;
        }

        var best = history.Find(e => e.Epoch == bestEpoch)!;
        return options.StoppingMetric == EarlyStoppingMetric.ValidationAccuracy
            ? metrics.ValidationAccuracy > best.ValidationAccuracy
            : metrics.ValidationLoss < best.ValidationLoss;
    }

    private void RestoreBest(TNetwork model, Dictionary<string, Tensor>? bestWeights, int best)
    {
        if (bestWeights is not null)
        {
            model.load_state_dict(bestWeights);
            return;
        }

        // A resumed run may not have seen its best epoch in this process; best.ckpt has it.
        if (BestPath is { } path && File.Exists(path))
        {
            var checkpoint = Checkpoint.Read(path);
            if (checkpoint.Epoch == best)
            {
                checkpoint.LoadInto(model);
            }
        }
    }

    private static Dictionary<string, Tensor> Snapshot(TNetwork model)
    {
        var copy = new Dictionary<string, Tensor>();
        foreach (var (name, value) in model.state_dict())
        {
            copy[name] = value.detach().clone().DetachFromDisposeScope();
        }

        return copy;
    }

    private static void DisposeAll(Dictionary<string, Tensor>? tensors)
    {
        if (tensors is null)
        {
            return;
        }

        foreach (var value in tensors.Values)
        {
            value.Dispose();
        }
    }

    private void Cancel(TNetwork model, optim.Optimizer optimizer, int epoch, int batch, EpochTotals totals)
    {
        string? path = null;
        if (options.CheckpointFolder is not null)
        {
            Report(TrainingPhase.Checkpointing, epoch, batch, totals);
            path = LastPath!;
            Checkpoint.Write(path, Manifest(model, epoch, batch, batch > 0 ? totals : null), model, optimizer, options.Storage);
        }

        throw new TrainingCanceledException(path, new TrainingHistory(history, bestEpoch), cancellationToken);
    }

    private CheckpointManifest Manifest(TNetwork model, int completedEpochs, int batchInEpoch, EpochTotals? partial) => new()
    {
        FormatVersion = Checkpoint.FormatVersion,
        Network = NetworkIdentity.NameOf(model),
        ArchitectureHash = NetworkIdentity.HashOf(model),
        Optimizer = options.Optimizer.Name,
        Seed = seed,
        Epoch = completedEpochs,
        BatchInEpoch = batchInEpoch,
        PartialEpoch = partial,
        Epochs = options.Epochs,
        SavedAt = DateTimeOffset.UtcNow,
        History = [.. history],
        BestEpoch = bestEpoch,
        EpochsWithoutImprovement = epochsWithoutImprovement,
        Dataset = CheckpointDataset.From(train.Identity),
    };

    private void CheckInput(TNetwork model)
    {
        if (model is INetwork network && !network.Architecture.Input.SequenceEqual(train.ImageShape))
        {
            throw new ArgumentException($"{network.Architecture.Name} takes inputs of shape {network.Architecture.Input}, but the images of '{train.Name}' are [{string.Join(", ", train.ImageShape)}].", nameof(train));
        }

        if (validation is not null && !validation.ImageShape.SequenceEqual(train.ImageShape))
        {
            throw new ArgumentException($"The validation images [{string.Join(", ", validation.ImageShape)}] differ in shape from the training images [{string.Join(", ", train.ImageShape)}].", nameof(validation));
        }

        if (validation is not null && !validation.ClassNames.SequenceEqual(train.ClassNames))
        {
            throw new ArgumentException($"The validation set '{validation.Name}' has the classes of {validation.Identity.Title} ({string.Join(", ", validation.ClassNames)}), but the training set '{train.Name}' has those of {train.Identity.Title} ({string.Join(", ", train.ClassNames)}).", nameof(validation));
        }

        if (model is INetwork classifier && classifier.Architecture.Classes != train.ClassCount)
        {
            throw new ArgumentException($"{classifier.Architecture.Name} predicts {classifier.Architecture.Classes} classes, but '{train.Name}' has {train.ClassCount} ({train.Identity.Title}).", nameof(train));
        }
    }

    private void Report(TrainingPhase phase, int epoch, int batch, EpochTotals totals)
    {
        if (progress is null)
        {
            return;
        }

        // The estimate extrapolates this process's pace per batch to the batches left in the run.
        var batchesPerEpoch = BatchesPerEpoch;
        var done = ((long)epoch * batchesPerEpoch) + batch;
        var remaining = ((long)options.Epochs * batchesPerEpoch) - done;
        TimeSpan? estimate = totals.TrainingSeconds > 0 && batch > 0
            ? TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds / Math.Max(1, done - StartedAt(epoch)) * remaining)
            : null;
        progress.Report(new TrainingProgress(phase, epoch + 1, options.Epochs, batch, batchesPerEpoch, totals.Loss, totals.Accuracy, totals.LearningRate, totals.ImagesPerSecond, clock.Elapsed, estimate));
    }

    /// <summary>The global batch this process started at (after a resume, batches before it took no time here).</summary>
    private long StartedAt(int epoch) => options.ResumeFrom is null ? 0 : Math.Min((long)epoch * BatchesPerEpoch, (long)history.Count * BatchesPerEpoch);

    private static void SetLearningRate(optim.Optimizer optimizer, double rate)
    {
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = rate;
        }
    }

    /// <summary>A well-mixed seed for one batch (SplitMix64 over seed, epoch and batch).</summary>
    internal static long BatchSeed(int seed, int epoch, int batch)
    {
        var z = ((ulong)(uint)seed << 32) ^ ((ulong)(uint)epoch << 20) ^ (uint)batch;
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;

        // torch seeds are accepted as any 64-bit value; keep it non-negative for readability in logs.
        return (long)(z >> 1);
    }
}
