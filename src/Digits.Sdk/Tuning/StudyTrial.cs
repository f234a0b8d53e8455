using Digits.Sdk.Training;

namespace Digits.Sdk.Tuning;

/// <summary>One trial of a <see cref="Study"/>: what it trains, where it is, and what it scored.</summary>
public sealed record StudyTrial
{
    /// <summary>The trial's number, from 1: grid and random trials in plan order, successive-halving promotions after them as they happen.</summary>
    public required int Number { get; init; }

    /// <summary>For successive halving, the rung (round) from 1; otherwise 1.</summary>
    public required int Round { get; init; }

    /// <summary>The epochs it trains.</summary>
    public required int Epochs { get; init; }

    /// <summary>The hyperparameters it sets, by name, as invariant text.</summary>
    public required IReadOnlyDictionary<string, string> Values { get; init; }

    /// <summary>The complete recipe it trains with.</summary>
    public required TrainingRecipe Recipe { get; init; }

    /// <summary>Where it is.</summary>
    public required StudyTrialState State { get; init; }

    /// <summary>Accuracy on the validation split, in [0, 1], once complete; NaN before. What ranks the trials.</summary>
    public required double ValidationAccuracy { get; init; }

    /// <summary>The mean loss on the validation split once complete; NaN before.</summary>
    public required double ValidationLoss { get; init; }

    /// <summary>The metrics of every epoch (training and validation), once complete.</summary>
    public required IReadOnlyList<EpochMetrics> History { get; init; }

    /// <summary>The wall time of its training, once complete.</summary>
    public required TimeSpan? TrainingTime { get; init; }

    /// <summary>The worker that holds it, finished it or held it last, as <c>machine:pid</c>.</summary>
    public required string? Worker { get; init; }

    /// <summary>That worker's machine.</summary>
    public required string? Machine { get; init; }

    /// <summary>How many times a worker claimed it.</summary>
    public required int Attempts { get; init; }

    /// <summary>When its latest attempt started (the database's clock).</summary>
    public required DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it completed or failed.</summary>
    public required DateTimeOffset? FinishedAt { get; init; }

    /// <summary>While running: the worker's latest report, such as <c>epoch 2/3, batch 120/430</c>.</summary>
    public required string? Progress { get; init; }

    /// <summary>While running: whether the worker's lease has run out, so the next claim re-queues the trial.</summary>
    public required bool LeaseExpired { get; init; }

    /// <summary>Why it failed.</summary>
    public required string? Error { get; init; }

    /// <summary>The trial as the in-memory search reports one (<see cref="TuningResult.Trials"/>).</summary>
    /// <returns>The result.</returns>
    public TrialResult ToTrialResult() => new(Number, Values, Recipe, ValidationAccuracy, ValidationLoss, Epochs, TrainingTime ?? TimeSpan.Zero, Round);
}
