using System.Globalization;
using Digits.Sdk.Data;
using Digits.Sdk.Evaluation;
using Digits.Sdk.Inference;
using Digits.Sdk.Models;
using Digits.Sdk.Robustness;
using Digits.Sdk.Training;
using Spectre.Console;
using Spectre.Console.Cli;
using static TorchSharp.torch;

namespace Digits.Cli.Commands.Training;

/// <summary>
/// <c>digits evaluate &lt;checkpoint&gt;... --data &lt;folder&gt;</c>: evaluates one checkpoint on the test set, or
/// several as an ensemble that averages their softmax outputs; <c>digits evaluate model.onnx</c> and
/// <c>digits evaluate --pretrained</c> evaluate an ONNX model (with ONNX Runtime) on the same test set and print the
/// same report.
/// </summary>
public sealed class EvaluateCommand : AsyncCommand<EvaluateSettings>
{
    /// <inheritdoc/>
    public override async Task<int> ExecuteAsync(CommandContext context, EvaluateSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var onnx = OnnxModel(settings);
        if (settings.Chart is { } chart)
        {
            FilePaths.PrepareOutput(chart, "--chart", "robustness.png");
        }

        if (settings.Reliability is { } reliability)
        {
            FilePaths.PrepareOutput(reliability, "--reliability", "reliability.png");
        }

        if (settings.Pretrained || onnx is not null)
        {
            if (onnx is not null)
            {
                FilePaths.RequireFile(onnx, "ONNX model");
            }

            using var classifier = onnx is null ? DigitClassifier.LoadPretrained() : DigitClassifier.Load(onnx);
            NotADigitOption.ApplyTo(classifier, settings.NotADigitBelow);
            using var test = await CommandData.LoadTestAsync(settings.Data, normalization: null, cancellationToken).ConfigureAwait(false);
            RequireFits(classifier, onnx, test);
            if (settings.Families is { } families)
            {
                var options = Robustness(settings, families, onnx is null ? $"{classifier.Metadata.NetworkName} (pretrained)" : classifier.Metadata.NetworkName);
                return Write(settings.Pictures ? classifier.EvaluatePictureRobustness(test, options) : classifier.EvaluateRobustness(test, options), settings);
            }

            return EvaluateClassifier(classifier, onnx, test, settings);
        }

        if (settings.Families is not null && settings.Pictures)
        {
            throw new CommandException($"--pictures reads pictures with an ONNX model, as digits predict does; export the checkpoint first (digits export {settings.Models[0]} --onnx model.onnx) and evaluate model.onnx.");
        }

        if (settings.Families is not null && settings.Models.Length > 1)
        {
            throw new CommandException("--corruptions measures one model at a time; name one checkpoint.");
        }

        // Every file is checked before any network is built, so a typo in the fifth path fails at once.
        var checkpoints = settings.Models.Select(CommandCheckpoint.Read).ToList();

        // A network must see its inputs normalised as in training; a catalog data set has its own, which is the same.
        using var data = await CommandData.LoadTestAsync(settings.Data, checkpoints[0].Dataset.Normalization, cancellationToken).ConfigureAwait(false);
        foreach (var checkpoint in checkpoints.Where(c => !c.Dataset.Equals(data.Identity)))
        {
            Console.Error.WriteLine($"digits: note: '{checkpoint.Path}' was trained on {checkpoint.Dataset.Title}, but is evaluated on {data.Identity.Title}.");
        }

        if (settings.Families is { } measured)
        {
            using var network = NetworkCatalog.Find(checkpoints[0].NetworkName).Create();
            checkpoints[0].LoadInto(network);
            return Write(network.EvaluateRobustness(data, Robustness(settings, measured, checkpoints[0].NetworkName)), settings);
        }

        var (members, report) = EvaluateMembersAndMean(checkpoints, data);
        WriteReliability(report, settings);
        if (settings.Json)
        {
            Console.Out.WriteLine(report.ToJson());
            return 0;
        }

        if (members.Count == 1)
        {
            AnsiConsole.MarkupLineInterpolated($"[bold]{checkpoints[0].NetworkName}[/] after {Quantity.Of(checkpoints[0].Epoch, "epoch")}, on {data.Name}:");
        }
        else
        {
            var table = new Table().AddColumns("member", "network", "epochs", "test accuracy");
            for (var i = 0; i < members.Count; i++)
            {
                table.AddRow(
                    Markup.Escape(Path.GetFileName(checkpoints[i].Path)),
                    checkpoints[i].NetworkName,
                    checkpoints[i].Epoch.ToString(CultureInfo.InvariantCulture),
                    members[i].Accuracy.ToString("P2", CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"[bold]Ensemble of {members.Count}[/] (mean of softmax), on {data.Name}:");
        }

        AnsiConsole.WriteLine(report.ToText());
        return 0;
    }

    /// <summary>
    /// The ONNX model among the arguments, or <see langword="null"/> when they are checkpoints: one ONNX model is
    /// evaluated on its own, never beside checkpoints or other models (an ensemble is made of checkpoints).
    /// </summary>
    /// <exception cref="CommandException">The arguments mix the kinds, or name several ONNX models.</exception>
    private static string? OnnxModel(EvaluateSettings settings)
    {
        var models = settings.Models.Where(IsOnnx).ToList();
        var checkpoints = settings.Models.Where(path => !IsOnnx(path)).ToList();
        return (models.Count, checkpoints.Count) switch
        {
            (0, _) => null,
            (1, 0) => models[0],
            (_, 0) => throw new CommandException($"'{models[0]}' and '{models[1]}' are both ONNX models: evaluate one at a time (an ensemble is evaluated from its members' checkpoints)."),
            _ => throw new CommandException($"'{models[0]}' is an ONNX model and '{checkpoints[0]}' a checkpoint: evaluate one ONNX model, or checkpoints (several make an ensemble), not both at once."),
        };
    }

    /// <summary>Whether a path names an ONNX model, by its extension, as <c>digits serve</c> tells them apart.</summary>
    private static bool IsOnnx(string path) => path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);

    private static RobustnessOptions Robustness(EvaluateSettings settings, IReadOnlyList<Corruption> families, string model) => new()
    {
        Families = families,
        Seed = settings.Seed,
        Limit = settings.Limit,
        Unseen = settings.UnseenFamilies,
        ModelName = model,
    };

    /// <summary>Prints a robustness report (a table, or JSON alone) and writes its chart when asked.</summary>
    private static int Write(RobustnessReport report, EvaluateSettings settings)
    {
        if (settings.Chart is { } chart)
        {
            report.SaveChartPng(chart);
        }

        if (settings.Json)
        {
            Console.Out.WriteLine(report.ToJson());
            return 0;
        }

        Console.Out.Write(report.ToText());
        if (settings.Chart is not null)
        {
            Console.Out.WriteLine($"Chart: {settings.Chart}");
        }

        return 0;
    }

    /// <summary>Refuses, in the user's terms, a model that cannot be evaluated on the test set.</summary>
    private static void RequireFits(DigitClassifier classifier, string? path, DigitDataset test)
    {
        var name = path is null ? "The pretrained model" : $"'{path}'";
        if (classifier.ClassCount != test.ClassCount)
        {
            throw new CommandException($"{name} tells {classifier.ClassCount} classes apart, but '{test.Name}' has {test.ClassCount} ({test.Identity.Title}): evaluate it on data of its own classes.");
        }

        var values = test.ImageShape.Aggregate(1, (product, d) => product * d);
        if (classifier.PixelCount != values)
        {
            throw new CommandException($"{name} takes inputs of shape [{string.Join(", ", classifier.Metadata.InputShape)}], but the images of '{test.Name}' are [{string.Join(", ", test.ImageShape)}].");
        }
    }

    private static int EvaluateClassifier(DigitClassifier classifier, string? path, DigitDataset test, EvaluateSettings settings)
    {
        var name = path is null ? "The pretrained model" : $"'{path}'";
        if (classifier.Metadata.Dataset is { } trainedOn && trainedOn != test.Identity.Name)
        {
            Console.Error.WriteLine($"digits: note: {name} was trained on {trainedOn}, but is evaluated on {test.Identity.Title}.");
        }

        var report = classifier.Evaluate(test);
        WriteReliability(report, settings);
        if (settings.Json)
        {
            Console.Out.WriteLine(report.ToJson());
            return 0;
        }

        AnsiConsole.MarkupLineInterpolated($"[bold]{classifier.Metadata.NetworkName}[/] ({(path is null ? "the pretrained model" : "ONNX model " + Path.GetFileName(path))}), on {test.Name}:");
        AnsiConsole.WriteLine(report.ToText());
        return 0;
    }

    /// <summary>Writes the reliability diagram when <c>--reliability</c> asks for it.</summary>
    private static void WriteReliability(EvaluationReport report, EvaluateSettings settings)
    {
        if (settings.Reliability is { } path)
        {
            report.SaveReliabilityDiagramPng(path);
            Console.Error.WriteLine($"Reliability diagram: {path}");
        }
    }

    /// <summary>
    /// Each member's report and the report of their mean softmax (what <see cref="Ensemble"/> predicts), running
    /// every network over the test set once and holding one network in memory at a time.
    /// </summary>
    private static (List<EvaluationReport> Members, EvaluationReport Mean) EvaluateMembersAndMean(IReadOnlyList<Checkpoint> checkpoints, DigitDataset test)
    {
        using var scope = NewDisposeScope();
        var reports = new List<EvaluationReport>();
        Tensor? sum = null;
        foreach (var checkpoint in checkpoints)
        {
            using var network = NetworkCatalog.Find(checkpoint.NetworkName).Create();
            checkpoint.LoadInto(network);
            var probabilities = network.PredictProbabilities(test);
            reports.Add(EvaluationReport.FromProbabilities(test.Labels, probabilities, test.ClassNames));
            sum = sum is null ? probabilities : sum + probabilities;
        }

        var mean = reports.Count == 1 ? reports[0] : EvaluationReport.FromProbabilities(test.Labels, sum! / reports.Count, test.ClassNames);
        return (reports, mean);
    }
}
