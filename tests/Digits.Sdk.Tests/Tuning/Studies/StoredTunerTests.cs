using Digits.Sdk.Data;
using Digits.Sdk.Evaluation;
using Digits.Sdk.Models;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Tests.Training;
using Digits.Sdk.Training;
using Digits.Sdk.Tuning;
using Microsoft.Data.Sqlite;
using static TorchSharp.torch;

namespace Digits.Sdk.Tests.Tuning.Studies;

/// <summary>
/// <see cref="Tuner.Storage"/> in one process, on a SQLite file: the same trials and scores as the in-memory
/// search, kept, resumable, with the weights of every trial. One epoch of logistic regression on 2,500 images per
/// trial. (Several workers at once are processes: see the CLI's study tests.)
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class StoredTunerTests(MnistFixture mnist) : IDisposable
{
    private readonly TrainValidationData data = TakeSplit(mnist);
    private readonly TemporaryFolder folder = new("digits-study");

    private static ZooModel Model => ModelZoo.Get("LogisticRegression");

    private StudyStorage Storage => StudyStorage.Sqlite(folder.File("studies.db"));

    private static Tuner Grid => Tuner.For(Model, LogisticRegression.Recipe with { Epochs = 1 })
        .Over(Hyperparameter.Choice("learningRate", 1e-3, 1e-2), Hyperparameter.Choice("batchSize", 64, 256));

    public void Dispose()
    {
        data.Dispose();
        SqliteConnection.ClearAllPools();
        folder.Dispose();
    }

    [Fact]
    public void A_stored_search_scores_every_trial_as_the_in_memory_search_does_and_keeps_them()
    {
        var inMemory = Grid.Fit(data);

        var stored = Grid.Storage(Storage, "lr").Fit(data);

        Assert.False(stored.Canceled);
        Assert.Equal(Scores(inMemory), Scores(stored));
        var study = Study.Open(Storage, "lr");
        Assert.True(study.IsFinished);
        Assert.Equal(4, study.Complete);
        Assert.Equal(inMemory.Best!.ValidationAccuracy, study.Best!.ValidationAccuracy);
        Assert.All(study.Trials, t =>
        {
            var epoch = Assert.Single(t.History);
            Assert.Equal(t.ValidationAccuracy, epoch.ValidationAccuracy);
            Assert.Equal(Environment.MachineName, t.Machine);
            Assert.StartsWith(Environment.MachineName + ":" + Environment.ProcessId, t.Worker, StringComparison.Ordinal);
            Assert.True(t.TrainingTime > TimeSpan.Zero);
            Assert.True(t.FinishedAt >= t.StartedAt);
        });
        var worker = Assert.Single(study.Workers);
        Assert.Equal(4, worker.Complete);
    }

    [Fact]
    public void Running_a_finished_study_again_trains_nothing_and_returns_the_same_trials()
    {
        var first = Grid.Storage(Storage, "lr").Fit(data);

        var second = Grid.Storage(Storage, "lr").Fit(data);

        Assert.Equal(Scores(first), Scores(second));
        Assert.Equal(4, Study.Open(Storage, "lr").Attempts.Count);
    }

    [Fact]
    public void The_stored_weights_of_the_best_trial_score_what_it_recorded()
    {
        Grid.Storage(Storage, "lr").Fit(data);
        var study = Study.Open(Storage, "lr");
        var best = study.Best!;

        using var network = study.LoadNetwork(best.Number);
        study.SaveCheckpoint(best.Number, folder.File("best.ckpt"));

        Assert.Equal(best.ValidationAccuracy, network.Evaluate(data.Validation).Accuracy, 9);
        var checkpoint = Checkpoint.Read(folder.File("best.ckpt"));
        Assert.Equal("LogisticRegression", checkpoint.NetworkName);
        Assert.Equal(best.ValidationAccuracy, checkpoint.History[^1].ValidationAccuracy);
        var pending = Assert.Throws<ArgumentException>(() => study.SaveCheckpoint(99, folder.File("none.ckpt")));
        Assert.Contains("no trial 99", pending.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trial_whose_training_throws_is_recorded_with_its_error_and_not_tried_again()
    {
        // The first call hashes the architecture for the plan; the third builds trial 2's network.
        var calls = 0;
        nn.Module<Tensor, Tensor> Create() => Interlocked.Increment(ref calls) == 3 ? throw new InvalidOperationException("the network of trial 2 cannot be built") : new LogisticRegression();
        var tuner = Tuner.For("LogisticRegression", Create, LogisticRegression.Recipe with { Epochs = 1 })
            .Over(Hyperparameter.Choice("learningRate", 1e-3, 3e-3, 1e-2))
            .Storage(Storage, "flaky");

        var result = tuner.Fit(data);
        tuner.Fit(data);

        Assert.Equal([1, 3], result.Trials.Select(t => t.Number));
        var study = Study.Open(Storage, "flaky");
        var failed = Assert.Single(study.Trials, t => t.State == StudyTrialState.Failed);
        Assert.Equal(2, failed.Number);
        Assert.Equal("InvalidOperationException: the network of trial 2 cannot be built", failed.Error);
        Assert.Equal(1, failed.Attempts);
        Assert.True(study.IsFinished);
    }

    [Fact]
    public void Stopping_a_worker_mid_trial_gives_the_trial_back_and_the_next_run_finishes_the_study()
    {
        using var stop = new CancellationTokenSource();
        var progress = new SynchronousProgress<TuningProgress>(p =>
        {
            if (p is { Trial: 2, Training.Batch: >= 5 })
            {
                stop.Cancel();
            }
        });

        var stopped = Grid.Storage(Storage, "lr").Fit(data, progress, stop.Token);
        var during = Study.Open(Storage, "lr");
        var finished = Grid.Storage(Storage, "lr").Fit(data);

        Assert.True(stopped.Canceled);
        Assert.Equal([1], stopped.Trials.Select(t => t.Number));
        Assert.Equal(StudyTrialState.Pending, during.Trials[1].State);
        Assert.Equal(StudyAttemptOutcome.Released, during.Attempts.Single(a => a.Trial == 2).Outcome);
        Assert.False(finished.Canceled);
        Assert.Equal(Scores(Grid.Fit(data)), Scores(finished));
    }

    [Fact]
    public void Stored_successive_halving_with_one_worker_trains_what_the_in_memory_search_trains()
    {
        var halving = Tuner.For(Model, LogisticRegression.Recipe with { Epochs = 3 })
            .Over(Hyperparameter.LogUniform("learningRate", 1e-4, 1e-1))
            .SuccessiveHalving(configurations: 3);

        var inMemory = halving.Fit(data);
        var stored = halving.Storage(Storage, "halving").Fit(data);

        Assert.Equal([1, 1, 1, 2], stored.Trials.Select(t => t.Round));
        Assert.Equal([1, 1, 1, 3], stored.Trials.Select(t => t.Epochs));
        Assert.Equal(Scores(inMemory), Scores(stored));
        Assert.Equal(4, Study.Open(Storage, "halving").PlannedTrials);
    }

    [Fact]
    public void A_stored_random_search_draws_and_scores_the_trials_of_the_in_memory_search()
    {
        var random = Tuner.For(Model, LogisticRegression.Recipe with { Epochs = 1 })
            .Over(Hyperparameter.LogUniform("learningRate", 1e-4, 1e-1), Hyperparameter.Choice("batchSize", 64, 128, 256))
            .Random(3)
            .Seed(7);

        var inMemory = random.Fit(data);
        var stored = random.Storage(Storage, "random").Fit(data);

        Assert.Equal(Scores(inMemory), Scores(stored));
        Assert.Equal(SearchStrategy.Random, Study.Open(Storage, "random").Strategy);
    }

    [Fact]
    public void Joining_with_other_data_is_refused_before_anything_is_written()
    {
        Grid.Storage(Storage, "lr").Fit(data);
        using var slice = mnist.Data.Train.Take(3_000);
        using var other = slice.Split(validation: 500, seed: 2);

        var error = Assert.Throws<StudyMismatchException>(() => Grid.Storage(Storage, "lr").Fit(other));

        Assert.Contains("labels of the split", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, Study.Open(Storage, "lr").Attempts.Count);
    }

    private static IEnumerable<string> Scores(TuningResult result)
        => result.Trials.Select(t => $"{t.Number} {string.Join(",", t.Values)} {t.Epochs} {t.ValidationAccuracy:R} {t.ValidationLoss:R}");

    private static TrainValidationData TakeSplit(MnistFixture mnist)
    {
        using var slice = mnist.Data.Train.Take(3_000);
        return slice.Split(validation: 500, seed: 1);
    }
}
