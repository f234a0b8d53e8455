using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Digits.Sdk.Data;
using Digits.Sdk.Evaluation;
using Digits.Sdk.Inference;
using Digits.Sdk.Onnx;
using Digits.Sdk.Robustness;
using Digits.Sdk.Training;

namespace Digits.Sdk.Samples;

/// <summary>Exports the network, measures the file through ONNX Runtime and writes the model card beside it.</summary>
internal static class PretrainedExport
{
    public const string ModelFileName = "digits-pretrained.onnx";
    public const string CardFileName = "digits-pretrained.md";

    /// <summary>
    /// How many test images each family's picture-path figure reads: drawing, encoding and reading a picture costs
    /// about a millisecond, so 2,000 of each keep the run to minutes, while the model-level figures read all 10,000.
    /// </summary>
    public const int PictureLimit = 2000;

    /// <summary>The seed of the corruptions the card's figures are measured on (the CLI's default).</summary>
    public const int CorruptionSeed = 0;

    public static void Write(PretrainedCnn network, string checkpoint, TrainTestData mnist, DigitDataset validation, DigitDataset fashionTest, TrainingRecipe recipe, PretrainedOptions options, Stopwatch clock)
    {
        Directory.CreateDirectory(options.Output);
        var calibration = NetworkCalibration.Of(network)
            ?? throw new InvalidOperationException($"'{checkpoint}' has no temperature; it was trained without a validation split. Delete it to train again.");

        // The uncalibrated figures, for the card's before-and-after: the same network at T = 1.
        NetworkCalibration.Clear(network);
        var uncalibrated = network.Evaluate(mnist.Test);
        NetworkCalibration.Record(network, calibration);

        var modelPath = Path.Combine(options.Output, ModelFileName);
        var temporaryModel = modelPath + ".tmp";
        var threshold = PictureThreshold(network, validation, temporaryModel);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Temperature {calibration.Temperature:F4}; not a digit below {threshold:F4} (refuses {NotADigitThreshold.DefaultRefusedShare:P0} of the validation digits as pictures)"));
        network.ExportOnnx(temporaryModel, new OnnxExportOptions { NotADigitBelow = threshold });
        File.Move(temporaryModel, modelPath, overwrite: true);

        using var classifier = DigitClassifier.Load(modelPath);
        var (pixels, labels) = TestPixels(mnist.Test);
        var report = Score(classifier, pixels, labels, mnist.Test.ClassNames);
        Console.WriteLine(report.ToText());

        var robustnessOptions = new RobustnessOptions { Seed = CorruptionSeed, Unseen = PretrainedRecipe.Unseen, ModelName = "digits-pretrained" };
        var modelLevel = classifier.EvaluateRobustness(mnist.Test, robustnessOptions);
        Console.WriteLine(modelLevel.ToText());
        var picturePath = classifier.EvaluatePictureRobustness(mnist.Test, robustnessOptions with { Limit = PictureLimit });
        Console.WriteLine(picturePath.ToText());

        // A digit refused as "not a digit" is wrong here, as in the robustness suite.
        var pictures = RobustnessPictures.Make(pixels, labels)
            .Select(set => (Set: set, Accuracy: set.Pictures.Average(picture => classifier.PredictImage(new MemoryStream(picture.Png)) is { Verdict: PredictionVerdict.Digit } read && read.Label == picture.Label ? 1.0 : 0.0)))
            .ToList();
        foreach (var (set, accuracy) in pictures)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{set.Name}: {accuracy:P2} of {set.Pictures.Count}"));
        }

        var confidence = PretrainedConfidence.Measure(classifier, calibration, threshold, uncalibrated.Calibration!, uncalibrated.LogLoss!.Value, report, pixels, labels, fashionTest);
        foreach (var line in confidence.CardLines())
        {
            Console.WriteLine(line);
        }

        uncalibrated.SaveReliabilityDiagramPng(Path.Combine(options.Output, "reliability-before.png"));
        report.SaveReliabilityDiagramPng(Path.Combine(options.Output, "reliability-after.png"));

