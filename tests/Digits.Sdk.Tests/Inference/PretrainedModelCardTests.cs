using System.Globalization;
using System.Text.RegularExpressions;
using Digits.Sdk.Data;
using Digits.Sdk.Inference;
using Digits.Sdk.Robustness;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Tests.TestSupport;

namespace Digits.Sdk.Tests.Inference;

/// <summary>
/// The pretrained model's card states what the model does on corrupted and re-laid-out digits; these tests measure it
/// again, the way samples/PretrainedModel measured it, and hold every figure to within 0.3 points.
/// </summary>
public sealed partial class PretrainedModelCardTests
{
    /// <summary>How far a re-measured figure may be from the card's, in percentage points.</summary>
    private const double Tolerance = 0.3;

    private static string Card => File.ReadAllText(
        Path.Combine(BuildEnvironment.RepositoryRoot, "src", "Digits.Sdk.Inference", "models", "digits-pretrained.md"));

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Every_corruption_figure_of_the_card_is_re_measured_within_three_tenths_of_a_point()
    {
        var card = Card;
        var seed = int.Parse(SeedLine().Match(card).Groups[1].Value, CultureInfo.InvariantCulture);
        var limit = int.Parse(LimitLine().Match(card).Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        var rows = FamilyRow().Matches(card).ToDictionary(row => row.Groups[1].Value, row => (ModelLevel: Percent(row.Groups[3]), Pictures: Percent(row.Groups[4])));
        Assert.Equal(16, rows.Count); // clean and the 15 families
        using var test = await Datasets.LoadTestFolderAsync(TestData.Mnist);
        using var classifier = DigitClassifier.LoadPretrained();

        var options = new RobustnessOptions { Seed = seed };
        var modelLevel = classifier.EvaluateRobustness(test, options);
        var pictures = classifier.EvaluatePictureRobustness(test, options with { Limit = limit });

        var measured = new List<string>();
        void Check(string name, double stated, double accuracy)
        {
            measured.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {100 * accuracy:F2} (card {stated:F2})"));
            Assert.True(Math.Abs((100 * accuracy) - stated) <= Tolerance, $"{name}: {100 * accuracy:F2}% measured, {stated:F2}% on the card. All so far: {string.Join("; ", measured)}");
        }

        Check("clean, model-level", rows["clean"].ModelLevel, modelLevel.Clean.Accuracy);
        Check("clean, pictures", rows["clean"].Pictures, pictures.Clean.Accuracy);
        foreach (var (family, pictured) in modelLevel.Families.Zip(pictures.Families))
        {
            Check(family.Name + ", model-level", rows[family.Name].ModelLevel, family.Accuracy);
            Check(family.Name + ", pictures", rows[family.Name].Pictures, pictured.Accuracy);
        }
    }

    [Theory]
    [InlineData("tight crops")]
    [InlineData("coarse scans")]
    [Trait("Category", "Slow")]
    public void The_cards_tight_crop_and_coarse_scan_figures_are_re_measured_within_three_tenths_of_a_point(string set)
    {
        var row = Regex.Match(Card, $@"^\| {set} \| (\d+) \| ([0-9.]+) % \|", RegexOptions.Multiline);
        Assert.True(row.Success, $"The card has no '{set}' row.");
        var count = int.Parse(row.Groups[1].Value, CultureInfo.InvariantCulture);
        var (images, labels) = MnistSamples.FullTestSet;
        using var classifier = DigitClassifier.LoadPretrained();

        var correct = 0;
        for (var i = 0; i < count; i++)
        {
            var (pixels, height, width) = set == "tight crops" ? RealWorldPictures.TightCrop(images[i]) : RealWorldPictures.CoarseScan(images[i]);
            // A digit refused as "not a digit" is wrong, as on the card.
            var read = classifier.PredictImage(new MemoryStream(DigitImages.StoredPng(pixels, height, width)));
            correct += read.Verdict == PredictionVerdict.Digit && read.Label == labels[i] ? 1 : 0;
        }

        var accuracy = 100.0 * correct / count;
        var stated = Percent(row.Groups[2]);
        Assert.True(Math.Abs(accuracy - stated) <= Tolerance, $"{set}: {accuracy:F2}% measured on {count} pictures, {stated:F2}% on the card.");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task The_cards_calibration_is_re_measured_and_its_expected_calibration_error_is_at_most_one_percent()
    {
        var row = Regex.Match(Card, @"^\| expected calibration error \(15 bins\) \| ([0-9.]+) % \| \*\*([0-9.]+) %\*\* \|$", RegexOptions.Multiline);
        Assert.True(row.Success, "The card has no expected-calibration-error row.");
        using var test = await Datasets.LoadTestFolderAsync(TestData.Mnist);
        using var classifier = DigitClassifier.LoadPretrained();

        var calibration = Digits.Sdk.Evaluation.ClassifierEvaluation.Evaluate(classifier, test).Calibration!;

        var stated = Percent(row.Groups[2]);
        Assert.True(Math.Abs((100 * calibration.ExpectedCalibrationError) - stated) <= Tolerance, $"ECE {100 * calibration.ExpectedCalibrationError:F2}% measured, {stated:F2}% on the card.");
        Assert.True(calibration.ExpectedCalibrationError <= 0.01, $"ECE {calibration.ExpectedCalibrationError:P2} on the MNIST test set; the target is 1% at most.");
        Assert.True(calibration.ExpectedCalibrationError < Percent(row.Groups[1]) / 100, "The temperature did not lower the expected calibration error.");
        Assert.NotEqual(1, classifier.Metadata.Temperature);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void The_cards_letters_row_is_re_measured_and_blank_pages_stay_no_digit_found()
    {
        var row = Regex.Match(Card, @"^\| printed letters and symbols [^|]+\| [^|]+\| ([0-9,]+) \| ([0-9.]+) \| ([0-9.]+) % \|", RegexOptions.Multiline);
        Assert.True(row.Success, "The card has no printed-letters row.");
        using var classifier = DigitClassifier.LoadPretrained();
        Assert.NotNull(classifier.Metadata.NotADigitBelow);

        var letters = NotDigitPictures.PrintedSymbols();
        var refused = letters.Count(p => classifier.PredictImage(new MemoryStream(p.Png)).Verdict != PredictionVerdict.Digit);

        Assert.Equal(int.Parse(row.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture), letters.Count);
        var measured = 100.0 * refused / letters.Count;
        // The card rounds this share to a tenth of a point.
        Assert.True(Math.Abs(measured - Percent(row.Groups[3])) <= Tolerance, $"{measured:F2}% of the letters refused, {Percent(row.Groups[3]):F1}% on the card.");
        Assert.Equal(PredictionVerdict.NoDigitFound, classifier.Predict(new byte[784]).Verdict);
    }

    private static double Percent(Group group) => double.Parse(group.Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^## Corruptions \(MNIST-C families, seed (\d+)\)", RegexOptions.Multiline)]
    private static partial Regex SeedLine();

    [GeneratedRegex(@"Picture path: the first ([0-9,]+) test images of each family")]
    private static partial Regex LimitLine();

    [GeneratedRegex(@"^\| (clean|[a-z_]+)( \(unseen\))? \| ([0-9.]+) % \| ([0-9.]+) % \| \d+ \|$", RegexOptions.Multiline)]
    private static partial Regex FamilyRow();
}
