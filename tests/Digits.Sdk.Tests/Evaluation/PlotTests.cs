using Digits.Sdk.Evaluation;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Training;

namespace Digits.Sdk.Tests.Evaluation;

public sealed class PlotTests : IDisposable
{
    private readonly TemporaryFolder temporary = new("digits-plots");

    private string Folder => temporary.Path;

    public void Dispose() => temporary.Dispose();

    [Fact]
    public void Training_curves_are_a_png_of_the_requested_size_with_both_curves_drawn()
    {
        var history = Enumerable.Range(1, 12)
            .Select(epoch => Epoch(
                epoch,
                trainLoss: 2.3 / epoch,
                trainAccuracy: 1 - (0.9 / epoch),
                validationLoss: (2.3 / epoch) + 0.05,
                validationAccuracy: 1 - (0.9 / epoch) - 0.02))
            .ToArray();
        var path = Path.Combine(Folder, "curves.png");

        Plots.TrainingCurves(history, width: 1000, height: 400).SavePng(path);

        PngAssert.IsPicture(path, 1000, 400, minimumColours: 32);
        using var bitmap = SkiaSharp.SKBitmap.Decode(path);
        foreach (var (panel, left) in new[] { ("loss", 0), ("accuracy", 500) })
        {
            using var half = new SkiaSharp.SKBitmap(500, 400);
            Assert.True(bitmap.ExtractSubset(half, SkiaSharp.SKRectI.Create(left, 0, 500, 400)));
            Assert.True(CountNear(half, new SkiaSharp.SKColor(0x1F, 0x77, 0xB4)) > 200, $"The {panel} panel has no training curve (blue).");
            Assert.True(CountNear(half, new SkiaSharp.SKColor(0xFF, 0x7F, 0x0E)) > 100, $"The {panel} panel has no validation curve (orange).");
        }
    }

    [Fact]
    public void Training_curves_without_validation_still_draw()
    {
        var history = new[] { Epoch(1, 0.9, 0.7), Epoch(2, 0.5, 0.85) };
        var path = Path.Combine(Folder, "train-only.png");

        Plots.TrainingCurves(history).SavePng(path);

        PngAssert.IsPicture(path, 1200, 480);
    }

