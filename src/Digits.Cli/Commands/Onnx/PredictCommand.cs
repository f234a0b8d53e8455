using System.ComponentModel;
using System.Globalization;
using Digits.Cli.CommandLine;
using Digits.Sdk.Inference;
using Digits.Sdk.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Digits.Cli.Commands.Onnx;

/// <summary>
/// <c>digits predict model.onnx image...</c> (or <c>digits predict --pretrained image...</c>): classifies pictures of
/// digits with an exported model, or with the pretrained MNIST model built into Digits.Sdk.Inference (ONNX Runtime only).
/// A picture with no ink to read gets "no digit found" instead of a label; it is an answer, not a failure, so it leaves
/// the exit code 0. A picture that cannot be read (not a picture, cut short, damaged) gets an error and exit code 1.
/// </summary>
public sealed class PredictCommand : Command<PredictCommand.Settings>
{
    /// <summary>The command's arguments.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The model written by <c>ExportOnnx</c>; with <see cref="Pretrained"/>, the first picture.</summary>
        // Optional for the parser, so that --pretrained alone is told to name pictures rather than "missing 'model'".
        [CommandArgument(0, "[model]")]
        [Description("An ONNX model exported by Digits.Sdk (ExportOnnx or digits export); with --pretrained, the first picture.")]
        public string Model { get; init; } = string.Empty;

        /// <summary>The pictures to classify.</summary>
        [CommandArgument(1, "[images]")]
        [Description("PNG or JPEG pictures of single digits, any size, dark on light or light on dark.")]
        public string[] Images { get; init; } = [];

        /// <summary>Read with the pretrained MNIST model built into Digits.Sdk.Inference instead of a model file.</summary>
        [CommandOption("--pretrained")]
        [Description("Read the pictures with the pretrained MNIST digit classifier built into Digits.Sdk.Inference; every argument is then a picture")]
        public bool Pretrained { get; init; }

        /// <summary>The pictures to classify: every argument with <see cref="Pretrained"/>, else those after the model.</summary>
        internal IReadOnlyList<string> Pictures => Pretrained ? [Model, .. Images] : Images;

