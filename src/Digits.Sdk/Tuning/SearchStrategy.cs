namespace Digits.Sdk.Tuning;

/// <summary>How a <see cref="Tuner"/> picks the configurations to train.</summary>
public enum SearchStrategy
{
    /// <summary>Every combination of the listed values.</summary>
    Grid,

    /// <summary>A fixed number of configurations drawn at random (seeded) from the values and ranges.</summary>
    Random,

    /// <summary>
    /// Successive halving (Jamieson &amp; Talwalkar, 2016): random configurations trained for few epochs, the best
    /// third kept and retrained with three times the epochs, until one is left or the recipe's epochs are reached.
    /// </summary>
    SuccessiveHalving,
}
