namespace Digits.Sdk.Tuning.Storage;

/// <summary>One line of a storage's list of studies.</summary>
internal sealed record StudySummary(string Name, string Network, SearchStrategy Strategy, int PlannedTrials, int Complete, double CreatedAt);
