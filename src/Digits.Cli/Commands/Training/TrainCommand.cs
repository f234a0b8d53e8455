using System.Globalization;
using Digits.Cli.CommandLine;
using Digits.Cli.Commands.Zoo;
using Digits.Sdk.Data;
using Digits.Sdk.Evaluation;
using Digits.Sdk.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Digits.Cli.Commands.Training;

/// <summary>
/// <c>digits train &lt;network&gt; --data &lt;folder&gt;</c>: trains a shipped network on the training set (5,000 images
/// held out for validation), saves a checkpoint, and evaluates it on the test set.
/// </summary>
public sealed class TrainCommand : AsyncCommand<TrainSettings>
{
    private const int ValidationImages = 5_000;

    /// <inheritdoc/>
    public override async Task<int> ExecuteAsync(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        try
        {
            // The files first, before the data set takes its seconds to load: a typo in a path fails at once.
            var network = NetworkCatalog.Find(settings.Network);
            var resume = settings.Resume;
            if (resume is not null)
            {
                FilePaths.RequireFile(resume, "checkpoint");
            }

            // Folders made here go again if the run ends before writing into them: a failed start leaves nothing.
            using var created = new CreatedFolders();
            var output = settings.Out ?? network.Name + Checkpoint.Extension;
            created.PrepareOutput(output, "--out", network.Name + Checkpoint.Extension);

            // Every epoch is checkpointed beside the output, so Ctrl+C or a crash loses at most one epoch.
            var checkpoints = Path.ChangeExtension(Path.GetFullPath(output), null) + ".checkpoints";
            created.Prepare(checkpoints, $"--out '{output}' cannot be checkpointed each epoch");

            using var data = await CommandData.LoadAsync(settings.Data, cancellationToken).ConfigureAwait(false);
            CommandData.RequireClassesOf(network, data.Train);
            if (resume is not null)
            {
                CommandData.RequireSameData(resume, data.Identity);
            }

            using var split = ValidationSplit.Of(data.Train, ValidationImages, settings.Seed, "train", "train on a data set with more images");

            // The network's own recipe (optimizer, schedule, loss, augmentation), with what the user overrode.
            var recipe = network.Recipe with
            {
                Epochs = settings.Epochs ?? network.Recipe.Epochs,
                BatchSize = settings.BatchSize ?? network.Recipe.BatchSize,
                Seed = settings.Seed,
            };
            var builder = recipe.Configure(Trainer.For(network.Create)).Checkpoints(checkpoints);
            if (settings.Threads is { } threads)
            {
                builder = builder.Threads(threads);
            }

            if (resume is not null)
            {
                builder = builder.Resume(resume);
            }

            // Bars only on a terminal; otherwise plain lines on stderr, so stdout holds only the result.
            var run = ZooCommandSupport.Interactive(settings.Json)
                ? WithProgressBars(builder, split, cancellationToken)
                : WithProgressLines(builder, split, cancellationToken);
            using var model = run.Model;
            run.SaveCheckpoint(output);
            var report = model.Evaluate(data.Test);

            if (settings.Json)
            {
                Console.Out.WriteLine(report.ToJson());
            }
            else
            {
                Render(run.History, run.Calibration, report, output);
            }

            return 0;
        }
        catch (TrainingCanceledException canceled)
        {
            // The command to continue is this run's own, every option as given, so it trains what was asked, to the file asked for.
            Console.Error.WriteLine(canceled.CheckpointPath is { } saved
                ? $"digits: training stopped after {Quantity.Of(canceled.History.Count, "complete epoch")}; checkpoint saved to {saved}. Continue with: {CommandLineText.Of(DigitsApp.Vocabulary, context.Name, settings, (nameof(TrainSettings.Resume), saved))}"
                : "digits: training stopped; no checkpoint was saved.");
            return ErrorBoundary.Canceled;
        }
    }

    private static TrainingRun<TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>> WithProgressBars(
        TrainingBuilder<TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>> builder, TrainValidationData split, CancellationToken cancellationToken)
        => AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var tasks = new Dictionary<int, ProgressTask>();
                // Synchronous, so the bars follow every batch in order on the training thread.
                var progress = new SynchronousProgress<TrainingProgress>(report =>
                {
                    if (report.Phase != TrainingPhase.Training)
                    {
                        return;
                    }

                    if (!tasks.TryGetValue(report.Epoch, out var task))
                    {
                        task = tasks[report.Epoch] = context.AddTask($"epoch {report.Epoch}/{report.Epochs}", maxValue: report.BatchesPerEpoch);
                    }

                    task.Value = report.Batch;
                    task.Description = Describe(report);
                });
                return builder.Fit(split.Train, split.Validation, progress, cancellationToken);
            });

    /// <summary>Training without a terminal: a line on stderr at every tenth of an epoch.</summary>
    private static TrainingRun<TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>> WithProgressLines(
        TrainingBuilder<TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>> builder, TrainValidationData split, CancellationToken cancellationToken)
    {
        var last = (Epoch: 0, Tenth: -1);
        var progress = new SynchronousProgress<TrainingProgress>(report =>
        {
            if (report.Phase != TrainingPhase.Training || report.BatchesPerEpoch == 0)
            {
                return;
            }

            var tenth = report.Batch * 10 / report.BatchesPerEpoch;
            if ((report.Epoch, tenth) != last)
            {
                last = (report.Epoch, tenth);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Describe(report)}  batch {report.Batch}/{report.BatchesPerEpoch}"));
            }
        });
        return builder.Fit(split.Train, split.Validation, progress, cancellationToken);
    }

    private static string Describe(TrainingProgress report)
        => string.Create(CultureInfo.InvariantCulture, $"epoch {report.Epoch}/{report.Epochs}  loss {report.Loss:F4}  acc {report.Accuracy:P1}  {report.ImagesPerSecond:N0} img/s");

    private static void Render(TrainingHistory history, TemperatureCalibration? calibration, EvaluationReport report, string checkpoint)
    {
        var table = new Table().AddColumns("epoch", "train loss", "train acc", "val loss", "val acc", "time");
        foreach (var e in history)
        {
            table.AddRow(
                e.Epoch.ToString(CultureInfo.InvariantCulture),
                e.TrainLoss.ToString("F4", CultureInfo.InvariantCulture),
                e.TrainAccuracy.ToString("P2", CultureInfo.InvariantCulture),
                e.ValidationLoss?.ToString("F4", CultureInfo.InvariantCulture) ?? "-",
                e.ValidationAccuracy?.ToString("P2", CultureInfo.InvariantCulture) ?? "-",
                e.Duration.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s");
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"Checkpoint: [bold]{checkpoint}[/]");
        if (calibration is not null)
        {
            AnsiConsole.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Calibration: temperature {calibration.Temperature:F3}, fitted on {calibration.SampleCount:N0} validation images: ECE {calibration.ExpectedCalibrationErrorBefore:P2} -> {calibration.ExpectedCalibrationErrorAfter:P2}, NLL {calibration.NegativeLogLikelihoodBefore:F4} -> {calibration.NegativeLogLikelihoodAfter:F4}"));
        }

        AnsiConsole.WriteLine();
        AnsiConsole.WriteLine(report.ToText());
    }
}
