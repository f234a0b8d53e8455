namespace Digits.Sdk.Tuning.Storage;

/// <summary>A study's rows as read in one go, and the database's clock at that moment (for leases).</summary>
internal sealed record StudySnapshot(StudyRecord Study, IReadOnlyList<StudyTrial> Trials, IReadOnlyList<StudyAttempt> Attempts, double Now);
