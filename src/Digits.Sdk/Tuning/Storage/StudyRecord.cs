namespace Digits.Sdk.Tuning.Storage;

/// <summary>A study as stored: its key, name, plan and size.</summary>
/// <param name="Id">The key of its rows.</param>
/// <param name="Name">The name workers join it by.</param>
/// <param name="Plan">What it trains.</param>
/// <param name="PlannedTrials">How many trials it plans (for successive halving, if every rung fills).</param>
/// <param name="CreatedAt">When the first worker created it, in Unix seconds.</param>
/// <param name="CreatedBy">The worker that created it.</param>
/// <param name="Created">Whether this call created it.</param>
internal sealed record StudyRecord(long Id, string Name, StudyPlan Plan, int PlannedTrials, double CreatedAt, string CreatedBy, bool Created);
