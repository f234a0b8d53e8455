namespace Digits.Sdk.Tuning.Storage;

/// <summary>
/// Asynchronous successive halving (Li et al., "A System for Massively Parallel Hyperparameter Tuning", 2020): a
/// configuration goes up a rung as soon as it is in the best third of the trials <em>finished</em> on its rung, so no
/// worker waits for a rung to fill. Pure: the store calls it under its study lock with the trials it holds.
/// </summary>
/// <remarks>
/// The rungs and their sizes are the in-memory search's (<see cref="StudyPlan.Rungs"/>), so a study plans as many
/// trials as <see cref="Tuner.SuccessiveHalving"/> would train. Once a rung has finished every trial it can hold, the
/// rest of the next rung is filled from its best, so a rung of fewer than three trials still promotes one, as the
/// in-memory search does. Which configurations go up can depend on the order trials finish in, as in the paper.
/// </remarks>
internal static class AshaRule
{
    /// <summary>The next promotion due, best first from the highest rung down; null when none is.</summary>
    /// <param name="rungs">Epochs and capacity of each rung.</param>
    /// <param name="trials">Every trial of the study.</param>
    public static Promotion? Next(IReadOnlyList<(int Epochs, int Count)> rungs, IReadOnlyList<RungTrial> trials)
    {
        for (var rung = rungs.Count - 2; rung >= 0; rung--)
        {
            var here = trials.Where(t => t.Rung == rung).ToList();
            var complete = here.Where(t => t.State == StudyTrialState.Complete).ToList();
            var next = rungs[rung + 1].Count;
            var full = here.Count == rungs[rung].Count && here.All(t => t.State is StudyTrialState.Complete or StudyTrialState.Failed);
            var allowed = full ? next : Math.Min(next, complete.Count / StudyPlan.Eta);
            var promoted = trials.Where(t => t.Rung == rung + 1).Select(t => t.Configuration).ToHashSet();
            if (promoted.Count >= allowed)
            {
                continue;
            }

            var best = Rank(complete).Take(allowed).FirstOrDefault(t => !promoted.Contains(t.Configuration));
            if (best is not null)
            {
                return new Promotion(best.Number, best.Configuration, rung + 1, rungs[rung + 1].Epochs);
            }
        }

        return null;
    }

    /// <summary>Best first, as <see cref="TuningResult.Best"/> ranks: validation accuracy, then loss, then the earlier trial.</summary>
    private static IEnumerable<RungTrial> Rank(IEnumerable<RungTrial> trials)
        => trials
            .OrderByDescending(t => double.IsNaN(t.ValidationAccuracy) ? double.NegativeInfinity : t.ValidationAccuracy)
            .ThenBy(t => double.IsNaN(t.ValidationLoss) ? double.PositiveInfinity : t.ValidationLoss)
            .ThenBy(t => t.Number);
}
