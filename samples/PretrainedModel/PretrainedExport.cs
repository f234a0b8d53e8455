using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Digits.Sdk.Data;
using Digits.Sdk.Evaluation;
using Digits.Sdk.Inference;
using Digits.Sdk.Models;
using Digits.Sdk.Onnx;
using Digits.Sdk.Training;

namespace Digits.Sdk.Samples;

/// <summary>Exports the members as one model, measures the file through ONNX Runtime and writes the model card beside it.</summary>
internal static class PretrainedExport
{
    public const string ModelFileName = "digits-pretrained.onnx";
    public const string CardFileName = "digits-pretrained.md";

    public static void Write(IReadOnlyList<TopCnn> members, IReadOnlyList<string> checkpoints, TrainTestData mnist, TrainingRecipe recipe, PretrainedOptions options, Stopwatch clock)
    {
        Directory.CreateDirectory(options.Output);
        var modelPath = Path.Combine(options.Output, ModelFileName);
        var memberAccuracies = members.Select(member => member.Evaluate(mnist.Test).Accuracy).ToList();
        if (members.Count == 1)
        {
            members[0].ExportOnnx(modelPath);
        }
        else
        {
            OnnxExporter.ExportEnsemble([.. members], modelPath);
        }

        using var classifier = DigitClassifier.Load(modelPath);
        var (pixels, labels) = TestPixels(mnist.Test);
        var report = Score(classifier, pixels, labels, mnist.Test.ClassNames);
        Console.WriteLine(report.ToText());

        var robustness = RobustnessPictures.Make(pixels, labels)
            .Select(set => (Set: set, Accuracy: set.Pictures.Average(picture => classifier.PredictImage(new MemoryStream(picture.Png)).Label == picture.Label ? 1.0 : 0.0)))
            .ToList();
        foreach (var (set, accuracy) in robustness)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{set.Name}: {accuracy:P2} of {set.Pictures.Count}"));
        }

