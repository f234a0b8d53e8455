using Digits.Sdk.Data;
using Digits.Sdk.Evaluation;
using Digits.Sdk.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Digits.Cli.Commands.Training;

/// <summary><c>digits evaluate &lt;checkpoint&gt; --data &lt;folder&gt;</c>: loads a checkpoint of a shipped network and evaluates it on the test set.</summary>
public sealed class EvaluateCommand : AsyncCommand<EvaluateSettings>
{
    /// <inheritdoc/>
    public override async Task<int> ExecuteAsync(CommandContext context, EvaluateSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        try
        {
            if (!File.Exists(settings.Checkpoint))
            {
                throw new TrainingCommandException($"The checkpoint '{settings.Checkpoint}' does not exist.");
            }

            var checkpoint = Checkpoint.Read(settings.Checkpoint);
            using var model = NetworkCatalog.Find(checkpoint.NetworkName).Create();
            checkpoint.LoadInto(model);
            using var data = await CommandData.LoadAsync(settings.Data, cancellationToken).ConfigureAwait(false);
            var report = model.Evaluate(data.Test);
            if (settings.Json)
            {
                Console.Out.WriteLine(report.ToJson());
            }
            else
            {
                AnsiConsole.MarkupLineInterpolated($"[bold]{checkpoint.NetworkName}[/] after {checkpoint.Epoch} epochs, on {data.Test.Name}:");
                AnsiConsole.WriteLine(report.ToText());
            }

            return 0;
        }
        catch (Exception error) when (error is TrainingCommandException or IOException or UnauthorizedAccessException or IdxFormatException or CheckpointMismatchException)
        {
            Console.Error.WriteLine("digits: error: " + error.Message.ReplaceLineEndings(" "));
            return 1;
        }
    }
}
