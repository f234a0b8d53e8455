namespace Digits.Sdk.Tuning;

/// <summary>How one worker's attempt at a trial of a <see cref="Study"/> ended.</summary>
public enum StudyAttemptOutcome
{
    /// <summary>Still training (or its worker died and the lease has not been reclaimed yet).</summary>
    Running,

    /// <summary>Finished and recorded: the one attempt whose result the study keeps.</summary>
    Complete,

    /// <summary>Training threw; the trial is failed with the error.</summary>
    Failed,

    /// <summary>The worker stopped sending heartbeats (killed, hung, cut off) and the lease ran out; the trial went back to pending.</summary>
    Expired,

    /// <summary>The worker was stopped (Ctrl+C, SIGTERM) and gave the trial back.</summary>
    Released,
}
