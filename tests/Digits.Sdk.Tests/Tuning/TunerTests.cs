using System.Text.Json;
using Digits.Sdk.Data;
using Digits.Sdk.Evaluation;
using Digits.Sdk.Models;
using Digits.Sdk.Tests.Training;
using Digits.Sdk.Training;
using Digits.Sdk.Tuning;

namespace Digits.Sdk.Tests.Tuning;

/// <summary>The mechanics of the search on 2,500 training and 500 validation images, one epoch of logistic regression per trial.</summary>
[Collection(TrainingCollection.Name)]
public sealed class TunerTests(MnistFixture mnist) : IDisposable
{
    private readonly TrainValidationData data = TakeSplit(mnist);

    private static ZooModel Model => ModelZoo.Get("LogisticRegression");

    private static TrainingRecipe OneEpoch => LogisticRegression.Recipe with { Epochs = 1 };

    public void Dispose() => data.Dispose();

    [Fact]
    public void A_grid_search_trains_every_combination_and_picks_the_best_validation_score()
    {
        var result = Tuner.For(Model, OneEpoch)
            .Over(Hyperparameter.Choice("learningRate", 1e-3, 1e-2), Hyperparameter.Choice("batchSize", 64, 256))
            .Fit(data);

        Assert.Equal(4, result.Trials.Count);
        Assert.Equal(
            ["learningRate=0.001 batchSize=64", "learningRate=0.001 batchSize=256", "learningRate=0.01 batchSize=64", "learningRate=0.01 batchSize=256"],
            result.Trials.Select(t => $"learningRate={t.Recipe.LearningRate} batchSize={t.Recipe.BatchSize}"));
        var best = Assert.IsType<TrialResult>(result.Best);
        Assert.Equal(result.Trials.Max(t => t.ValidationAccuracy), best.ValidationAccuracy);
        Assert.True(result.Trials.Select(t => t.ValidationAccuracy).Distinct().Count() > 1, "the settings should matter");
    }

    [Fact]
    public void Trials_are_scored_on_the_validation_split()
    {
        var result = Tuner.For(Model, OneEpoch).Over(Hyperparameter.Choice("learningRate", 3e-3)).Fit(data);

        // Retraining the trial's recipe (same seed, so the same weights) and scoring it by hand on the validation split gives the recorded score.
        var trial = Assert.Single(result.Trials);
        var run = Model.Fit(data.Train, recipe: trial.Recipe);
        using var network = run.Model;
        Assert.Equal(network.Evaluate(data.Validation).Accuracy, trial.ValidationAccuracy, 9);
    }

    [Fact]
    public void The_same_seed_gives_the_same_random_trials_and_scores()
    {
        var tuner = Tuner.For(Model, OneEpoch)
            .Over(Hyperparameter.LogUniform("learningRate", 1e-4, 1e-1), Hyperparameter.Choice("batchSize", 64, 128, 256))
            .Random(3)
            .Seed(7);

        var first = tuner.Fit(data);
        var second = tuner.Fit(data);

        Assert.Equal(first.Trials.Select(t => t.Recipe), second.Trials.Select(t => t.Recipe));
        Assert.Equal(first.Trials.Select(t => t.ValidationAccuracy), second.Trials.Select(t => t.ValidationAccuracy));
        Assert.NotEqual(
            tuner.Plan().Select(v => v["learningRate"]),
            tuner.Seed(8).Plan().Select(v => v["learningRate"]));
    }

    [Fact]
    public void Progress_arrives_in_order_on_the_thread_that_runs_the_search()
    {
        var caller = Environment.CurrentManagedThreadId;
        var reports = new List<(TuningProgress Report, int Thread)>();

        Tuner.For(Model, OneEpoch)
            .Over(Hyperparameter.Choice("learningRate", 1e-3, 1e-2))
            .Fit(data, new SynchronousProgress<TuningProgress>(p => reports.Add((p, Environment.CurrentManagedThreadId))));

        Assert.All(reports, r => Assert.Equal(caller, r.Thread));
        foreach (var trial in new[] { 1, 2 })
        {
            var own = reports.Select(r => r.Report).Where(r => r.Trial == trial).ToList();
            Assert.True(own[0] is { Training: null, Finished: null }, "a trial's first report announces it");
            Assert.NotNull(own[^1].Finished);
            var batches = own.Where(r => r.Training is { Phase: TrainingPhase.Training }).Select(r => r.Training!.Batch).ToList();
            Assert.NotEmpty(batches);
            Assert.Equal(batches.Order(), batches);
        }

        Assert.Equal([1, 2], reports.Select(r => r.Report.Trial).Distinct());
    }

