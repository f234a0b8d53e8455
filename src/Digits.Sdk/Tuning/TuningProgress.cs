using Digits.Sdk.Training;

namespace Digits.Sdk.Tuning;

/// <summary>Where a search is, reported before each trial, during its training, and after it.</summary>
/// <param name="Trial">The trial being trained, from 1 (in a study, its number in the study).</param>
/// <param name="Trials">The number of trials planned (in a study, by the whole study).</param>
/// <param name="Values">The hyperparameters of the trial.</param>
/// <param name="Training">The trainer's latest report for the trial, or null before it starts.</param>
/// <param name="Finished">The trial's result once it is done, else null.</param>
public sealed record TuningProgress(int Trial, int Trials, IReadOnlyDictionary<string, string> Values, TrainingProgress? Training, TrialResult? Finished);
