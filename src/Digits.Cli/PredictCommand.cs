using System.ComponentModel;
using System.Globalization;
using Digits.Sdk.Inference;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Digits.Cli;

/// <summary><c>digits predict model.onnx image...</c>: classifies pictures of digits with an exported model (ONNX Runtime only).</summary>
public sealed class PredictCommand : Command<PredictCommand.Settings>
{
    /// <summary>The command's arguments.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The model written by <c>ExportOnnx</c>.</summary>
        [CommandArgument(0, "<model>")]
        [Description("An ONNX model exported by Digits.Sdk (ExportOnnx or digits export).")]
        public string Model { get; init; } = string.Empty;

        /// <summary>The pictures to classify.</summary>
        [CommandArgument(1, "<images>")]
        [Description("PNG or JPEG pictures of single digits, any size, dark on light or light on dark.")]
        public string[] Images { get; init; } = [];
    }

    /// <inheritdoc/>
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        DigitClassifier classifier;
        try
        {
            classifier = DigitClassifier.Load(settings.Model);
        }
        catch (Exception error) when (error is FileNotFoundException or InvalidDataException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {error.Message}");
            return 2;
        }

        using (classifier)
        {
            var table = new Table().AddColumns("image", "label", "class", "confidence");
            var failures = 0;
            foreach (var image in settings.Images)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    var prediction = classifier.PredictImage(image);
                    table.AddRow(
                        Markup.Escape(image),
                        prediction.Label.ToString(CultureInfo.InvariantCulture),
                        Markup.Escape(prediction.ClassName),
                        prediction.Confidence.ToString("P1", CultureInfo.InvariantCulture));
                }
                catch (Exception error) when (error is FileNotFoundException or InvalidDataException)
                {
                    failures++;
                    table.AddRow(Markup.Escape(image), "[red]-[/]", "[red]-[/]", Markup.Escape(error.Message));
                }
            }

            AnsiConsole.Write(table);
            return failures == 0 ? 0 : 1;
        }
    }
}
