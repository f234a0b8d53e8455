namespace Digits.Sdk.Tuning.Storage;

/// <summary>A trial a study plans when it is created (successive halving adds its promotions later).</summary>
/// <param name="Number">Its number, from 1.</param>
/// <param name="Configuration">Which configuration of the plan it trains, from 0; the same across a successive halving's rungs.</param>
/// <param name="Rung">Its rung (0 for grid and random search).</param>
/// <param name="Epochs">The epochs it trains.</param>
/// <param name="Values">The hyperparameters it sets.</param>
internal sealed record PlannedTrial(int Number, int Configuration, int Rung, int Epochs, IReadOnlyDictionary<string, string> Values);