    [Fact]
    public void Canceling_stops_the_search_and_keeps_the_finished_trials()
    {
        using var cancellation = new CancellationTokenSource();
        var progress = new SynchronousProgress<TuningProgress>(p =>
        {
            if (p.Finished is not null)
            {
                cancellation.Cancel();
            }
        });

        var result = Tuner.For(Model, OneEpoch)
            .Over(Hyperparameter.Choice("learningRate", 1e-3, 3e-3, 1e-2))
            .Fit(data, progress, cancellation.Token);

        Assert.True(result.Canceled);
        Assert.Single(result.Trials);
        Assert.Same(result.Trials[0], result.Best);
    }

    [Fact]
    public void Successive_halving_keeps_the_best_third_and_triples_their_epochs()
    {
        var result = Tuner.For(Model, LogisticRegression.Recipe with { Epochs = 3 })
            .Over(Hyperparameter.LogUniform("learningRate", 1e-4, 1e-1))
            .SuccessiveHalving(configurations: 3)
            .Fit(data);

        Assert.Equal([1, 1, 1, 2], result.Trials.Select(t => t.Round));
        Assert.Equal([1, 1, 1, 3], result.Trials.Select(t => t.Epochs));
        var firstRoundBest = result.Trials.Take(3).OrderByDescending(t => t.ValidationAccuracy).ThenBy(t => t.ValidationLoss).First();
        Assert.Equal(firstRoundBest.Values["learningRate"], result.Trials[3].Values["learningRate"]);
    }

    [Fact]
    public void A_grid_cannot_enumerate_a_range()
    {
        var tuner = Tuner.For(Model).Over(Hyperparameter.Uniform("labelSmoothing", 0, 0.2)).Grid();

        var error = Assert.Throws<InvalidOperationException>(() => tuner.Plan());
        Assert.Contains("labelSmoothing", error.Message);
    }

    [Fact]
    public void A_hyperparameter_the_recipe_does_not_have_is_refused_at_declaration()
    {
        var error = Assert.Throws<ArgumentException>(() => Hyperparameter.Choice("dropout", 0.1, 0.2));

        Assert.Contains("learningRate", error.Message);
    }

    [Fact]
    public void A_range_over_a_list_of_names_is_refused_at_declaration()
    {
        var error = Assert.Throws<ArgumentException>(() => Hyperparameter.Uniform("optimizer", 0, 3));

        Assert.Contains("Hyperparameter.Choice", error.Message);
    }

    [Fact]
    public void A_random_search_draws_whole_numbers_for_whole_number_hyperparameters()
    {
        var plan = Tuner.For(Model).Over(Hyperparameter.Uniform("batchSize", 16, 256), Hyperparameter.LogUniform("learningRate", 1e-4, 1e-2)).Random(5).Plan();

        Assert.All(plan, trial => Assert.Matches("^[0-9]+$", trial["batchSize"]));
        Assert.Contains(plan, trial => trial["learningRate"].Contains('.', StringComparison.Ordinal));
    }

    [Fact]
    public void The_results_table_comes_as_text_markdown_and_json()
    {
        var result = Tuner.For(Model, OneEpoch).Over(Hyperparameter.Choice("learningRate", 1e-3, 1e-2)).Fit(data);

        Assert.Contains("learningRate", result.ToText());
        Assert.Contains("| trial | learningRate |", result.ToMarkdown());
        using var json = JsonDocument.Parse(result.ToJson());
        Assert.Equal(2, json.RootElement.GetProperty("trials").GetArrayLength());
        Assert.Equal(result.Best!.Number, json.RootElement.GetProperty("best").GetProperty("trial").GetInt32());
    }

    [Fact]
    public void Compare_ranks_by_validation_accuracy_and_reports_the_test_set_beside_it()
    {
        var board = ModelComparison.Compare(
            [ModelZoo.Get("LogisticRegression"), ModelZoo.Get("LinearSvm")],
            data,
            mnist.Validation,
            model => model.Recipe with { Epochs = 1 });

        Assert.Equal(2, board.Entries.Count);
        Assert.Equal(board.Entries.Max(e => e.ValidationAccuracy), board.Winner!.ValidationAccuracy);
        Assert.All(board.Entries, e =>
        {
            Assert.InRange(e.TestAccuracy, 0.5, 1);
            Assert.InRange(e.TestMacroF1, 0.4, 1);
            Assert.Equal(7_850, e.ParameterCount);
            Assert.True(e.InferenceMicrosecondsPerImage > 0);
        });
        using var json = JsonDocument.Parse(board.ToJson());
        Assert.Equal(board.Winner.Network, json.RootElement.GetProperty("winner").GetString());
        Assert.Contains("Chosen by validation accuracy", board.ToMarkdown());
    }

    private static TrainValidationData TakeSplit(MnistFixture mnist)
    {
        using var slice = mnist.Data.Train.Take(3_000);
        return slice.Split(validation: 500, seed: 1);
    }
}