        /// <inheritdoc/>
        public override ValidationResult Validate() => (Pretrained || Images.Length > 0) switch
        {
            _ when !NotADigitOption.Validate(NotADigitBelow).Successful => NotADigitOption.Validate(NotADigitBelow),
            true when Pretrained && string.IsNullOrEmpty(Model) => ValidationResult.Error("Name the pictures to read, e.g. digits predict --pretrained seven.png two.jpg."),
            true => ValidationResult.Success(),
            false when string.IsNullOrEmpty(Model) => ValidationResult.Error("Name a model and the pictures to read, e.g. digits predict model.onnx seven.png, or read them with the built-in model: digits predict --pretrained seven.png."),
            false when Model.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) => ValidationResult.Error($"Name the pictures to read after the model, e.g. digits predict {Model} seven.png."),
            false => ValidationResult.Error($"Name a model and then the pictures (digits predict model.onnx {Model}), or read them with the built-in model: digits predict --pretrained {Model}."),
        };

        /// <summary>The confidence below which an answer is "not a digit", instead of the model's own.</summary>
        [CommandOption(NotADigitOption.Template)]
        [Description(NotADigitOption.Description)]
        public double? NotADigitBelow { get; init; }

        /// <summary>Print one JSON array and nothing else on stdout.</summary>
        [CommandOption("--json")]
        [Description("Print the predictions as one JSON array")]
        public bool Json { get; init; }
    }

    /// <inheritdoc/>
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Pretrained)
        {
            FilePaths.RequireFile(settings.Model, "ONNX model");
        }

        using (var classifier = settings.Pretrained ? DigitClassifier.LoadPretrained() : Load(settings.Model))
        {
            NotADigitOption.ApplyTo(classifier, settings.NotADigitBelow);
            var results = new List<Result>();
            foreach (var image in settings.Pictures)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    FilePaths.RequireFile(image, "picture");
                    var prediction = classifier.PredictImage(image);
                    results.Add(prediction.IsBlank
                        ? new Result(image, null, null, null, prediction.Verdict, null)
                        : new Result(image, prediction.Label, prediction.ClassName, prediction.Confidence, prediction.Verdict, null));
                }
                catch (Exception error) when (ErrorBoundary.IsTheUsersToFix(error))
                {
                    // One bad picture must not hide the labels of the others; it gets its row and the exit code 1.
                    results.Add(new Result(image, null, null, null, Outcome: null, Naming(image, error.Message.ReplaceLineEndings(" "))));
                }
            }

            Write(results, settings.Json);
            return results.Any(r => r.Error is not null) ? ErrorBoundary.Failed : 0;
        }
    }

    /// <summary>The ONNX model at <paramref name="path"/>; a checkpoint given instead is told how to become one.</summary>
    private static DigitClassifier Load(string path)
    {
        try
        {
            return DigitClassifier.Load(path);
        }
        catch (Exception error) when (error is not OperationCanceledException && IsCheckpoint(path))
        {
            // ONNX Runtime's own words ("protobuf parsing failed") say nothing of what the file is or what to do.
            var onnx = Path.ChangeExtension(path, ".onnx");
            throw new CommandException($"'{path}' is a checkpoint of digits train, not an ONNX model: export it first with digits export {CommandLineText.Quote(path)} --onnx {CommandLineText.Quote(onnx)}, then predict with {onnx}.", error);
        }
    }

    private static bool IsCheckpoint(string path)
    {
        try
        {
            _ = Checkpoint.Read(path);
            return true;
        }
        catch (Exception error) when (ErrorBoundary.IsTheUsersToFix(error))
        {
            return false;
        }
    }

    private static void Write(List<Result> results, bool json)
    {
        if (json)
        {
            Console.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(results, new System.Text.Json.JsonSerializerOptions { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase }));
            return;
        }

        if (Console.IsOutputRedirected)
        {
            // Plain lines for pipes and scripts: image, label, class, confidence; a blank picture has "-" for its label and
            // confidence and "no digit found" for its class, a refused one "-" and "not a digit" with its confidence;
            // errors go to stderr.
            foreach (var result in results)
            {
                if (result.Blank)
                {
                    Console.Out.WriteLine($"{result.Image}\t-\t{NoDigit}\t-");
                }
                else if (result.NotADigit)
                {
                    Console.Out.WriteLine(FormattableString.Invariant($"{result.Image}\t-\t{NotADigit}\t{result.Confidence:0.0000}"));
                }
                else if (result.Error is null)
                {
                    Console.Out.WriteLine(FormattableString.Invariant($"{result.Image}\t{result.Label}\t{result.ClassName}\t{result.Confidence:0.0000}"));
                }
                else
                {
                    Console.Error.WriteLine(ErrorBoundary.Prefix + result.Error);
                }
            }

            return;
        }

        var table = new Table().AddColumns("image", "label", "class", "confidence");
        foreach (var result in results)
        {
            if (result.Blank)
            {
                table.AddRow(Markup.Escape(result.Image), "-", $"[yellow]{NoDigit}[/]", "-");
                continue;
            }

            if (result.NotADigit)
            {
                table.AddRow(Markup.Escape(result.Image), "-", $"[yellow]{NotADigit}[/]", result.Confidence!.Value.ToString("P1", CultureInfo.InvariantCulture));
                continue;
            }

            table.AddRow(
                Markup.Escape(result.Image),
                result.Label?.ToString(CultureInfo.InvariantCulture) ?? "[red]-[/]",
                Markup.Escape(result.ClassName ?? "-"),
                result.Error is null ? result.Confidence!.Value.ToString("P1", CultureInfo.InvariantCulture) : "[red]" + Markup.Escape(result.Error) + "[/]");
        }

        AnsiConsole.Write(table);
    }

    /// <summary>The error, naming the picture once: the SDK's and the tool's messages name it already.</summary>
    private static string Naming(string image, string message)
        => message.Contains(image, StringComparison.Ordinal) ? message : $"'{image}': {message}";

    /// <summary>What the tool prints for a picture in which no digit was found (<see cref="Prediction.IsBlank"/>).</summary>
    private const string NoDigit = "no digit found";

    /// <summary>What the tool prints for a picture whose mark is not a digit (<see cref="Prediction.IsNotADigit"/>).</summary>
    private const string NotADigit = "not a digit";

    /// <summary>
    /// One picture's row: a prediction (a digit, or not a digit with the model's best guess), no digit found, or an
    /// error (no verdict). The JSON has <c>verdict</c> in <see cref="PredictionVerdictNames"/>' words and keeps <c>blank</c>.
    /// </summary>
    private sealed record Result(string Image, int? Label, string? ClassName, float? Confidence, [property: System.Text.Json.Serialization.JsonIgnore] PredictionVerdict? Outcome, string? Error)
    {
        public string? Verdict => Outcome is { } outcome ? PredictionVerdictNames.Of(outcome) : null;

        public bool Blank => Outcome == PredictionVerdict.NoDigitFound;

        [System.Text.Json.Serialization.JsonIgnore]
        public bool NotADigit => Outcome == PredictionVerdict.NotADigit;
    }
}
