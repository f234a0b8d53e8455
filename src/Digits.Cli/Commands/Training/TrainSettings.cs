using System.ComponentModel;
using Digits.Sdk.Training;
using Spectre.Console.Cli;

namespace Digits.Cli.Commands.Training;

/// <summary>Arguments of <c>digits train</c>.</summary>
public sealed class TrainSettings : CommandSettings
{
    /// <summary>The class name of a network the SDK ships, such as <c>LogisticRegression</c>.</summary>
    [CommandArgument(0, "<network>")]
    [Description("A network the SDK ships, by class name (e.g. LogisticRegression)")]
    public string Network { get; init; } = string.Empty;

    /// <summary>The folder holding the data set's IDX files.</summary>
    [CommandOption("--data <FOLDER>")]
    [Description("Folder with the data set's IDX files (or a subfolder named after it)")]
    public string Data { get; init; } = string.Empty;

    /// <summary>Epochs to train; the network's recipe when not given.</summary>
    [CommandOption("--epochs <N>")]
    [Description("Epochs to train (default: the network's recipe, see digits summary)")]
    public int? Epochs { get; init; }

    /// <summary>The seed.</summary>
    [CommandOption("--seed <S>")]
    [Description("Seed of the split, weights, shuffles and dropout (default 42)")]
    public int Seed { get; init; } = TrainingDefaults.Seed;

    /// <summary>Mini-batch size; the network's recipe when not given.</summary>
    [CommandOption("--batch-size <N>")]
    [Description("Mini-batch size (default: the network's recipe)")]
    public int? BatchSize { get; init; }

    /// <summary>CPU threads for the tensor kernels; all cores when not given.</summary>
    [CommandOption("--threads <N>")]
    [Description("CPU threads for training (default: all cores; use 1 per run when training several networks at once)")]
    public int? Threads { get; init; }

    /// <summary>Where to write the trained model's checkpoint.</summary>
    [CommandOption("--out <CHECKPOINT>")]
    [Description("Checkpoint file to write (default <network>.ckpt)")]
    public string? Out { get; init; }

    /// <summary>Print one JSON object (the test-set evaluation) and nothing else on stdout.</summary>
    [CommandOption("--json")]
    [Description("Print the test-set evaluation as one JSON object")]
    public bool Json { get; init; }

    /// <summary>A checkpoint of an interrupted run to continue from.</summary>
    [CommandOption("--resume <CHECKPOINT>")]
    [Description("Continue an interrupted run from its checkpoint (the last.ckpt that Ctrl+C or a crash left)")]
    public string? Resume { get; init; }

    /// <inheritdoc/>
    public override Spectre.Console.ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Data))
        {
            return Spectre.Console.ValidationResult.Error("--data <FOLDER> is required.");
        }

        return CountOption.Check(CountOption.Epochs(Epochs), CountOption.BatchSize(BatchSize), CountOption.Threads(Threads));
    }
}
