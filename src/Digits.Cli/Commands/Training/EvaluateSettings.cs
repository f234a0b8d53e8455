using System.ComponentModel;
using Spectre.Console.Cli;

namespace Digits.Cli.Commands.Training;

/// <summary>Arguments of <c>digits evaluate</c>.</summary>
public sealed class EvaluateSettings : CommandSettings
{
    /// <summary>
    /// Checkpoints written by <c>digits train</c> or the SDK. One is evaluated on its own; several are evaluated
    /// as an ensemble that averages their softmax outputs (each member's accuracy is shown too).
    /// </summary>
    [CommandArgument(0, "<checkpoints>")]
    [Description("Checkpoint file(s) of networks the SDK ships; several are evaluated as an ensemble (mean of softmax)")]
    public string[] Checkpoints { get; init; } = [];

    /// <summary>The folder holding the data set's IDX files.</summary>
    [CommandOption("--data <FOLDER>")]
    [Description("Folder with the data set's IDX files; the test set is evaluated")]
    public string Data { get; init; } = string.Empty;

    /// <summary>Print one JSON object and nothing else on stdout.</summary>
    [CommandOption("--json")]
    [Description("Print the evaluation as one JSON object")]
    public bool Json { get; init; }

    /// <inheritdoc/>
    public override Spectre.Console.ValidationResult Validate() => string.IsNullOrWhiteSpace(Data)
        ? Spectre.Console.ValidationResult.Error("--data <FOLDER> is required.")
        : Spectre.Console.ValidationResult.Success();
}
