namespace Digits.Sdk.Tuning.Storage;

/// <summary>What <see cref="AshaRule"/> needs to know of a trial.</summary>
internal sealed record RungTrial(int Number, int Configuration, int Rung, StudyTrialState State, double ValidationAccuracy, double ValidationLoss);
