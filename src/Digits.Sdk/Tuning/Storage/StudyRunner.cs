using System.Diagnostics;
using System.Globalization;
using Digits.Sdk.Data;
using Digits.Sdk.Training;
using static TorchSharp.torch;

namespace Digits.Sdk.Tuning.Storage;

/// <summary>
/// One worker of a study: joins it (the first worker creates it with its first trials), then claims, trains and
/// records trials until none is pending or running anywhere, waiting while other workers still hold some (their
/// trial comes back if they stop beating). What it returns is the whole study, every worker's trials.
/// </summary>
internal sealed class StudyRunner
{
    private readonly Tuner tuner;
    private readonly StudyStorage storage;
    private readonly string study;
    private readonly TimeSpan lease;

    public StudyRunner(Tuner tuner, StudyStorage storage, string study, TimeSpan lease)
    {
        this.tuner = tuner;
        this.storage = storage;
        this.study = study;
        this.lease = lease;
    }

    public TuningResult Run(DigitDataset train, DigitDataset validation, IProgress<TuningProgress>? progress, CancellationToken cancellationToken)
    {
        Native.TorchRuntime.EnsureAvailable();
        var plan = PlanFor(train, validation);
        var (firstTrials, planned) = FirstTrials(plan);
        using var store = storage.Open(create: true);
        var worker = WorkerIdentity.Next();
        var record = store.Join(study, plan, planned, firstTrials, worker);
        var canceled = false;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Patiently(() => store.Claim(record, worker, lease), cancellationToken) is { } claimed)
                {
                    RunTrial(store, record, claimed, train, validation, progress, cancellationToken);
                }
                else if (Patiently(() => store.Count(record), cancellationToken).Finished)
                {
                    break;
                }
                else
                {
                    // Others hold the remaining trials; one may come back (its worker stopped) or be promoted.
                    cancellationToken.WaitHandle.WaitOne(PollInterval);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            canceled = true;
        }