    [Fact]
    public void An_empty_history_is_rejected_with_a_reason()
    {
        var error = Assert.Throws<ArgumentException>(() => Plots.TrainingCurves([]));
        Assert.Contains("at least one epoch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_confusion_matrix_heat_map_is_saved_from_the_report()
    {
        var predictions = SeededPredictions.Generate(seed: 7, classCount: 10, samples: 3_000);
        var report = EvaluationReport.Create(predictions.TrueLabels, predictions.PredictedLabels);
        var path = Path.Combine(Folder, "nested", "confusion.png");

        report.SaveConfusionMatrixPng(path, width: 760, height: 680);

        PngAssert.IsPicture(path, 760, 680, minimumColours: 32);
    }

    [Fact]
    public void Long_class_names_fit_in_the_heat_map()
    {
        string[] names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];
        var predictions = SeededPredictions.Generate(seed: 8, classCount: 10, samples: 1_000);
        var report = EvaluationReport.Create(predictions.TrueLabels, predictions.PredictedLabels, names);
        var path = Path.Combine(Folder, "fashion.png");

        Plots.ConfusionMatrix(report).SavePng(path);

        PngAssert.IsPicture(path, 800, 700, minimumColours: 32);
    }

    [Fact]
    public void Misclassified_real_digits_are_drawn_in_a_grid_sized_to_fit()
    {
        var (images, labels) = MnistTestImages.Read(200);
        // A classifier that is wrong on every seventh digit, always answering "one more".
        var predicted = labels.Select((label, i) => i % 7 == 0 ? (label + 1) % 10 : label).ToArray();
        var mistakes = predicted.Where((p, i) => p != labels[i]).Count();
        var path = Path.Combine(Folder, "misclassified.png");

        var image = Plots.MisclassifiedGrid(images, labels, predicted, columns: 8);
        image.SavePng(path);

        var rows = (mistakes + 7) / 8;
        Assert.True(image.Height > rows * 28 * 3, $"{rows} rows of 84-pixel digits do not fit in {image.Height} pixels.");
        PngAssert.IsPicture(path, image.Width, image.Height, minimumColours: 32);
    }

    [Fact]
    public void Float_images_at_any_scale_draw_the_same_grid_as_bytes()
    {
        var (images, labels) = MnistTestImages.Read(30);
        var predicted = labels.Select(label => (label + 3) % 10).ToArray();
        // MNIST normalised with its mean and standard deviation, as a training pipeline feeds it.
        var normalised = images.Select(b => ((b / 255f) - 0.1307f) / 0.3081f).ToArray();

        var fromBytes = Plots.MisclassifiedGrid(images, labels, predicted);
        var fromFloats = Plots.MisclassifiedGrid(normalised, labels, predicted);

        Assert.Equal(fromBytes.Width, fromFloats.Width);
        Assert.Equal(fromBytes.Height, fromFloats.Height);
        using var a = SkiaSharp.SKBitmap.Decode(fromBytes.ToPng());
        using var b = SkiaSharp.SKBitmap.Decode(fromFloats.ToPng());
        var differing = a.Pixels.Zip(b.Pixels).Count(pair => Distance(pair.First, pair.Second) > 6);
        Assert.True(differing < a.Pixels.Length / 100, $"{differing} pixels differ between the byte and float renderings.");
    }

    [Fact]
    public void A_grid_without_mistakes_says_so_instead_of_failing()
    {
        var (images, labels) = MnistTestImages.Read(20);

        var image = Plots.MisclassifiedGrid(images, labels, labels);

        Assert.True(image.Width >= 16 && image.Height >= 16);
        using var bitmap = SkiaSharp.SKBitmap.Decode(image.ToPng());
        Assert.Contains(bitmap.Pixels, pixel => pixel != SkiaSharp.SKColors.White);
    }

    [Fact]
    public void Images_that_do_not_match_the_labels_are_rejected_with_the_sizes()
    {
        var error = Assert.Throws<ArgumentException>(() => Plots.MisclassifiedGrid(new byte[100], [1, 2], [2, 1]));
        Assert.Contains("1568", error.Message, StringComparison.Ordinal);
        Assert.Contains("100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Saving_replaces_an_existing_file_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(Folder, "replaced.png");
        File.WriteAllText(path, "not a png");

        Plots.TrainingCurves([Epoch(1, 1.0, 0.5)], 400, 300).SavePng(path);

        PngAssert.IsPicture(path, 400, 300);
        Assert.Equal(["replaced.png"], Directory.GetFiles(Folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Plot_text_has_a_font_with_digit_glyphs()
    {
        Assert.True(
            Digits.Sdk.Evaluation.PlotFonts.CanDrawDigits,
            $"Skia found no font with digits (it resolved '{Digits.Sdk.Evaluation.PlotFonts.FamilyName}'), so plot labels would be invisible. Install one: 'apt-get install -y fonts-dejavu-core'.");
    }

    private static int CountNear(SkiaSharp.SKBitmap bitmap, SkiaSharp.SKColor colour) =>
        bitmap.Pixels.Count(pixel => Distance(pixel, colour) < 40);

    private static int Distance(SkiaSharp.SKColor a, SkiaSharp.SKColor b) =>
        Math.Abs(a.Red - b.Red) + Math.Abs(a.Green - b.Green) + Math.Abs(a.Blue - b.Blue);

    /// <summary>An epoch's metrics with only what the curves draw; the rest are plausible placeholders the plot ignores.</summary>
    private static EpochMetrics Epoch(int epoch, double trainLoss, double trainAccuracy, double? validationLoss = null, double? validationAccuracy = null)
        => new(epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy, LearningRate: 1e-3, Duration: TimeSpan.FromSeconds(1), ImagesPerSecond: 1_000);
}
