using System.ComponentModel;
using System.Globalization;
using Digits.Sdk.Robustness;
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

    /// <summary>The MNIST-C corruption families to measure the model under: <c>all</c> or names with commas.</summary>
    [CommandOption("--corruptions <LIST>")]
    [Description("Measure robustness under MNIST-C's corruptions: 'all' or names separated by commas (shot_noise, impulse_noise, glass_blur, motion_blur, shear, scale, rotate, brightness, translate, stripe, fog, spatter, dotted_line, zigzag, canny_edges)")]
    public string? CorruptionList { get; init; }

    /// <summary>Read each corrupted digit as a 112×112 dark-on-light picture with PredictImage instead of as model input.</summary>
    [CommandOption("--pictures")]
    [Description("With --corruptions: draw each digit as a 112x112 dark-on-light picture and read it as digits predict does (no digit found counts as wrong); ONNX models only")]
    public bool Pictures { get; init; }

    /// <summary>Evaluate only the first N test images.</summary>
    [CommandOption("--limit <N>")]
    [Description("With --corruptions: evaluate only the first N test images (the picture path is slower)")]
    public int? Limit { get; init; }

    /// <summary>The seed of the corruptions' random draws.</summary>
    [CommandOption("--seed <N>")]
    [Description("With --corruptions: the seed of the corruptions' random draws; the same seed gives the same figures")]
    [DefaultValue(0)]
    public int Seed { get; init; }

    /// <summary>The families held out of the model's training, reported apart.</summary>
    [CommandOption("--unseen <LIST>")]
    [Description("With --corruptions: the families held out of the model's training, reported apart as unseen (names separated by commas)")]
    public string? Unseen { get; init; }

    /// <summary>Where to write the bar chart of the accuracy under each family.</summary>
    [CommandOption("--chart <FILE>")]
    [Description("With --corruptions: write a bar chart (PNG) of the accuracy under each family, with the clean accuracy as a line")]
    public string? Chart { get; init; }

    /// <summary>With <see cref="Pictures"/>: the confidence below which an answer is "not a digit" (counted wrong), instead of the model's own.</summary>
    [CommandOption(NotADigitOption.Template)]
    [Description("With --pictures: " + NotADigitOption.Description + " (a digit refused counts as wrong)")]
    public double? NotADigitBelow { get; init; }

    /// <summary>Where to write the reliability diagram of the evaluation.</summary>
    [CommandOption("--reliability <FILE>")]
    [Description("Write the reliability diagram (PNG): accuracy against confidence in 15 bins, with the expected calibration error")]
    public string? Reliability { get; init; }

    /// <summary>The families <see cref="CorruptionList"/> names, or <see langword="null"/> without it.</summary>
    internal IReadOnlyList<Corruption>? Families => CorruptionList is null ? null : Corruptions.Parse(CorruptionList);

    /// <summary>The families <see cref="Unseen"/> names: none without it.</summary>
    internal IReadOnlyList<Corruption> UnseenFamilies => Unseen is null ? [] : Corruptions.Parse(Unseen);

    /// <inheritdoc/>
    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Data))
        {
            return ValidationResult.Error("--data <FOLDER> is required.");
        }

        if (NotADigitBelow is not null && !Pictures)
        {
            return ValidationResult.Error("--not-a-digit-below goes with --corruptions ... --pictures: only pictures are answered \"not a digit\".");
        }

        if (!NotADigitOption.Validate(NotADigitBelow).Successful)
        {
            return NotADigitOption.Validate(NotADigitBelow);
        }

        if (Reliability is not null && CorruptionList is not null)
        {
            return ValidationResult.Error("--reliability draws the calibration of one evaluation; it does not go with --corruptions (use --chart for the families).");
        }

        if (CorruptionList is null)
        {
            var robustnessOnly = new (bool Given, string Option)[] { (Pictures, "--pictures"), (Limit is not null, "--limit"), (Chart is not null, "--chart"), (Unseen is not null, "--unseen"), (Seed != 0, "--seed") };
            if (robustnessOnly.FirstOrDefault(o => o.Given) is { Given: true } alone)
            {
                return ValidationResult.Error($"{alone.Option} goes with --corruptions; add --corruptions all (or a list of families) to measure robustness.");
            }
        }
        else
        {
            try
            {
                var measured = Families!;
                foreach (var unseen in UnseenFamilies.Where(family => !measured.Contains(family)))
                {
                    return ValidationResult.Error($"--unseen names {Corruptions.Name(unseen)}, which --corruptions does not measure.");
                }
            }
            catch (ArgumentException error)
            {
                return ValidationResult.Error(SdkMessages.Of(error));
            }
        }

        if (Limit is < 1)
        {
            return ValidationResult.Error(string.Create(CultureInfo.InvariantCulture, $"--limit {Limit} must be 1 or more test images."));
        }

        return (Pretrained, Models.Length) switch
        {
            (false, 0) => ValidationResult.Error("Name a checkpoint or an ONNX model to evaluate, or give --pretrained for the built-in model."),
            (true, > 0) => ValidationResult.Error($"--pretrained evaluates the built-in model; name no model file with it (got '{Models[0]}')."),
            _ => ValidationResult.Success(),
        };
    }
}
