namespace Digits.Sdk.Tuning.Storage;

/// <summary>How many of a study's trials are in each state.</summary>
internal sealed record StudyCounts(int Pending, int Running, int Complete, int Failed)
{
    /// <summary>Whether nothing is left to claim or wait for.</summary>
    public bool Finished => Pending == 0 && Running == 0;
}
