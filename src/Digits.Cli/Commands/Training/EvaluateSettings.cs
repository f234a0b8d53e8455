using System.ComponentModel;
using Spectre.Console.Cli;

namespace Digits.Cli.Commands.Training;

/// <summary>Arguments of <c>digits evaluate</c>.</summary>
public sealed class EvaluateSettings : CommandSettings
{
    /// <summary>A checkpoint written by <c>digits train</c> or the SDK.</summary>
    [CommandArgument(0, "<checkpoint>")]
    [Description("A checkpoint file of a network the SDK ships")]
    public string Checkpoint { get; init; } = string.Empty;

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
