namespace Digits.Sdk.Training;

/// <summary>A snapshot of a training run, reported through <see cref="IProgress{T}"/> after every batch and phase change.</summary>
/// <param name="Phase">What the run is doing.</param>
/// <param name="Epoch">The current epoch, counting from 1.</param>
/// <param name="Epochs">The number of epochs the run will train at most.</param>
/// <param name="Batch">How many batches of the current epoch are done.</param>
/// <param name="BatchesPerEpoch">How many batches an epoch has (1 for full-batch L-BFGS).</param>
/// <param name="Loss">The mean training loss over the current epoch so far.</param>
/// <param name="Accuracy">The training accuracy over the current epoch so far, in [0, 1].</param>
/// <param name="LearningRate">The learning rate of the last step.</param>
/// <param name="ImagesPerSecond">Training throughput over the current epoch so far.</param>
/// <param name="Elapsed">Time since the run started (this process only, when resumed).</param>
/// <param name="EstimatedRemaining">The estimated time until the last epoch ends, once it can be estimated.</param>
public sealed record TrainingProgress(
    TrainingPhase Phase,
    int Epoch,
    int Epochs,
    int Batch,
    int BatchesPerEpoch,
    double Loss,
    double Accuracy,
    double LearningRate,
    double ImagesPerSecond,
    TimeSpan Elapsed,
    TimeSpan? EstimatedRemaining);
