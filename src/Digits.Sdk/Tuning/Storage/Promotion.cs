namespace Digits.Sdk.Tuning.Storage;

/// <summary>A configuration going up a rung: the trial it was scored in, and the new trial's rung and epochs.</summary>
internal sealed record Promotion(int From, int Configuration, int Rung, int Epochs);
