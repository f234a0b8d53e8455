using Digits.Sdk.Training;

namespace Digits.Sdk.Tuning;

/// <summary>One trained configuration of a search, scored on the validation split.</summary>
/// <param name="Number">The trial's number, from 1, in the order trials ran.</param>
/// <param name="Values">The hyperparameters the trial set, by name, as invariant text.</param>
/// <param name="Recipe">The complete recipe the trial trained with.</param>
/// <param name="ValidationAccuracy">Accuracy on the validation split, in [0, 1].</param>
/// <param name="ValidationLoss">The mean loss on the validation split.</param>
/// <param name="Epochs">The epochs trained.</param>
/// <param name="Elapsed">The training time.</param>
/// <param name="Round">For successive halving, the round (from 1); otherwise 1.</param>
public sealed record TrialResult(
    int Number,
    IReadOnlyDictionary<string, string> Values,
    TrainingRecipe Recipe,
    double ValidationAccuracy,
    double ValidationLoss,
    int Epochs,
    TimeSpan Elapsed,
    int Round);