        var snapshot = Patiently(() => store.Read(record), CancellationToken.None);
        return new TuningResult(plan.Network, plan.Strategy, plan.Seed, plan.Space, [.. snapshot.Trials.Where(t => t.State == StudyTrialState.Complete).Select(t => t.ToTrialResult())], canceled);
    }

    /// <summary>How often a worker with nothing to claim looks again: often enough to take over a dead worker's trial soon after its lease ends.</summary>
    private TimeSpan PollInterval => TimeSpan.FromTicks(Math.Clamp(lease.Ticks / 4, TimeSpan.FromMilliseconds(250).Ticks, TimeSpan.FromSeconds(5).Ticks));

    private StudyPlan PlanFor(DigitDataset train, DigitDataset validation)
    {
        string architecture;
        using (var network = tuner.Create())
        {
            architecture = NetworkIdentity.HashOf(network);
        }

        var halving = tuner.Strategy == SearchStrategy.SuccessiveHalving;
        return new StudyPlan
        {
            Network = tuner.Network,
            Architecture = architecture,
            Strategy = tuner.Strategy,
            Seed = tuner.SeedValue,
            Space = tuner.Space,
            Trials = tuner.Strategy == SearchStrategy.Grid ? 0 : tuner.Trials,
            MinimumEpochs = halving ? tuner.MinimumEpochs : 1,
            Recipe = tuner.Recipe,
            Data = StudyData.Of(train, validation),
        };
    }

    /// <summary>The trials a new study starts with, and how many it plans in all.</summary>
    private (IReadOnlyList<PlannedTrial> Trials, int Planned) FirstTrials(StudyPlan plan)
    {
        var configurations = tuner.Plan();
        if (plan.Strategy != SearchStrategy.SuccessiveHalving)
        {
            return ([.. configurations.Select((values, i) => new PlannedTrial(i + 1, i, 0, plan.RecipeFor(plan.Recipe.Epochs, values).Epochs, values))], configurations.Count);
        }

        // As the in-memory search: halving sets the epochs itself, so an epochs dimension is ignored.
        var rungs = plan.Rungs(configurations.Count);
        var trials = configurations
            .Select((values, i) => new PlannedTrial(i + 1, i, 0, rungs[0].Epochs, values.Where(v => v.Key != "epochs").ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal)))
            .ToList();
        return (trials, rungs.Sum(r => r.Count));
    }

    private void RunTrial(IStudyStore store, StudyRecord record, TrialLease claimed, DigitDataset train, DigitDataset validation, IProgress<TuningProgress>? progress, CancellationToken cancellationToken)
    {
        var (number, planned, values) = (claimed.Number, record.PlannedTrials, claimed.Values);
        var recipe = record.Plan.RecipeFor(claimed.Epochs, values);
        progress?.Report(new TuningProgress(number, planned, values, null, null));

        var heartbeat = new TrialHeartbeat(store, claimed);
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, heartbeat.Lost);
            var builder = recipe.Configure(Trainer.For(tuner.Create));
            if (tuner.ThreadCount is { } threads)
            {
                builder = builder.Threads(threads);
            }

            var trainingProgress = new SynchronousProgress<TrainingProgress>(p =>
            {
                heartbeat.Progress = string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch}/{p.Epochs}, batch {p.Batch}/{p.BatchesPerEpoch}");
                progress?.Report(new TuningProgress(number, planned, values, p, null));
            });
            var clock = Stopwatch.StartNew();
            TrainingRun<nn.Module<Tensor, Tensor>> run;
            try
            {
                run = builder.Fit(train, validation, trainingProgress, stop.Token);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                heartbeat.Dispose();
                TryRelease(store, claimed);
                throw;
            }
            catch (OperationCanceledException) when (heartbeat.IsLost)
            {
                // Another worker has the trial now; it records it, this one does not.
                return;
            }
            catch (Exception error) when (error is not OperationCanceledException and not Native.TorchSharpUnavailableException and not OutOfMemoryException)
            {
                // Seeded training fails the same way every time: record why, and do not try it again.
                heartbeat.Dispose();
                Patiently(() => store.Fail(claimed, $"{error.GetType().Name}: {error.Message}"), CancellationToken.None);
                return;
            }

            var trainingTime = clock.Elapsed;
            using (run.Model)
            {
                var checkpoint = CheckpointBytes(run);
                heartbeat.Dispose();
                if (heartbeat.IsLost)
                {
                    return;
                }

                var last = run.History[^1];
                var outcome = new TrialOutcome(last.ValidationAccuracy ?? double.NaN, last.ValidationLoss ?? double.NaN, [.. run.History], recipe, trainingTime, checkpoint);
                if (Patiently(() => store.Complete(claimed, outcome), CancellationToken.None))
                {
                    progress?.Report(new TuningProgress(number, planned, values, null, new TrialResult(number, values, recipe, outcome.ValidationAccuracy, outcome.ValidationLoss, claimed.Epochs, trainingTime, claimed.Rung + 1)));
                }
            }
        }
        finally
        {
            heartbeat.Dispose();
        }
    }

    /// <summary>
    /// Calls the store, riding out a database that is briefly out of reach (a restart, a network blip) for about half
    /// a minute: a worker that has joined has been trusted once, so a failure now is most likely passing, and giving
    /// up would throw away the trial it has just trained.
    /// </summary>
    private static T Patiently<T>(Func<T> call, CancellationToken cancellationToken)
    {
        for (var wait = TimeSpan.FromSeconds(1); ; wait *= 2)
        {
            try
            {
                return call();
            }
            catch (StudyStorageException) when (wait <= TimeSpan.FromSeconds(16) && !cancellationToken.IsCancellationRequested)
            {
                cancellationToken.WaitHandle.WaitOne(wait);
            }
        }
    }

    /// <summary>The trained weights as checkpoint bytes, written through <see cref="TrainingRun{TNetwork}.SaveCheckpoint"/> so the store never depends on the file format.</summary>
    private static byte[] CheckpointBytes(TrainingRun<nn.Module<Tensor, Tensor>> run)
    {
        var path = Path.Combine(Path.GetTempPath(), $"digits-trial-{Guid.NewGuid():N}{Checkpoint.Extension}");
        try
        {
            run.SaveCheckpoint(path);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void TryRelease(IStudyStore store, TrialLease claimed)
    {
        try
        {
            store.Release(claimed);
        }
        catch (StudyStorageException)
        {
            // Out of reach: the lease runs out on its own and another worker takes the trial then.
        }
    }
}
