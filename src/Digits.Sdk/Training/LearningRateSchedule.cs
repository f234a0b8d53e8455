namespace Digits.Sdk.Training;

/// <summary>
/// How the learning rate changes over a run, as a pure function of the step, so that a resumed run continues
/// the curve exactly where it stopped. Create one with <see cref="Schedules"/>, or derive your own.
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate for a step.</summary>
    /// <param name="baseRate">The optimizer's learning rate.</param>
    /// <param name="step">The zero-based optimizer step (batch) since the start of the run.</param>
    /// <param name="totalSteps">The number of steps in the whole run.</param>
    /// <param name="stepsPerEpoch">The number of steps in an epoch.</param>
    /// <returns>The learning rate to use for <paramref name="step"/>.</returns>
    public abstract double RateAt(double baseRate, long step, long totalSteps, int stepsPerEpoch);
}
