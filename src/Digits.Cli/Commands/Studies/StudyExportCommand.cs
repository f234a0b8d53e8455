using System.ComponentModel;
using System.Globalization;
using Digits.Sdk.Onnx;
using Digits.Sdk.Tuning;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Digits.Cli.Commands.Studies;

/// <summary>
/// <c>digits study export &lt;name&gt; --best --onnx model.onnx</c>: writes a trial's trained weights, kept in the
/// study, as an ONNX model or a checkpoint. The best trial is the best by validation accuracy.
/// </summary>
public sealed class StudyExportCommand : Command<StudyExportCommand.Settings>
{
    /// <summary>The command's arguments.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The study's name.</summary>
        [CommandArgument(0, "<study>")]
        [Description("The study's name, as given to digits tune --study")]
        public string Study { get; init; } = string.Empty;

        /// <summary>Where the study lives.</summary>
        [CommandOption("--storage <STORAGE>")]
        [Description(StudyCommandSupport.StorageDescription)]
        public string? Storage { get; init; }

        /// <summary>Export the best trial.</summary>
        [CommandOption("--best")]
        [Description("Export the best complete trial by validation accuracy (never the test set)")]
        public bool Best { get; init; }

        /// <summary>Export this trial.</summary>
        [CommandOption("--trial <N>")]
        [Description("Export this trial instead of the best")]
        public int? Trial { get; init; }

        /// <summary>Where to write the ONNX model.</summary>
        [CommandOption("--onnx <PATH>")]
        [Description("Write the trial's network as an .onnx file")]
        public string? Onnx { get; init; }

        /// <summary>Where to write the checkpoint.</summary>
        [CommandOption("--checkpoint <PATH>")]
        [Description("Write the trial's weights as a checkpoint file (for digits evaluate, export or serve)")]
        public string? Checkpoint { get; init; }

        /// <summary>The ONNX opset.</summary>
        [CommandOption("--opset <N>")]
        [Description("ONNX opset, 13 to 17")]
        [DefaultValue(OnnxExportOptions.DefaultOpset)]
        public int Opset { get; init; } = OnnxExportOptions.DefaultOpset;

        /// <summary>Print JSON only.</summary>
        [CommandOption("--json")]
        [Description("Print one JSON object describing what was written")]
        public bool Json { get; init; }

        /// <inheritdoc/>
        public override ValidationResult Validate()
        {
            if (Best == (Trial is not null))
            {
                return ValidationResult.Error("Say which trial to export: --best, or --trial N.");
            }

            if (Onnx is null && Checkpoint is null)
            {
                return ValidationResult.Error("Say what to write: --onnx <PATH>, --checkpoint <PATH>, or both.");
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
        var storage = StudyCommandSupport.Storage(settings.Storage);
        var study = Study.Open(storage, StudyCommandSupport.Name(settings.Study));
        var trial = settings.Trial is { } number
            ? study.Trials.FirstOrDefault(t => t.Number == number) ?? throw new CommandException(string.Create(CultureInfo.InvariantCulture, $"Study '{study.Name}' has no trial {number}; its trials are 1 to {study.Trials.Count}."))
            : study.Best ?? throw new CommandException($"Study '{study.Name}' has no complete trial yet ({study.Pending} pending, {study.Running} running, {study.Failed} failed); there is nothing to export.");
        if (trial.State != StudyTrialState.Complete)
        {
            throw new CommandException(string.Create(CultureInfo.InvariantCulture, $"Trial {trial.Number} of study '{study.Name}' is {trial.State.ToString().ToLowerInvariant()}; only complete trials have trained weights."));
        }

        var stem = string.Create(CultureInfo.InvariantCulture, $"{study.Network}-trial-{trial.Number}");
        if (settings.Checkpoint is { } checkpoint)
        {
            FilePaths.PrepareOutput(checkpoint, "--checkpoint", stem + Sdk.Training.Checkpoint.Extension);
            study.SaveCheckpoint(trial.Number, checkpoint);
        }

        if (settings.Onnx is { } onnx)
        {
            FilePaths.PrepareOutput(onnx, "--onnx", stem + ".onnx");
            using var network = study.LoadNetwork(trial.Number);
            OnnxExporter.Export(network, onnx, new OnnxExportOptions { Opset = settings.Opset });
        }

        if (settings.Json)
        {
            Console.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["study"] = study.Name,
                ["trial"] = trial.Number,
                ["network"] = study.Network,
                ["values"] = trial.Values,
                ["validationAccuracy"] = trial.ValidationAccuracy,
                ["onnx"] = settings.Onnx is null ? null : Path.GetFullPath(settings.Onnx),
                ["checkpoint"] = settings.Checkpoint is null ? null : Path.GetFullPath(settings.Checkpoint),
            }));
        }
        else
        {
            var written = string.Join(" and ", new[] { settings.Onnx, settings.Checkpoint }.OfType<string>());
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Exported trial [bold]{trial.Number}[/] of study '{study.Name}' ({study.Network}, {trial.ValidationAccuracy * 100:F2}% on validation) to {written}.");
        }

        return 0;
    }
}
