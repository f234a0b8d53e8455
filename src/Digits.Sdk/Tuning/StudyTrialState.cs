namespace Digits.Sdk.Tuning;

/// <summary>Where a trial of a <see cref="Study"/> is.</summary>
public enum StudyTrialState
{
    /// <summary>Waiting for a worker.</summary>
    Pending,

    /// <summary>Claimed by a worker, which sends heartbeats while it trains.</summary>
    Running,

    /// <summary>Trained and scored on the validation split; its weights are stored.</summary>
    Complete,

    /// <summary>Given up: its training threw (the error is recorded), or its workers stopped answering too often.</summary>
    Failed,
}