        var bytes = File.ReadAllBytes(modelPath);
        var card = Card(classifier, report, network.Evaluate(mnist.Test).Accuracy, checkpoint, recipe, options, modelLevel, picturePath, pictures, confidence, bytes, clock.Elapsed);
        var cardPath = Path.Combine(options.Output, CardFileName);
        var temporary = cardPath + ".tmp";
        File.WriteAllText(temporary, card);
        File.Move(temporary, cardPath, overwrite: true);
        Console.WriteLine($"Wrote {modelPath} ({bytes.Length:N0} bytes) and {cardPath} in {clock.Elapsed.TotalMinutes:0.0} min.");
    }

    /// <summary>
    /// The not-a-digit threshold: the confidence that refuses 1% of the validation digits read as users' pictures are
    /// read, drawn with MNIST's margins, cropped tight and scanned coarsely (<see cref="RealWorldPictures"/>). Chosen on
    /// pictures, not model inputs, since a picture's digit is read less surely than MNIST's own 28×28 and the verdict is
    /// met through <c>PredictImage</c>; chosen on validation digits, since the test digits measure it.
    /// </summary>
    private static double PictureThreshold(PretrainedCnn network, DigitDataset validation, string scratchModel)
    {
        network.ExportOnnx(scratchModel);
        try
        {
            using var classifier = DigitClassifier.Load(scratchModel);
            var (pixels, _) = TestPixels(validation);
            var confidences = new float[pixels.Length * ThresholdLayouts.Length];
            Parallel.For(0, pixels.Length, i =>
            {
                for (var layout = 0; layout < ThresholdLayouts.Length; layout++)
                {
                    var read = classifier.PredictImage(new MemoryStream(ThresholdLayouts[layout](pixels[i])));
                    confidences[(i * ThresholdLayouts.Length) + layout] = read.IsBlank ? 0 : read.Confidence;
                }
            });

            return NotADigitThreshold.Choose(confidences);
        }
        finally
        {
            File.Delete(scratchModel);
        }
    }

    /// <summary>How the validation digits are laid out to choose the threshold: as the card's picture sets lay out test digits.</summary>
    private static readonly Func<byte[], byte[]>[] ThresholdLayouts =
    [
        RealWorldPictures.Drawn,
        mnist => Encoded(RealWorldPictures.TightCrop(mnist)),
        mnist => Encoded(RealWorldPictures.CoarseScan(mnist)),
    ];

    private static byte[] Encoded((byte[] Pixels, int Height, int Width) picture)
        => RobustnessPictures.Png(picture.Pixels, new SkiaSharp.SKImageInfo(picture.Width, picture.Height, SkiaSharp.SKColorType.Gray8, SkiaSharp.SKAlphaType.Opaque));

    /// <summary>The test images as the data set stores them (bytes, light ink on dark), with their labels.</summary>
    internal static (byte[][] Pixels, byte[] Labels) TestPixels(DigitDataset test)
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
        DigitClassifier classifier, EvaluationReport report, double torchAccuracy, string checkpoint, TrainingRecipe recipe, PretrainedOptions options,
        RobustnessReport modelLevel, RobustnessReport picturePath, IReadOnlyList<(RobustnessPictures.PictureSet Set, double Accuracy)> pictures, PretrainedConfidence confidence, byte[] model, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        var history = Checkpoint.Read(checkpoint).History;
        var unseen = Corruptions.Format(PretrainedRecipe.Unseen);
        Line($"# digits-pretrained.onnx — the pretrained MNIST digit model of Digits.Sdk.Inference");
        Line($"");
        Line($"`DigitClassifier.LoadPretrained()` returns this model: one {classifier.Metadata.NetworkName} (`samples/PretrainedModel/PretrainedCnn.cs`), trained to read pictures that are not laid out like MNIST's.");
        Line($"");
        Line($"| | |");
        Line($"|---|---|");
        Line($"| MNIST test accuracy (10,000 images, through ONNX Runtime) | **{report.Accuracy:P2}** |");
        Line($"| MNIST test accuracy through the picture path (first {picturePath.SampleCount:N0}, drawn as pictures, read with `PredictImage`) | {picturePath.Clean.Accuracy:P2} |");
        Line($"| MNIST-C, 15 families, mean (model-level, 10,000 each / picture path, {picturePath.SampleCount:N0} each) | {modelLevel.MeanAccuracy:P2} / {picturePath.MeanAccuracy:P2} |");
        Line($"| lowest family (model-level / picture path) | {Lowest(modelLevel)} / {Lowest(picturePath)} |");
        Line($"| macro precision / recall / F1 | {report.MacroAverage.Precision:F4} / {report.MacroAverage.Recall:F4} / {report.MacroAverage.F1:F4} |");
        Line($"| size | {model.Length:N0} bytes |");
        Line($"| sha256 | `{Convert.ToHexStringLower(SHA256.HashData(model))}` |");
        Line($"| weights digest | `{classifier.Metadata.WeightsDigest}` (`digits.weights_sha256`, checked by `DigitClassifier` on load) |");
        Line($"| metadata | data set `{classifier.Metadata.Dataset}`, classes 0-9, input [1, 28, 28], mean {classifier.Metadata.NormalizationMean[0]}, std {classifier.Metadata.NormalizationStandardDeviation[0]}, preprocessing `{classifier.Metadata.Preprocessing}` |");
        Line($"| made by | `dotnet run --project samples/PretrainedModel -c Release{(options.Seed == 42 ? string.Empty : $" -- --seed {options.Seed}")}` |");
        Line($"| time here | {history.Sum(epoch => epoch.Duration.TotalMinutes):0} min of training on 2 CPU cores shared with other jobs; the whole command, measuring included, {elapsed.TotalMinutes:0} min (a run that loads the checkpoint only measures) |");
        Line($"");
        Line($"## Data and recipe");
        Line($"");
        Line($"MNIST's 60,000 training images (checked by checksum): {60_000 - PretrainedRecipe.ValidationImages:N0} to train on and {PretrainedRecipe.ValidationImages:N0} held out (a stratified split, seed {options.Seed}) to fit the temperature and the not-a-digit threshold; the 10,000 test images were used only for the figures here. The network was trained with `{recipe}`; its MNIST test accuracy in TorchSharp is {torchAccuracy:P2}.");
        Line($"");
        Line($"- The stroke augmentation (`Augment.StrokeWidth`, {PretrainedRecipe.StrokeAugmentation}) blends each training image with its 3×3 dilation or erosion, so broader and finer pens than MNIST's are read too; the affine one shifts, rotates and scales.");
        Line($"- Corruption augmentation (`Augment.Corruptions`, {PretrainedRecipe.CorruptionAugmentation}) corrupts that share of the training images with one of MNIST-C's families, drawn at random. Three families were **held out of training** and are reported as unseen: {unseen}. Each has a trained relative (impulse noise, glass blur, zigzag), as a new kind of noise, blur or line in a user's picture would.");
        Line($"");
        Line($"## Corruptions (MNIST-C families, seed {CorruptionSeed})");
        Line($"");
        Line($"Model-level: each family applied to all 10,000 test images, read by the ONNX model as 28×28 inputs. Picture path: the first {picturePath.SampleCount:N0} test images of each family drawn as 112×112 dark-on-light PNGs and read with `PredictImage` (decoding and the digit preprocessing included). The same figures come from `digits evaluate --pretrained --data <mnist> --corruptions all [--pictures --limit {PictureLimit}] --unseen {string.Join(",", PretrainedRecipe.Unseen.Select(Corruptions.Name))}`.");
        Line($"");
        Line($"| family | model-level | picture path | blank (picture path) |");
        Line($"|---|---:|---:|---:|");
        Line($"| clean | {modelLevel.Clean.Accuracy:P2} | {picturePath.Clean.Accuracy:P2} | {picturePath.Clean.Blank} |");
        foreach (var (family, pictured) in modelLevel.Families.Zip(picturePath.Families))
        {
            Line($"| {family.Name}{(family.Unseen ? " (unseen)" : string.Empty)} | {family.Accuracy:P2} | {pictured.Accuracy:P2} | {pictured.Blank} |");
        }

        Line($"| **mean** | **{modelLevel.MeanAccuracy:P2}** | **{picturePath.MeanAccuracy:P2}** | |");
        Line($"| mean of the unseen | {modelLevel.UnseenFamilies.Average(f => f.Accuracy):P2} | {picturePath.UnseenFamilies.Average(f => f.Accuracy):P2} | |");
        Line($"");
        foreach (var line in confidence.CardLines())
        {
            text.AppendLine(line);
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
        Line($"Made by `samples/PretrainedModel/RobustnessPictures.cs` with SkiaSharp and classified with `PredictImage`, which applies the model's digit preprocessing; a digit answered \"not a digit\" counts as wrong.");
        Line($"");
        Line($"| set | pictures | accuracy | how they were made |");
        Line($"|---|---:|---:|---|");
        foreach (var (set, accuracy) in pictures)
        {
            Line($"| {set.Name} | {set.Pictures.Count} | {accuracy:P2} | {set.HowMade} |");
        }

        return text.ToString();
    }

    private static string Lowest(RobustnessReport report)
    {
        var lowest = report.Families.MinBy(family => family.Accuracy)!;
        return string.Create(CultureInfo.InvariantCulture, $"{lowest.Name} {lowest.Accuracy:P2}");
    }
}
