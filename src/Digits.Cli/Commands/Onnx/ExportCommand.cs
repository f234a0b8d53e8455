using System.ComponentModel;
using System.Globalization;
using Digits.Sdk.Data;
using Digits.Sdk.Onnx;
using Digits.Sdk.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Digits.Cli.Commands.Onnx;

/// <summary><c>digits export &lt;checkpoint&gt; --onnx &lt;path&gt;</c>: writes a trained network as an ONNX model.</summary>
public sealed class ExportCommand : Command<ExportCommand.Settings>
{
    /// <summary>The command's arguments.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>A checkpoint written by <c>digits train</c> or the SDK.</summary>
        [CommandArgument(0, "<checkpoint>")]
        [Description("A checkpoint file of a network the SDK ships")]
        public string Checkpoint { get; init; } = string.Empty;

        /// <summary>Where to write the ONNX model.</summary>
        [CommandOption("--onnx <PATH>")]
        [Description("Where to write the .onnx file (written to a temporary name, then renamed)")]
        public string Onnx { get; init; } = string.Empty;

        /// <summary>
        /// A catalog data set to describe in the model instead of the one the checkpoint records; only needed for
        /// checkpoints written before checkpoints recorded their data set.
        /// </summary>
        [CommandOption("--dataset <NAME>")]
        [Description("Describe the model as trained on this data set (mnist, fashion-mnist, kmnist) instead of the one the checkpoint records; only needed for old checkpoints")]
        public string? Dataset { get; init; }

        /// <summary>The ONNX opset.</summary>
        [CommandOption("--opset <N>")]
        [Description("ONNX opset, 13 to 17")]
        [DefaultValue(OnnxExportOptions.DefaultOpset)]
        public int Opset { get; init; } = OnnxExportOptions.DefaultOpset;

        /// <summary>Keep batch normalisation as its own nodes instead of folding it into the layer before.</summary>
        [CommandOption("--no-fold-batchnorm")]
        [Description("Keep BatchNormalization nodes instead of folding them into the preceding convolution or linear layer")]
        public bool NoFoldBatchNorm { get; init; }

        /// <summary>Print one JSON object describing the export and nothing else on stdout.</summary>
        [CommandOption("--json")]
        [Description("Print one JSON object describing the exported file")]
        public bool Json { get; init; }

        /// <inheritdoc/>
        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Onnx))
            {
                return ValidationResult.Error("--onnx <PATH> is required.");
            }

            return Opset is < OnnxExportOptions.MinimumOpset or > OnnxExportOptions.MaximumOpset
                ? ValidationResult.Error(string.Create(CultureInfo.InvariantCulture, $"--opset {Opset} is not supported; choose {OnnxExportOptions.MinimumOpset} to {OnnxExportOptions.MaximumOpset}."))
                : ValidationResult.Success();
        }
    }

    /// <inheritdoc/>
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);

        var checkpoint = CommandCheckpoint.Read(settings.Checkpoint);
        var dataset = settings.Dataset is { } name
            ? (Datasets.Find(name) ?? throw new CommandException($"Unknown data set '{name}'; known: {string.Join(", ", Datasets.All.Select(d => d.Name))}.")).Identity
            : checkpoint.Dataset;
        if (settings.Dataset is null && checkpoint.Dataset.Note is { } note)
        {
            Console.Error.WriteLine("digits: note: " + note);
        }

        // Missing folders are created, as train --out does.
        FilePaths.PrepareOutput(settings.Onnx, "--onnx", Path.GetFileNameWithoutExtension(settings.Checkpoint) + ".onnx");
        using var model = NetworkCatalog.Find(checkpoint.NetworkName).Create();
        checkpoint.LoadInto(model);
        var options = new OnnxExportOptions
        {
            Opset = settings.Opset,
            FoldBatchNorm = !settings.NoFoldBatchNorm,
            Dataset = dataset,
        };
        try
        {
            OnnxExporter.Export(model, settings.Onnx, options);
        }
        catch (ArgumentException error) when (error.ParamName == "options")
        {
            // The options are the user's --dataset and --opset with what the checkpoint records.
            throw new CommandException($"'{settings.Checkpoint}' cannot be exported: {SdkMessages.Of(error)}", error);
        }

        var bytes = new FileInfo(settings.Onnx).Length;
        if (settings.Json)
        {
            Console.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["network"] = checkpoint.NetworkName,
                ["onnx"] = Path.GetFullPath(settings.Onnx),
                ["opset"] = settings.Opset,
                ["bytes"] = bytes,
                ["dataset"] = dataset.Name,
                ["classNames"] = dataset.ClassNames,
            }));
        }
        else
        {
            AnsiConsole.MarkupLineInterpolated($"Exported [bold]{checkpoint.NetworkName}[/] ({dataset.Title}, opset {settings.Opset}) to {settings.Onnx} ({bytes:N0} bytes).");
        }

        return 0;
    }
}
