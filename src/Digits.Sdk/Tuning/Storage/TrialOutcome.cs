using Digits.Sdk.Training;

namespace Digits.Sdk.Tuning.Storage;

/// <summary>What a finished trial records.</summary>
/// <param name="ValidationAccuracy">The last epoch's validation accuracy.</param>
/// <param name="ValidationLoss">The last epoch's validation loss.</param>
/// <param name="History">Every epoch's metrics.</param>
/// <param name="Recipe">The complete recipe it trained with.</param>
/// <param name="TrainingTime">The wall time of its training.</param>
/// <param name="Checkpoint">The trained weights, as the bytes of a checkpoint file.</param>
internal sealed record TrialOutcome(double ValidationAccuracy, double ValidationLoss, IReadOnlyList<EpochMetrics> History, TrainingRecipe Recipe, TimeSpan TrainingTime, byte[] Checkpoint);
