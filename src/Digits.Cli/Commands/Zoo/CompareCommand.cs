using System.Globalization;
using Digits.Cli.Commands.Training;
using Digits.Sdk.Models;
using Digits.Sdk.Training;
using Digits.Sdk.Tuning;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Digits.Cli.Commands.Zoo;

/// <summary>
/// <c>digits compare &lt;network&gt;... --data &lt;folder&gt;</c>: trains each network with its recipe and prints a
/// leaderboard (validation and test accuracy, macro F1, training time, parameters, inference time), choosing the
/// winner by validation accuracy.
/// </summary>
public sealed class CompareCommand : AsyncCommand<CompareSettings>
{
    /// <inheritdoc/>
    public override async Task<int> ExecuteAsync(CommandContext context, CompareSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);

        var models = settings.Networks.Select(NetworkCatalog.Find).ToList();
        using var data = await CommandData.LoadAsync(settings.Data!, cancellationToken).ConfigureAwait(false);
        foreach (var model in models)
        {
            CommandData.RequireClassesOf(model, data.Train);
        }

        using var split = ValidationSplit.Of(data.Train, settings.Validation, settings.Seed, "--validation", "pass a smaller --validation");
        using var subset = settings.TrainImages is { } count && count < split.Train.Count
            ? new Sdk.Data.TrainValidationData(split.Train.Take(count), split.Validation.Take(split.Validation.Count))
            : null;
        TrainingRecipe RecipeFor(ZooModel model) => model.Recipe with { Epochs = settings.Epochs ?? model.Recipe.Epochs, Seed = settings.Seed };
        var board = Run(models, subset ?? split, data.Test, RecipeFor, settings.Json, cancellationToken);

        if (settings.Json)
        {
            Console.Out.WriteLine(board.ToJson());
        }
        else
        {
            Render(board);
        }

        return board.Canceled ? ErrorBoundary.Canceled : 0;
    }

    private static Leaderboard Run(List<ZooModel> models, Sdk.Data.TrainValidationData data, Sdk.Data.DigitDataset test, Func<ZooModel, TrainingRecipe> recipeFor, bool json, CancellationToken cancellationToken)
    {
        if (!ZooCommandSupport.Interactive(json))
        {
            var plain = new SynchronousProgress<(string Network, TrainingProgress Progress)>(p =>
            {
                if (p.Progress.Phase == TrainingPhase.Completed)
                {
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.Network}: trained {Quantity.Of(p.Progress.Epoch, "epoch")} in {p.Progress.Elapsed.TotalSeconds:F1} s"));
                }
            });
            return ModelComparison.Compare(models, data, test, recipeFor, plain, cancellationToken);
        }

        Leaderboard? board = null;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var tasks = models.ToDictionary(m => m.Name, m => ctx.AddTask(m.Name, autoStart: false, maxValue: 100));
                var live = new SynchronousProgress<(string Network, TrainingProgress Progress)>(p =>
                {
                    var task = tasks[p.Network];
                    task.StartTask();
                    task.Value = p.Progress.Phase == TrainingPhase.Completed ? 100 : ZooCommandSupport.Percent(p.Progress);
                });
                board = ModelComparison.Compare(models, data, test, recipeFor, live, cancellationToken);
            });
        return board!;
    }

    private static void Render(Leaderboard board)
    {
        ZooCommandSupport.WidenWhenRedirected();
        var table = new Table().Title("Leaderboard (ranked by validation accuracy)")
            .AddColumn(new TableColumn("rank").RightAligned())
            .AddColumn("model")
            .AddColumn(new TableColumn("val acc %").RightAligned())
            .AddColumn(new TableColumn("test acc %").RightAligned())
            .AddColumn(new TableColumn("test macro F1").RightAligned())
            .AddColumn(new TableColumn("train s").RightAligned())
            .AddColumn(new TableColumn("parameters").RightAligned())
            .AddColumn(new TableColumn("µs/image").RightAligned());
        foreach (var (entry, rank) in board.Entries.Select((e, i) => (e, i + 1)))
        {
            table.AddRow(
                rank.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(entry.Network),
                (entry.ValidationAccuracy * 100).ToString("F2", CultureInfo.InvariantCulture),
                (entry.TestAccuracy * 100).ToString("F2", CultureInfo.InvariantCulture),
                entry.TestMacroF1.ToString("F4", CultureInfo.InvariantCulture),
                entry.TrainingTime.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture),
                entry.ParameterCount.ToString("N0", CultureInfo.InvariantCulture),
                entry.InferenceMicrosecondsPerImage.ToString("F1", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        if (board.Winner is { } winner)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Chosen by validation accuracy: [bold]{winner.Network}[/]");
        }
    }
}
