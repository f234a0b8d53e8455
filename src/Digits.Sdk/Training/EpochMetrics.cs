namespace Digits.Sdk.Training;

/// <summary>
/// What one training epoch ended with: an entry of <see cref="TrainingHistory"/> and of a checkpoint's history, and
/// the input of <see cref="Evaluation.Plots.TrainingCurves"/>.
/// </summary>
/// <param name="Epoch">The epoch number, counting from 1.</param>
/// <param name="TrainLoss">The mean training loss over the epoch's batches (with augmentation and dropout active).</param>
/// <param name="TrainAccuracy">The training accuracy over the epoch's batches, in [0, 1].</param>
/// <param name="ValidationLoss">The loss on the validation set after the epoch, when one was given.</param>
/// <param name="ValidationAccuracy">The accuracy on the validation set after the epoch, in [0, 1], when one was given.</param>
/// <param name="LearningRate">The learning rate of the epoch's last step.</param>
/// <param name="Duration">How long the epoch took, validation included.</param>
/// <param name="ImagesPerSecond">Training throughput over the epoch (validation excluded).</param>
public sealed record EpochMetrics(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double? ValidationLoss,
    double? ValidationAccuracy,
    double LearningRate,
    TimeSpan Duration,
    double ImagesPerSecond);
