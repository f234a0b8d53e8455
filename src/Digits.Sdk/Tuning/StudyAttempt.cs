namespace Digits.Sdk.Tuning;

/// <summary>One claim of a trial by a worker, and how it ended.</summary>
/// <param name="Trial">The trial's number.</param>
/// <param name="Attempt">The claim's number for that trial, from 1.</param>
/// <param name="Worker">The worker, as <c>machine:pid</c>.</param>
/// <param name="Machine">The worker's machine.</param>
/// <param name="StartedAt">When it claimed the trial (the database's clock).</param>
/// <param name="EndedAt">When the attempt ended, or null while it runs.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Error">Why it failed or expired, if it did.</param>
public sealed record StudyAttempt(int Trial, int Attempt, string Worker, string Machine, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, StudyAttemptOutcome Outcome, string? Error);
