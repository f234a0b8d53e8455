using System.ComponentModel;
using Digits.Sdk.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Digits.Cli.Commands.Zoo;

/// <summary>Arguments of <c>digits compare</c>.</summary>
public sealed class CompareSettings : CommandSettings
{
    /// <summary>The zoo networks to compare.</summary>
    [CommandArgument(0, "<networks>")]
    [Description("Networks the SDK ships, such as LogisticRegression LinearSvm FastCnn")]
    public string[] Networks { get; init; } = [];

    /// <summary>The folder with the MNIST IDX files.</summary>
    [CommandOption("--data <FOLDER>")]
    [Description("A folder holding the MNIST IDX files (or a data root with an mnist/ subfolder)")]
    public string? Data { get; init; }

    /// <summary>Overrides every recipe's epochs.</summary>
    [CommandOption("--epochs <N>")]
    [Description("Epochs for every network (default: each network's recipe)")]
    public int? Epochs { get; init; }

    /// <summary>The seed of the split and of every run.</summary>
    [CommandOption("--seed <SEED>")]
    [Description("Seed of the split and the training runs (default 42)")]
    public int Seed { get; init; } = TrainingDefaults.Seed;

    /// <summary>How many training images to hold out for choosing the winner.</summary>
    [CommandOption("--validation <N>")]
    [Description("Training images held out to choose the winner (default 5000)")]
    public int Validation { get; init; } = 5_000;

    /// <summary>Train on only the first N training images, for quick comparisons.</summary>
    [CommandOption("--train-images <N>")]
    [Description("Train on only the first N training images")]
    public int? TrainImages { get; init; }

    /// <summary>Print JSON only.</summary>
    [CommandOption("--json")]
    [Description("Print the leaderboard as JSON (nothing else on stdout)")]
    public bool Json { get; init; }

    /// <inheritdoc/>
    public override ValidationResult Validate()
    {
        if (Networks.Length == 0)
        {
            return ValidationResult.Error("Name at least one network to compare.");
        }

        if (string.IsNullOrWhiteSpace(Data))
        {
            return ValidationResult.Error("--data <FOLDER> is required: a folder holding the MNIST IDX files.");
        }

        return CountOption.Check(
            CountOption.Epochs(Epochs),
            CountOption.AtLeast("--validation", Validation),
            CountOption.AtLeast("--train-images", TrainImages));
    }
}