        var bytes = File.ReadAllBytes(modelPath);
        var card = Card(classifier, report, memberAccuracies, checkpoints, recipe, options, robustness, bytes, clock.Elapsed);
        var cardPath = Path.Combine(options.Output, CardFileName);
        var temporary = cardPath + ".tmp";
        File.WriteAllText(temporary, card);
        File.Move(temporary, cardPath, overwrite: true);
        Console.WriteLine($"Wrote {modelPath} ({bytes.Length:N0} bytes) and {cardPath} in {clock.Elapsed.TotalMinutes:0.0} min.");
    }

    /// <summary>The test images as the data set stores them (bytes, light ink on dark), with their labels.</summary>
    private static (byte[][] Pixels, byte[] Labels) TestPixels(DigitDataset test)
    {
        using var unit = test.Normalization.Denormalize(test.Images);
        var values = unit.data<float>().ToArray();
        var size = test.ImageShape.Aggregate(1, (product, d) => product * d);
        var pixels = Enumerable.Range(0, test.Count)
            .Select(i => values.AsSpan(i * size, size).ToArray().Select(v => (byte)Math.Clamp(Math.Round(v * 255), 0, 255)).ToArray())
            .ToArray();
        return (pixels, [.. test.Labels.data<long>().ToArray().Select(label => (byte)label)]);
    }

    private static EvaluationReport Score(DigitClassifier classifier, byte[][] pixels, byte[] labels, IReadOnlyList<string> classNames)
    {
        var probabilities = new float[pixels.Length, classNames.Count];
        for (var start = 0; start < pixels.Length; start += 500)
        {
            var batch = classifier.PredictBatch(pixels[start..Math.Min(pixels.Length, start + 500)]);
            for (var i = 0; i < batch.Count; i++)
            {
                for (var c = 0; c < classNames.Count; c++)
                {
                    probabilities[start + i, c] = batch[i].Probabilities[c];
                }
            }
        }

        return EvaluationReport.FromProbabilities([.. labels.Select(label => (int)label)], probabilities, classNames);
    }

    private static string Card(
        DigitClassifier classifier, EvaluationReport report, IReadOnlyList<double> memberAccuracies, IReadOnlyList<string> checkpoints, TrainingRecipe recipe,
        PretrainedOptions options, IReadOnlyList<(RobustnessPictures.PictureSet Set, double Accuracy)> robustness, byte[] model, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        var seeds = string.Join(", ", options.Seeds);
        Line($"# digits-pretrained.onnx — the pretrained MNIST digit model of Digits.Sdk.Inference");
        Line($"");
        Line($"`DigitClassifier.LoadPretrained()` returns this model. It is {(options.Seeds.Count == 1 ? "one TopCnn" : $"an ensemble of {options.Seeds.Count} TopCnn networks exported as one ONNX graph that averages their softmax outputs")} ({classifier.Metadata.NetworkName}).");
        Line($"");
        Line($"| | |");
        Line($"|---|---|");
        Line($"| MNIST test accuracy (10,000 images, through ONNX Runtime) | **{report.Accuracy:P2}** |");
        Line($"| macro precision / recall / F1 | {report.MacroAverage.Precision:F4} / {report.MacroAverage.Recall:F4} / {report.MacroAverage.F1:F4} |");
        Line($"| size | {model.Length:N0} bytes |");
        Line($"| sha256 | `{Convert.ToHexStringLower(SHA256.HashData(model))}` |");
        Line($"| weights digest | `{classifier.Metadata.WeightsDigest}` (`digits.weights_sha256`, checked by `DigitClassifier` on load) |");
        Line($"| metadata | data set `{classifier.Metadata.Dataset}`, classes 0-9, input [1, 28, 28], mean {classifier.Metadata.NormalizationMean[0]}, std {classifier.Metadata.NormalizationStandardDeviation[0]}, preprocessing `{classifier.Metadata.Preprocessing}` |");
        Line($"| made by | `dotnet run --project samples/PretrainedModel -c Release{(options.Seeds.SequenceEqual([42, 43, 44]) ? string.Empty : $" -- --seeds {string.Join(",", options.Seeds)}")}` |");
        Line($"| time here | {elapsed.TotalMinutes:0} min for the whole command on 2 CPU cores (members loaded from earlier checkpoints count only their evaluation) |");
        Line($"");
        Line($"## Data and recipe");
        Line($"");
        Line($"MNIST's 60,000 training images (checked by checksum), no validation hold-out; the 10,000 test images were used only for the figures here. Each member: TopCnn (`src/Digits.Sdk/Models/TopCnn.cs`) trained with `{recipe}`, seeds {seeds}. The stroke augmentation (`Augment.StrokeWidth`, {PretrainedRecipe.StrokeAugmentation}) blends each training image with its 3×3 dilation or erosion, so broader and finer pens than MNIST's are read too; the affine one shifts, rotates and scales.");
        Line($"");
        Line($"| member (seed) | MNIST test accuracy (TorchSharp) | training time |");
        Line($"|---|---:|---:|");
        for (var i = 0; i < memberAccuracies.Count; i++)
        {
            var history = Checkpoint.Read(checkpoints[i]).History;
            Line($"| {options.Seeds[i]} | {memberAccuracies[i]:P2} | {history.Sum(epoch => epoch.Duration.TotalMinutes):0.0} min |");
        }

        Line($"");
        Line($"## Per class (MNIST test set)");
        Line($"");
        Line($"| class | precision | recall | F1 | support |");
        Line($"|---|---:|---:|---:|---:|");
        foreach (var metrics in report.PerClass)
        {
            Line($"| {metrics.Name} | {metrics.Precision:F4} | {metrics.Recall:F4} | {metrics.F1:F4} | {metrics.Support} |");
        }

        Line($"");
        Line($"## Pictures that are not MNIST's");
        Line($"");
        Line($"Made by `samples/PretrainedModel/RobustnessPictures.cs` with SkiaSharp and classified with `PredictImage`, which applies the model's digit preprocessing.");
        Line($"");
        Line($"| set | pictures | accuracy | how they were made |");
        Line($"|---|---:|---:|---|");
        foreach (var (set, accuracy) in robustness)
        {
            Line($"| {set.Name} | {set.Pictures.Count} | {accuracy:P2} | {set.HowMade} |");
        }

        return text.ToString();
    }
}
