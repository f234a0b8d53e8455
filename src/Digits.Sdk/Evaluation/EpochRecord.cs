namespace Digits.Sdk.Evaluation;

/// <summary>What one training epoch ended with: the input of <see cref="Plots.TrainingCurves"/>.</summary>
/// <param name="Epoch">The epoch number, counting from 1.</param>
/// <param name="TrainLoss">The mean training loss over the epoch.</param>
/// <param name="TrainAccuracy">The training accuracy over the epoch, in [0, 1].</param>
/// <param name="ValidationLoss">The validation loss after the epoch, when a validation set was given.</param>
/// <param name="ValidationAccuracy">The validation accuracy after the epoch, in [0, 1], when a validation set was given.</param>
public sealed record EpochRecord(int Epoch, double TrainLoss, double TrainAccuracy, double? ValidationLoss = null, double? ValidationAccuracy = null);
