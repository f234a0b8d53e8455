using System.Globalization;
using Digits.Sdk.Data;
using Digits.Sdk.Evaluation;
using Digits.Sdk.Models;
using Digits.Sdk.Training;
using Spectre.Console;
using Spectre.Console.Cli;
using static TorchSharp.torch;

namespace Digits.Cli.Commands.Training;

/// <summary>
/// <c>digits evaluate &lt;checkpoint&gt;... --data &lt;folder&gt;</c>: evaluates one checkpoint on the test set, or
/// several as an ensemble that averages their softmax outputs.
/// </summary>
public sealed class EvaluateCommand : AsyncCommand<EvaluateSettings>
{
    /// <inheritdoc/>
    public override async Task<int> ExecuteAsync(CommandContext context, EvaluateSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);

            // Every file is checked before any network is built, so a typo in the fifth path fails at once.
            var checkpoints = settings.Checkpoints.Select(Read).ToList();
            using var data = await CommandData.LoadAsync(settings.Data, cancellationToken).ConfigureAwait(false);
            foreach (var checkpoint in checkpoints.Where(c => !c.Dataset.Equals(data.Identity)))
            {
                Console.Error.WriteLine($"digits: note: '{checkpoint.Path}' was trained on {checkpoint.Dataset.Title}, but is evaluated on {data.Identity.Title}.");
            }

            var (members, report) = EvaluateMembersAndMean(checkpoints, data.Test);
            if (settings.Json)
            {
                Console.Out.WriteLine(report.ToJson());
                return 0;
            }

            if (members.Count == 1)
            {
                AnsiConsole.MarkupLineInterpolated($"[bold]{checkpoints[0].NetworkName}[/] after {Quantity.Of(checkpoints[0].Epoch, "epoch")}, on {data.Test.Name}:");
            }
            else
            {
                var table = new Table().AddColumns("member", "network", "epochs", "test accuracy");
                for (var i = 0; i < members.Count; i++)
                {
                    table.AddRow(
                        Markup.Escape(Path.GetFileName(checkpoints[i].Path)),
                        checkpoints[i].NetworkName,
                        checkpoints[i].Epoch.ToString(CultureInfo.InvariantCulture),
                        members[i].Accuracy.ToString("P2", CultureInfo.InvariantCulture));
                }

                AnsiConsole.Write(table);
                AnsiConsole.MarkupLineInterpolated($"[bold]Ensemble of {members.Count}[/] (mean of softmax), on {data.Test.Name}:");
            }

            AnsiConsole.WriteLine(report.ToText());
            return 0;
        }

    private static Checkpoint Read(string path)
    {
        return CommandCheckpoint.Read(path);
    }

    /// <summary>
    /// Each member's report and the report of their mean softmax (what <see cref="Ensemble"/> predicts), running
    /// every network over the test set once and holding one network in memory at a time.
    /// </summary>
    private static (List<EvaluationReport> Members, EvaluationReport Mean) EvaluateMembersAndMean(IReadOnlyList<Checkpoint> checkpoints, DigitDataset test)
    {
        using var scope = NewDisposeScope();
        var reports = new List<EvaluationReport>();
        Tensor? sum = null;
        foreach (var checkpoint in checkpoints)
        {
            using var network = NetworkCatalog.Find(checkpoint.NetworkName).Create();
            checkpoint.LoadInto(network);
            var probabilities = network.PredictProbabilities(test);
            reports.Add(EvaluationReport.FromProbabilities(test.Labels, probabilities, test.ClassNames));
            sum = sum is null ? probabilities : sum + probabilities;
        }

        var mean = reports.Count == 1 ? reports[0] : EvaluationReport.FromProbabilities(test.Labels, sum! / reports.Count, test.ClassNames);
        return (reports, mean);
    }
}
