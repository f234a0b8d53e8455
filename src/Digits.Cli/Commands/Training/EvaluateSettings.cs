using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Digits.Cli.Commands.Training;

/// <summary>Arguments of <c>digits evaluate</c>.</summary>
public sealed class EvaluateSettings : CommandSettings
{
    /// <summary>
    /// What to evaluate: checkpoints written by <c>digits train</c> or the SDK (one on its own; several as an ensemble
    /// that averages their softmax outputs, each member's accuracy shown too), or one ONNX model (<c>.onnx</c>).
    /// </summary>
    [CommandArgument(0, "[models]")]
    [Description("Checkpoint file(s) of networks the SDK ships, several evaluated as an ensemble (mean of softmax), or one ONNX model (.onnx) exported by Digits.Sdk")]
    public string[] Models { get; init; } = [];

    /// <summary>The folder holding the data set's IDX files; only the test files are read.</summary>
    [CommandOption("--data <FOLDER>")]
    [Description("Folder with the data set's IDX files; its test set is evaluated (t10k-images and t10k-labels are all it needs)")]
    public string Data { get; init; } = string.Empty;

    /// <summary>Evaluate the pretrained MNIST model built into Digits.Sdk.Inference instead of a file.</summary>
    [CommandOption("--pretrained")]
    [Description("Evaluate the pretrained MNIST digit classifier built into Digits.Sdk.Inference instead of a file")]
    public bool Pretrained { get; init; }

    /// <summary>Print one JSON object and nothing else on stdout.</summary>
    [CommandOption("--json")]
    [Description("Print the evaluation as one JSON object")]
    public bool Json { get; init; }

    /// <inheritdoc/>
    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Data))
        {
            return ValidationResult.Error("--data <FOLDER> is required.");
        }

        return (Pretrained, Models.Length) switch
        {
            (false, 0) => ValidationResult.Error("Name a checkpoint or an ONNX model to evaluate, or give --pretrained for the built-in model."),
            (true, > 0) => ValidationResult.Error($"--pretrained evaluates the built-in model; name no model file with it (got '{Models[0]}')."),
            _ => ValidationResult.Success(),
        };
    }
}
