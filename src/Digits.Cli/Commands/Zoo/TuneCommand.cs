using System.Globalization;
using Digits.Cli.Commands.Studies;
using Digits.Cli.Commands.Training;
using Digits.Sdk.Training;
using Digits.Sdk.Tuning;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Digits.Cli.Commands.Zoo;

/// <summary>
/// <c>digits tune &lt;network&gt; --data &lt;folder&gt; --grid name=v1,v2 ...</c>: searches a zoo network's training
/// hyperparameters, scoring every trial on a validation split held out of the training images (never the test set).
/// </summary>
public sealed class TuneCommand : AsyncCommand<TuneSettings>
{
    /// <inheritdoc/>
    public override async Task<int> ExecuteAsync(CommandContext context, TuneSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);

        var model = NetworkCatalog.Find(settings.Network);
        var space = settings.Grid.Select(ParseGrid).ToArray();
        var recipe = settings.Epochs is { } epochs ? model.Recipe with { Epochs = epochs } : model.Recipe;
        var tuner = Tuner.For(model, recipe).Over(space).Seed(settings.Seed);
        tuner = settings.Random is { } random ? tuner.Random(random) : settings.Halving is { } halving ? tuner.SuccessiveHalving(halving) : tuner.Grid();
        var planned = tuner.Plan().Count;
        if (settings.Threads is { } threads)
        {
            tuner = tuner.Threads(threads);
        }

        StudyStorage? storage = null;
        if (settings.Study is { } study)
        {
            storage = StudyCommandSupport.Storage(settings.Storage);
            tuner = tuner.Storage(storage, StudyCommandSupport.Name(study), settings.Lease is { } lease ? TimeSpan.FromSeconds(lease) : null);

            // Before the data loads: an unreachable database, a refused login or a newer schema fails at once.
            _ = Study.List(storage);
        }

        using var data = await CommandData.LoadAsync(settings.Data!, cancellationToken).ConfigureAwait(false);
        CommandData.RequireClassesOf(model, data.Train);
        using var split = ValidationSplit.Of(data.Train, settings.Validation, settings.Seed, "--validation", "pass a smaller --validation");
        using var train = settings.TrainImages is { } count && count < split.Train.Count ? split.Train.Take(count) : null;
        var result = Run(tuner, train ?? split.Train, split.Validation, planned, settings.Json, cancellationToken);

        if (settings.Json)
        {
            Console.Out.WriteLine(result.ToJson());
        }
        else
        {
            Render(result);
            if (storage is not null)
            {
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"The study keeps every trial with its weights: digits study show {settings.Study} --storage {storage}");
            }
        }

        return result.Canceled ? ErrorBoundary.Canceled : 0;
    }

    /// <summary>Parses <c>name=v1,v2</c>.</summary>
    private static Hyperparameter ParseGrid(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == text.Length - 1)
        {
            throw new CommandException($"--grid '{text}' must look like name=value1,value2 (e.g. learningRate=1e-3,3e-3).");
        }

        var values = text[(equals + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        try
        {
            return Hyperparameter.Choice(text[..equals].Trim(), values);
        }
        catch (ArgumentException error)
        {
            throw new CommandException($"--grid '{text}': {SdkMessages.Of(error)}", error);
        }
    }

    private static TuningResult Run(Tuner tuner, Sdk.Data.DigitDataset train, Sdk.Data.DigitDataset validation, int planned, bool json, CancellationToken cancellationToken)
    {
        if (!ZooCommandSupport.Interactive(json))
        {
            // Plain lines on stderr: logs stay readable and stdout holds only the result.
            var plain = new SynchronousProgress<TuningProgress>(p =>
            {
                if (p.Finished is { } done)
                {
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trial {done.Number}/{p.Trials} {Describe(done.Values)}: validation accuracy {done.ValidationAccuracy * 100:F2}% in {done.Elapsed.TotalSeconds:F1} s"));
                }
            });
            return tuner.Fit(train, validation, plain, cancellationToken);
        }

        TuningResult? result = null;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var overall = ctx.AddTask("trials", maxValue: planned);
                ProgressTask? current = null;
                var live = new SynchronousProgress<TuningProgress>(p =>
                {
                    if (p.Finished is not null)
                    {
                        overall.Increment(1);
                        current?.StopTask();
                    }
                    else if (p.Training is null)
                    {
                        current = ctx.AddTask(Markup.Escape($"trial {p.Trial} {Describe(p.Values)}"), maxValue: 100);
                    }
                    else if (current is not null)
                    {
                        current.Value = ZooCommandSupport.Percent(p.Training);
                    }
                });
                result = tuner.Fit(train, validation, live, cancellationToken);
            });
        return result!;
    }

    private static string Describe(IReadOnlyDictionary<string, string> values)
        => values.Count == 0 ? "(recipe)" : string.Join(" ", values.Select(v => $"{v.Key}={v.Value}"));

    private static void Render(TuningResult result)
    {
        ZooCommandSupport.WidenWhenRedirected();
        var table = new Table().Title(Markup.Escape(result.ToText().Split('\n')[0]));
        table.AddColumn("trial");
        foreach (var dimension in result.Space)
        {
            table.AddColumn(dimension.Name);
        }

        table.AddColumn(new TableColumn("epochs").RightAligned());
        table.AddColumn(new TableColumn("val accuracy %").RightAligned());
        table.AddColumn(new TableColumn("val loss").RightAligned());
        table.AddColumn(new TableColumn("seconds").RightAligned());
        var best = result.Best;
        foreach (var trial in result.Trials)
        {
            var mark = ReferenceEquals(trial, best) ? "[green]*[/]" : string.Empty;
            table.AddRow(
            [
                trial.Number.ToString(CultureInfo.InvariantCulture) + mark,
                .. result.Space.Select(h => Markup.Escape(trial.Values.TryGetValue(h.Name, out var v) ? v : trial.Recipe.Get(h.Name))),
                trial.Epochs.ToString(CultureInfo.InvariantCulture),
                (trial.ValidationAccuracy * 100).ToString("F2", CultureInfo.InvariantCulture),
                trial.ValidationLoss.ToString("F4", CultureInfo.InvariantCulture),
                trial.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture),
            ]);
        }

        AnsiConsole.Write(table);
        if (best is not null)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Best (trial {best.Number}, by validation accuracy): [bold]{best.Recipe}[/]");
        }
    }
}
