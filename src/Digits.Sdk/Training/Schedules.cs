namespace Digits.Sdk.Training;

/// <summary>The learning-rate schedules a training run can use, for <see cref="TrainingBuilder{TNetwork}.Schedule"/>. They step after every batch.</summary>
/// <example>
/// <code>
/// Trainer.For&lt;FastCnn&gt;().Optimizer(Optimizers.AdamW(learningRate: 3e-3)).Schedule(Schedules.OneCycle()).Epochs(1);
/// </code>
/// </example>
public static class Schedules
{
    /// <summary>The optimizer's learning rate throughout.</summary>
    /// <returns>The schedule.</returns>
    public static LearningRateSchedule Constant() => new ConstantSchedule();

    /// <summary>Multiplies the learning rate by <paramref name="gamma"/> every <paramref name="everyEpochs"/> epochs.</summary>
    /// <param name="everyEpochs">How many epochs between decays.</param>
    /// <param name="gamma">The factor applied at each decay.</param>
    /// <returns>The schedule.</returns>
    public static LearningRateSchedule Step(int everyEpochs = 5, double gamma = 0.1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(everyEpochs, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gamma);
        return new StepSchedule(everyEpochs, gamma);
    }

    /// <summary>Cosine annealing from the optimizer's learning rate down to <paramref name="minimumFactor"/> times it, over the whole run.</summary>
    /// <param name="minimumFactor">The final learning rate as a fraction of the initial one.</param>
    /// <returns>The schedule.</returns>
    public static LearningRateSchedule Cosine(double minimumFactor = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimumFactor);
        return new CosineSchedule(minimumFactor);
    }

    /// <summary>
    /// The one-cycle policy (Smith, 2018; PyTorch's <c>OneCycleLR</c> with cosine annealing): warm up from
    /// <c>max / divFactor</c> to the maximum over the first <paramref name="warmupFraction"/> of the run, then anneal
    /// to <c>max / (divFactor · finalDivFactor)</c>. Reaches good accuracy in very few epochs.
    /// </summary>
    /// <param name="maxLearningRate">The peak learning rate; by default the optimizer's.</param>
    /// <param name="warmupFraction">The fraction of the run spent warming up.</param>
    /// <param name="divFactor">The initial learning rate is the peak divided by this.</param>
    /// <param name="finalDivFactor">The final learning rate is the initial one divided by this.</param>
    /// <returns>The schedule.</returns>
    public static LearningRateSchedule OneCycle(double? maxLearningRate = null, double warmupFraction = 0.25, double divFactor = 25, double finalDivFactor = 1e4)
    {
        if (maxLearningRate is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max, nameof(maxLearningRate));
        }

        if (warmupFraction is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(warmupFraction), warmupFraction, "The warm-up fraction must be strictly between 0 and 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(divFactor, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(finalDivFactor, 1);
        return new OneCycleSchedule(maxLearningRate, warmupFraction, divFactor, finalDivFactor);
    }

    /// <summary>Cosine interpolation from <paramref name="start"/> (t = 0) to <paramref name="end"/> (t = 1).</summary>
    private static double CosineBetween(double start, double end, double t)
        => end + ((start - end) * (1 + Math.Cos(Math.PI * Math.Clamp(t, 0, 1))) / 2);

    private sealed class ConstantSchedule : LearningRateSchedule
    {
        public override double RateAt(double baseRate, long step, long totalSteps, int stepsPerEpoch) => baseRate;

        public override string ToString() => "Constant";
    }

    private sealed class StepSchedule(int everyEpochs, double gamma) : LearningRateSchedule
    {
        public override double RateAt(double baseRate, long step, long totalSteps, int stepsPerEpoch)
            => baseRate * Math.Pow(gamma, step / Math.Max(1, stepsPerEpoch) / everyEpochs);

        public override string ToString() => $"Step({everyEpochs}, {gamma})";
    }

    private sealed class CosineSchedule(double minimumFactor) : LearningRateSchedule
    {
        public override double RateAt(double baseRate, long step, long totalSteps, int stepsPerEpoch)
            => CosineBetween(baseRate, baseRate * minimumFactor, totalSteps <= 1 ? 1 : (double)step / (totalSteps - 1));

        public override string ToString() => "Cosine";
    }

    private sealed class OneCycleSchedule(double? maxLearningRate, double warmupFraction, double divFactor, double finalDivFactor) : LearningRateSchedule
    {
        public override double RateAt(double baseRate, long step, long totalSteps, int stepsPerEpoch)
        {
            var peak = maxLearningRate ?? baseRate;
            var initial = peak / divFactor;
            var final = initial / finalDivFactor;

            // PyTorch's phase ends: the peak is reached at step warmup·total − 1 and the floor at the last step.
            var peakStep = Math.Max(1, (warmupFraction * totalSteps) - 1);
            var lastStep = Math.Max(peakStep + 1, totalSteps - 1);
            return step <= peakStep
                ? CosineBetween(initial, peak, step / peakStep)
                : CosineBetween(peak, final, (step - peakStep) / (lastStep - peakStep));
        }

        public override string ToString() => "OneCycle";
    }
}
