namespace Digits.Sdk.Training;

/// <summary>Running sums over the batches of one epoch.</summary>
internal sealed record EpochTotals(double LossSum, long Correct, long Seen, double TrainingSeconds, double LearningRate)
{
    public static EpochTotals Empty { get; } = new(0, 0, 0, 0, 0);

    public double Loss => Seen == 0 ? double.NaN : LossSum / Seen;

    public double Accuracy => Seen == 0 ? double.NaN : (double)Correct / Seen;

    public double ImagesPerSecond => TrainingSeconds <= 0 ? 0 : Seen / TrainingSeconds;

    public EpochTotals Add(double meanLoss, long correct, long count, double seconds, double learningRate)
        => new(LossSum + (meanLoss * count), Correct + correct, Seen + count, TrainingSeconds + seconds, learningRate);
}
