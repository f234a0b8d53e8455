using System.Diagnostics;
using Digits.Sdk.Data;
using Digits.Sdk.Evaluation;
using Digits.Sdk.Models;
using Digits.Sdk.Training;

namespace Digits.Sdk.Tuning;

/// <summary>Trains several zoo models on the same split and ranks them on a leaderboard.</summary>
/// <example>
/// <code>
/// using var data = mnist.Train.Split(validation: 5_000, seed: 42);
/// var board = ModelComparison.Compare([ModelZoo.Get("LogisticRegression"), ModelZoo.Get("FastCnn")], data, mnist.Test);
/// Console.WriteLine(board.ToMarkdown());
/// </code>
/// </example>
public static class ModelComparison
{
    /// <summary>
    /// Trains every model with its recipe (or the one <paramref name="recipeFor"/> gives) on <paramref name="data"/>'s
    /// training part, scores it on the validation part and on <paramref name="test"/>, and ranks them by validation
    /// accuracy. The test set only reports; it never chooses.
    /// </summary>
    /// <param name="models">The models to compare.</param>
    /// <param name="data">The training/validation split.</param>
    /// <param name="test">The test set, for reporting.</param>
    /// <param name="recipeFor">Picks each model's recipe, e.g. to shorten training; default: the model's own.</param>
    /// <param name="progress">Receives each model's training reports, with the model's name.</param>
    /// <param name="cancellationToken">Stops the comparison; the models finished so far are on the board, marked canceled.</param>
    /// <returns>The leaderboard.</returns>
    public static Leaderboard Compare(IEnumerable<ZooModel> models, TrainValidationData data, DigitDataset test, Func<ZooModel, TrainingRecipe>? recipeFor = null, IProgress<(string Network, TrainingProgress Progress)>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(test);
        var entries = new List<LeaderboardEntry>();
        try
        {
            foreach (var model in models)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var recipe = recipeFor?.Invoke(model) ?? model.Recipe;
                var relay = progress is null ? null : new SynchronousProgress<TrainingProgress>(p => progress.Report((model.Name, p)));
                var clock = Stopwatch.StartNew();
                var run = model.Fit(data.Train, data.Validation, recipe, relay, cancellationToken);
                var trainingTime = clock.Elapsed;
                using var network = run.Model;
                var validation = network.Evaluate(data.Validation);
                clock.Restart();
                var report = network.Evaluate(test);
                var inference = clock.Elapsed.TotalMilliseconds * 1000 / test.Count;
                entries.Add(new LeaderboardEntry(model.Name, recipe.ToString(), validation.Accuracy, report.Accuracy, report.MacroF1, trainingTime, model.Architecture.ParameterCount, inference));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new Leaderboard(entries, canceled: true);
        }

        return new Leaderboard(entries, canceled: false);
    }
}
