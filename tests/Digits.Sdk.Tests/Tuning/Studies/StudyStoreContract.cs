using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Digits.Sdk.Training;
using Digits.Sdk.Tuning;
using Digits.Sdk.Tuning.Storage;

namespace Digits.Sdk.Tests.Tuning.Studies;

/// <summary>
/// What every study store must do, run against SQLite (<see cref="SqliteStudyStoreTests"/>) and PostgreSQL
/// (<see cref="PostgresStudyStoreTests"/>): claims, leases, outcomes, plan checks, schema versions and concurrent
/// claims. No training: the trials are recorded with made-up scores, so these run in seconds.
/// </summary>
public abstract class StudyStoreContract : IDisposable
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>The storage of this test, empty at the start.</summary>
    protected abstract StudyStorage Storage { get; }

    /// <summary>Runs SQL directly in the test's database (to plant a newer schema, or to list what is there).</summary>
    protected abstract void Execute(string sql);

    /// <summary>The names of the tables in the test's database.</summary>
    protected abstract IReadOnlyList<string> Tables();

    public abstract void Dispose();

    [StoreFact]
    public void The_first_worker_creates_the_study_and_the_next_joins_it()
    {
        using var first = Storage.Open(create: true);
        using var second = Storage.Open(create: true);

        var created = Join(first, "lr");
        var joined = Join(second, "lr");

        Assert.True(created.Created);
        Assert.False(joined.Created);
        Assert.Equal(created.Id, joined.Id);
        Assert.Equal([1, 2, 3, 4], first.Read(created).Trials.Select(t => t.Number));
        Assert.All(first.Read(created).Trials, t => Assert.Equal(StudyTrialState.Pending, t.State));
    }

    [StoreFact]
    public void Claims_take_pending_trials_in_plan_order_one_worker_each()
    {
        using var store = Storage.Open(create: true);
        var study = Join(store, "lr");

        var claims = Enumerable.Range(0, 5).Select(i => store.Claim(study, Worker(i), Minute)).ToList();

        Assert.Equal([1, 2, 3, 4], claims.Take(4).Select(c => c!.Number));
        Assert.Null(claims[4]);
        Assert.Equal("0.001", claims[0]!.Values["learningRate"]);
        var running = store.Read(study).Trials;
        Assert.All(running, t => Assert.Equal(StudyTrialState.Running, t.State));
        Assert.Equal(["worker-0", "worker-1", "worker-2", "worker-3"], running.Select(t => t.Worker));
        Assert.Equal(new StudyCounts(0, 4, 0, 0), store.Count(study));
    }

    [StoreFact]
    public void A_complete_trial_keeps_its_scores_history_recipe_and_weights()
    {
        using var store = Storage.Open(create: true);
        var study = Join(store, "lr");
        var lease = store.Claim(study, Worker(0), Minute)!;
        var weights = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
        var history = new[] { new EpochMetrics(1, 0.5, 0.8, 0.4, 0.85, 1e-3, TimeSpan.FromSeconds(2), 1000) };

        Assert.True(store.Heartbeat(lease, "epoch 1/1, batch 3/10"));
        Assert.Equal("epoch 1/1, batch 3/10", store.Read(study).Trials[0].Progress);
        Assert.True(store.Complete(lease, new TrialOutcome(0.85, 0.4, history, study.Plan.RecipeFor(1, lease.Values), TimeSpan.FromSeconds(2.5), weights)));

        var trial = store.Read(study).Trials[0];
        Assert.Equal(StudyTrialState.Complete, trial.State);
        Assert.Equal(0.85, trial.ValidationAccuracy);
        Assert.Equal(0.4, trial.ValidationLoss);
        Assert.Equal(history, trial.History);
        Assert.Equal(0.001, trial.Recipe.LearningRate);
        Assert.Equal(TimeSpan.FromSeconds(2.5), trial.TrainingTime);
        Assert.Equal("worker-0", trial.Worker);
        Assert.Null(trial.Progress);
        Assert.NotNull(trial.FinishedAt);
        Assert.Equal(weights, store.ReadCheckpoint(study, 1));
        Assert.Null(store.ReadCheckpoint(study, 2));
        var attempt = Assert.Single(store.Read(study).Attempts);
        Assert.Equal(StudyAttemptOutcome.Complete, attempt.Outcome);
        Assert.False(store.Heartbeat(lease, null), "a recorded trial has no lease left to extend");
    }

    [StoreFact]
    public void A_trial_whose_worker_stops_beating_goes_to_another_worker_and_only_that_one_records_it()
    {
        using var store = Storage.Open(create: true);
        var study = Join(store, "lr");
        var dead = store.Claim(study, Worker(0), TimeSpan.FromSeconds(1))!;
        Thread.Sleep(TimeSpan.FromSeconds(1.5));

        var taken = store.Claim(study, Worker(1), Minute)!;

        Assert.Equal(dead.Number, taken.Number);
        Assert.Equal(2, taken.Attempt);
        Assert.False(store.Heartbeat(dead, null), "the first worker must learn it lost the trial");
        Assert.False(store.Complete(dead, Outcome(study, dead, 0.5)), "a worker whose lease ran out must not record the trial");
        Assert.True(store.Complete(taken, Outcome(study, taken, 0.6)));
        var trial = store.Read(study).Trials[0];
        Assert.Equal(0.6, trial.ValidationAccuracy);
        Assert.Equal("worker-1", trial.Worker);
        Assert.Equal(
            [(1, "worker-0", StudyAttemptOutcome.Expired), (2, "worker-1", StudyAttemptOutcome.Complete)],
            store.Read(study).Attempts.Where(a => a.Trial == 1).Select(a => (a.Attempt, a.Worker, a.Outcome)));
    }

    [StoreFact]
    public void Heartbeats_keep_a_trial_past_its_lease()
    {
        using var store = Storage.Open(create: true);
        var study = Join(store, "lr");
        var lease = store.Claim(study, Worker(0), TimeSpan.FromSeconds(3))!;
        for (var i = 0; i < 8; i++)
        {
            Thread.Sleep(500);
            Assert.True(store.Heartbeat(lease, null));
        }

        var next = store.Claim(study, Worker(1), Minute)!;

        Assert.Equal(2, next.Number);
        Assert.True(store.Complete(lease, Outcome(study, lease, 0.5)));
    }

    [StoreFact]
    public void A_trial_that_loses_its_lease_three_times_is_failed_and_not_tried_again()
    {
        using var store = Storage.Open(create: true);
        var study = Join(store, "one", Plan(1));
        for (var i = 0; i < RelationalStudyStore.MaxExpirations; i++)
        {
            Assert.NotNull(store.Claim(study, Worker(i), TimeSpan.FromSeconds(1)));
            Thread.Sleep(TimeSpan.FromSeconds(1.3));
        }

        Assert.Null(store.Claim(study, Worker(9), Minute));

        var trial = Assert.Single(store.Read(study).Trials);
        Assert.Equal(StudyTrialState.Failed, trial.State);
        Assert.Contains("stopped sending heartbeats 3 times", trial.Error, StringComparison.Ordinal);
        Assert.Contains("worker-2", trial.Error, StringComparison.Ordinal);
        Assert.All(store.Read(study).Attempts, a => Assert.Equal(StudyAttemptOutcome.Expired, a.Outcome));
        Assert.True(store.Count(study).Finished);
    }

    [StoreFact]
    public void A_failed_trial_keeps_its_error_and_is_not_claimed_again()
    {
        using var store = Storage.Open(create: true);
        var study = Join(store, "lr");
        var lease = store.Claim(study, Worker(0), Minute)!;

        Assert.True(store.Fail(lease, "InvalidOperationException: the loss became NaN"));

        Assert.Equal(2, store.Claim(study, Worker(0), Minute)!.Number);
        var trial = store.Read(study).Trials[0];
        Assert.Equal(StudyTrialState.Failed, trial.State);
        Assert.Equal("InvalidOperationException: the loss became NaN", trial.Error);
        Assert.Equal(StudyAttemptOutcome.Failed, store.Read(study).Attempts[0].Outcome);
    }

    [StoreFact]
    public void A_released_trial_is_claimed_again_at_once()
    {
        using var store = Storage.Open(create: true);
        var study = Join(store, "lr");
        var lease = store.Claim(study, Worker(0), Minute)!;

        store.Release(lease);
        var again = store.Claim(study, Worker(1), Minute)!;

        Assert.Equal(1, again.Number);
        Assert.Equal(2, again.Attempt);
        Assert.Equal(StudyAttemptOutcome.Released, store.Read(study).Attempts[0].Outcome);
    }

    [StoreFact]
    public void A_study_of_the_same_name_with_another_plan_is_refused_and_nothing_is_written()
    {
        using var store = Storage.Open(create: true);
        var study = Join(store, "lr");
        var before = store.Read(study);
        var other = Plan(4) with { Seed = 7, Recipe = new TrainingRecipe { Epochs = 2 } };

        var error = Assert.Throws<StudyMismatchException>(() => store.Join("lr", other, 4, TrialsOf(other), Worker(1)));

        Assert.Contains("Study 'lr'", error.Message, StringComparison.Ordinal);
        Assert.Contains("seed: 42 in the study, 7 here", error.Message, StringComparison.Ordinal);
        Assert.Contains("recipe epochs: 1 in the study, 2 here", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Differences.Count);
        var after = store.Read(study);
        Assert.Equal(before.Trials.Select(Row), after.Trials.Select(Row));
        Assert.Empty(after.Attempts);
        Assert.Equal(["lr"], store.List().Select(s => s.Name));
    }

    [StoreFact]
    public void Tables_from_a_newer_sdk_are_refused_before_anything_is_written()
    {
        Execute("CREATE TABLE digits_schema (version INTEGER NOT NULL, written_by TEXT NOT NULL)");
        Execute("INSERT INTO digits_schema (version, written_by) VALUES (2, 'Digits.Sdk 9.0.0')");

        using var store = Storage.Open(create: true);
        var error = Assert.Throws<StudyStorageException>(() => Join(store, "lr"));

        Assert.Contains("schema version 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("Digits.Sdk 9.0.0", error.Message, StringComparison.Ordinal);
        Assert.Equal(["digits_schema"], Tables());
    }

    [StoreFact]
    public void Opening_a_study_that_is_not_there_names_those_that_are()
    {
        using (var store = Storage.Open(create: true))
        {
            Join(store, "lr");
            Join(store, "mlp");
        }

        var error = Assert.Throws<StudyNotFoundException>(() => Study.Open(Storage, "cnn"));

        Assert.Contains("'cnn'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'lr', 'mlp'", error.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public void Deleting_a_study_removes_its_trials_attempts_and_weights_and_leaves_the_others()
    {
        using var store = Storage.Open(create: true);
        var doomed = Join(store, "doomed");
        var kept = Join(store, "kept");
        var lease = store.Claim(doomed, Worker(0), Minute)!;
        Assert.True(store.Complete(lease, Outcome(doomed, lease, 0.5)));

        Assert.True(Study.Delete(Storage, "doomed"));
        Assert.False(Study.Delete(Storage, "doomed"));

        Assert.Equal(["kept"], Study.List(Storage));
        Assert.Equal(4, store.Read(kept).Trials.Count);
        var again = Join(store, "doomed");
        Assert.True(again.Created);
        Assert.Empty(store.Read(again).Attempts);
    }

    [StoreFact]
    public void Eight_workers_racing_for_a_hundred_trials_never_claim_one_twice()
    {
        using (var creator = Storage.Open(create: true))
        {
            Join(creator, "race", Plan(100));
        }

        var claimed = new ConcurrentBag<(int Trial, int Attempt, string Worker)>();
        var clock = Stopwatch.StartNew();
        using var start = new Barrier(8);
        var workers = Enumerable.Range(0, 8).Select(w => Task.Factory.StartNew(
            () =>
            {
                // Each worker has its own store, as a process of its own would, and all start claiming together.
                using var store = Storage.Open(create: true);
                var study = Join(store, "race", Plan(100));
                var worker = Worker(w);
                start.SignalAndWait(TimeSpan.FromMinutes(1));
                while (clock.Elapsed < TimeSpan.FromMinutes(2) && store.Claim(study, worker, Minute) is { } lease)
                {
                    claimed.Add((lease.Number, lease.Attempt, worker.Worker));
                    Assert.True(store.Heartbeat(lease, "tiny"));
                    Thread.Sleep(Random.Shared.Next(1, 5)); // a tiny trial
                    Assert.True(store.Complete(lease, Outcome(study, lease, lease.Number / 100.0)));
                }
            },
            TaskCreationOptions.LongRunning)).ToArray();

        Assert.True(Task.WaitAll(workers, TimeSpan.FromMinutes(3)), "the race did not finish in time");

        Assert.Equal(Enumerable.Range(1, 100), claimed.Select(c => c.Trial).Order());
        Assert.All(claimed, c => Assert.Equal(1, c.Attempt));
        Assert.True(claimed.Select(c => c.Worker).Distinct().Count() > 1, "the workers should share the trials");
        var study = Study.Open(Storage, "race");
        Assert.Equal(100, study.Complete);
        Assert.Equal(100, study.Attempts.Count);
        Assert.Equal(claimed.Count, study.Workers.Sum(w => w.Complete));
    }

    [StoreFact]
    public void Workers_arriving_together_at_an_empty_database_create_the_tables_and_the_study_once()
    {
        using var start = new Barrier(8);
        var joined = Enumerable.Range(0, 8).Select(w => Task.Factory.StartNew(
            () =>
            {
                using var store = Storage.Open(create: true);
                start.SignalAndWait(TimeSpan.FromMinutes(1));
                return store.Join("together", Plan(4), 4, TrialsOf(Plan(4)), Worker(w));
            },
            TaskCreationOptions.LongRunning)).ToArray();

        Assert.True(Task.WaitAll(joined, TimeSpan.FromMinutes(2)), "the workers did not join in time");

        Assert.Single(joined, j => j.Result.Created);
        Assert.Single(joined.Select(j => j.Result.Id).Distinct());
        Assert.Equal(4, Study.Open(Storage, "together").Trials.Count);
    }

    [StoreFact]
    public void Successive_halving_promotes_the_best_of_a_rung_once_as_soon_as_a_third_has_finished()
    {
        using var store = Storage.Open(create: true);
        var plan = Plan(9) with { Strategy = SearchStrategy.SuccessiveHalving, Trials = 9, Recipe = new TrainingRecipe { Epochs = 9 } };
        Assert.Equal([(1, 9), (3, 3), (9, 1)], plan.Rungs(9));
        var study = store.Join("asha", plan, 13, [.. TrialsOf(plan).Select(t => t with { Epochs = 1 })], Worker(0));

        // Three first-rung trials finish (the second best); the next claim is the promotion of the best, not trial 4.
        foreach (var accuracy in new[] { 0.2, 0.9, 0.5 })
        {
            var lease = store.Claim(study, Worker(0), Minute)!;
            Assert.Equal(0, lease.Rung);
            Assert.True(store.Complete(lease, Outcome(study, lease, accuracy)));
        }

        var promotion = store.Claim(study, Worker(1), Minute)!;
        var next = store.Claim(study, Worker(2), Minute)!;

        Assert.Equal((10, 1, 3), (promotion.Number, promotion.Rung, promotion.Epochs));
        Assert.Equal(store.Read(study).Trials[1].Values, promotion.Values);
        Assert.Equal((4, 0), (next.Number, next.Rung));
    }

    private static StudyRecord Join(IStudyStore store, string name, StudyPlan? plan = null)
    {
        plan ??= Plan(4);
        return store.Join(name, plan, plan.Trials == 0 ? 4 : plan.Trials, TrialsOf(plan), Worker(0));
    }

    /// <summary>A grid over <paramref name="trials"/> learning rates, on made-up data (the store never looks at it).</summary>
    private static StudyPlan Plan(int trials) => new()
    {
        Network = "LogisticRegression",
        Architecture = new string('a', 64),
        Strategy = SearchStrategy.Grid,
        Seed = 42,
        Space = [Hyperparameter.Choice("learningRate", [.. Enumerable.Range(0, trials).Select(i => (0.001 * (i + 1)).ToString("R", CultureInfo.InvariantCulture))])],
        Trials = 0,
        MinimumEpochs = 1,
        Recipe = new TrainingRecipe { Epochs = 1 },
        Data = new StudyData("mnist", 10, 1_000, 100, new string('b', 64)),
    };

    private static List<PlannedTrial> TrialsOf(StudyPlan plan)
        => [.. plan.Space[0].Values.Select((v, i) => new PlannedTrial(i + 1, i, 0, plan.Recipe.Epochs, new Dictionary<string, string> { ["learningRate"] = v }))];

    private static string Row(StudyTrial trial) => $"{trial.Number} {trial.State} {trial.Attempts} {trial.Worker} {string.Join(",", trial.Values)}";

    private static WorkerIdentity Worker(int index) => new($"worker-{index}", "test-machine");

    private static TrialOutcome Outcome(StudyRecord study, TrialLease lease, double accuracy)
        => new(accuracy, 1 - accuracy, [], study.Plan.RecipeFor(lease.Epochs, lease.Values), TimeSpan.FromSeconds(1), [1, 2, 3]);
}
